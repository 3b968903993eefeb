package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"cablesite/generator"
	"cablesite/generator/cable"
)

// fullRelease is when the whole archive was published; cables whose
// source gives no release time are taken as released then.
const fullRelease = "2011-08-30 01:44"

// releasedFlag is a -released flag: a time in cable.TimeLayout or "".
type releasedFlag struct{ t cable.Time }

func (f *releasedFlag) String() string { return f.t.String() }
func (f *releasedFlag) Set(s string) error {
	t, err := cable.ParseTime(s)
	if err != nil {
		return err
	}
	f.t = t
	return nil
}

func newReleasedFlag(fs *flag.FlagSet) *releasedFlag {
	f := &releasedFlag{}
	f.Set(fullRelease)
	fs.Var(f, "released", "release `time` (YYYY-MM-DD HH:MM) of cables whose source gives none, as in cables.csv; \"\" leaves it unknown")
	return f
}

func runParse(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("parse", "[flags] [PATH ...]", `Parse reads cables and prints one JSON object per cable and line (JSON Lines):
id, created, released, classification, origin, subject, tags, references,
paragraphs, signer, partial_extract, source, line (in a CSV file) and format.
A PATH is a file or a folder, read recursively; the layout of each file is
detected (original site pages, cables.csv, plain text). Records that cannot be
read are listed on stderr.`, stdout)
	released := newReleasedFlag(fs)
	strict := fs.Bool("strict", false, "stop at the first record that cannot be read, with a non-zero exit")
	args, err := parseFlags(fs, args, stderr)
	if err != nil {
		return err
	}
	paths, err := inputs(args)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(stdout, 1<<16)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	st, err := generator.Parse(ctx, generator.ParseConfig{Inputs: paths, Released: released.t}, *strict, func(info generator.CableInfo) error {
		return enc.Encode(info)
	})
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	for _, e := range st.Rejected {
		fmt.Fprintf(stderr, "rejected: %v\n", e)
	}
	for _, f := range st.Ignored {
		fmt.Fprintf(stderr, "ignored: %s\n", f)
	}
	fmt.Fprintf(stderr, "%d cables read, %d rejected, %d files ignored\n", st.Read, len(st.Rejected), len(st.Ignored))
	if err != nil {
		return err
	}
	if *strict && len(st.Rejected) > 0 {
		return errFailed
	}
	return nil
}
