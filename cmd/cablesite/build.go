package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"cablesite"
	"cablesite/generator"
	"cablesite/generator/render"
)

const buildDoc = `Build reads cables and writes the website into one folder that can be
published on any static host or opened from disk. A PATH is a file or a
folder, read recursively; the layout of each file is detected (original site
pages, cables.csv, plain text). With no PATH it builds the sample archive in
content/cables.

A first build writes the whole site into a folder beside the output folder
and puts it in its place only when the build succeeds. A rebuild reads
again only the records that changed and writes only the pages that show
what changed, through a journal that an interrupted rebuild is completed
from. Either way a failed or interrupted build (Ctrl-C) leaves the previous
site whole. What a rebuild needs is kept beside the site, in .NAME.state.

Records that cannot be read are listed at the end; the build goes on
without them unless -strict is given. When two records have the same
reference ID, the later one (in the order the paths are read) wins.`

// buildFlags are the flags of the build command.
type buildFlags struct {
	out, baseURL, name, about     *string
	strict, full, search, quiet   *bool
	released                      *releasedFlag
	templates, assets, content    *string
	workers                       *int
	report                        *string
	cpuprofile, memprofile, trace *string
	releases                      []generator.Release
}

func newBuildFlags(fs *flag.FlagSet) *buildFlags {
	f := &buildFlags{
		out:        fs.String("o", "public", "output `folder`"),
		baseURL:    fs.String("base-url", "", "absolute `URL` the site is published at: canonical and share links, sitemap, card for link previews"),
		name:       fs.String("name", "Cablegate archive", "the site's `name`, in every title and header, the feed and the card"),
		about:      fs.String("description", "", "a `sentence` about the site for its home page, feed and link previews (default: one with the count of cables)"),
		strict:     fs.Bool("strict", false, "fail on the first record that cannot be read"),
		released:   newReleasedFlag(fs),
		templates:  fs.String("templates", "", "`folder` of templates that replace the built-in ones file by file"),
		assets:     fs.String("assets", "", "`folder` of assets that replace the built-in ones file by file"),
		content:    fs.String("content", "", "`folder` of Markdown pages that replace the built-in ones file by file"),
		full:       fs.Bool("full", false, "write every page, as if there were no previous build"),
		search:     fs.Bool("search", true, "write the search page and its index (-search=false leaves them out)"),
		workers:    fs.Int("workers", 0, "goroutines to use (0: one per core)"),
		quiet:      fs.Bool("q", false, "print nothing but errors"),
		report:     fs.String("report", "", "write what the build did to `file`, as JSON"),
		cpuprofile: fs.String("cpuprofile", "", "write a CPU profile to `file`"),
		memprofile: fs.String("memprofile", "", "write a heap profile to `file` at the end"),
		trace:      fs.String("trace", "", "write an execution trace to `file` (go tool trace reads it)"),
	}
	fs.Func("release", "a release of the archive, `LABEL=PATH`, oldest first (repeat it; a PATH as for build): the newest release's version of each cable is shown, the others are its history", func(v string) error {
		label, path, ok := strings.Cut(v, "=")
		if !ok || label == "" || path == "" {
			return fmt.Errorf("want LABEL=PATH, not %q", v)
		}
		if n := len(f.releases); n > 0 && f.releases[n-1].Label == label {
			f.releases[n-1].Inputs = append(f.releases[n-1].Inputs, path)
			return nil
		}
		f.releases = append(f.releases, generator.Release{Label: label, Inputs: []string{path}})
		return nil
	})
	return f
}

// inputs returns the releases to read, or the paths of one release.
func (f *buildFlags) inputs(args []string) ([]string, error) {
	if len(f.releases) == 0 {
		return inputs(args)
	}
	if len(args) > 0 {
		return nil, fmt.Errorf("give either -release LABEL=PATH or PATHs, not both")
	}
	for _, r := range f.releases {
		if _, err := inputs(r.Inputs); err != nil {
			return nil, err
		}
	}
	return nil, nil
}

// config returns the build's configuration for the input paths.
func (f *buildFlags) config(paths []string) generator.Config {
	return generator.Config{
		Inputs:    paths,
		Releases:  f.releases,
		Out:       *f.out,
		BaseURL:   *f.baseURL,
		Name:      *f.name,
		About:     *f.about,
		Strict:    *f.strict,
		Released:  f.released.t,
		Templates: overlay(*f.templates, cablesite.Templates()),
		Assets:    overlay(*f.assets, cablesite.Assets()),
		Pages:     overlay(*f.content, cablesite.Pages()),
		Workers:   *f.workers,
		Full:      *f.full,
		NoSearch:  !*f.search,

		BoundMemory: true,
	}
}

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("build", "[flags] [PATH ...]", buildDoc, stdout)
	f := newBuildFlags(fs)
	args, err := parseFlags(fs, args, stderr)
	if err != nil {
		return err
	}
	stop, err := startProfiles(*f.cpuprofile, *f.memprofile, *f.trace)
	if err != nil {
		return err
	}
	defer stop()
	paths, err := f.inputs(args)
	if err != nil {
		return err
	}
	cfg := f.config(paths)
	if !*f.quiet {
		cfg.Log = stderr
		if isTerminal(stderr) {
			cfg.Progress = &generator.Progress{}
			done := showProgress(stderr, cfg.Progress)
			defer done()
		}
	}
	rep, err := generator.Build(ctx, cfg)
	if cfg.Progress != nil {
		clearLine(stderr)
	}
	report(stderr, rep, *f.quiet)
	if *f.report != "" {
		if werr := writeReport(*f.report, rep, err); werr != nil && err == nil {
			err = werr
		}
	}
	if err != nil {
		return err
	}
	if !*f.quiet {
		what := map[string]string{"full": "site written to", "update": "site updated in", "unchanged": "nothing changed in"}[rep.Mode]
		if *f.baseURL == "" {
			fmt.Fprintln(stderr, "no sitemap and no card for link previews: they need the address the site is published at (-base-url URL)")
		}
		fmt.Fprintf(stderr, "%s %s in %s\n", what, *f.out, rep.Elapsed.Round(time.Millisecond))
	}
	return nil
}

// overlay lays the folder dir, if given, over the built-in files.
func overlay(dir string, builtin fs.FS) fs.FS {
	if dir == "" {
		return builtin
	}
	return render.Overlay(os.DirFS(dir), builtin)
}

// report prints what a build did: every rejected record and duplicate, then
// the summary line.
func report(w io.Writer, rep *generator.Report, quiet bool) {
	if rep == nil {
		return
	}
	for _, e := range rep.Rejected {
		fmt.Fprintf(w, "rejected: %v\n", e)
	}
	if !quiet {
		for _, d := range rep.Duplicates {
			fmt.Fprintf(w, "%s\n", d)
		}
		for _, f := range rep.Ignored {
			fmt.Fprintf(w, "ignored: %s\n", f)
		}
		for _, k := range rep.Keyed {
			fmt.Fprintf(w, "address: %s\n", k)
		}
		for _, n := range rep.Notes {
			fmt.Fprintln(w, n)
		}
		if st := rep.Search; st != nil {
			fmt.Fprintf(w, "search index: %s cables, %s words, %s terms, %s postings; %s files, %s\n",
				render.Commas(st.Docs), render.Commas(st.Words), render.Commas(st.Terms), render.Commas(int(st.Postings)),
				render.Commas(rep.SearchFiles), bytesText(rep.SearchBytes))
		} else if rep.SearchFiles > 0 {
			fmt.Fprintf(w, "search index: %s files updated, %s\n", render.Commas(rep.SearchFiles), bytesText(rep.SearchBytes))
		}
		if rep.Citations > 0 {
			fmt.Fprintf(w, "%s references to cables, %s of them (%.0f%%) to cables of this site\n",
				render.Commas(rep.Citations), render.Commas(rep.CitationsInArchive), 100*float64(rep.CitationsInArchive)/float64(rep.Citations))
		}
		if rep.Mode == "update" || rep.Mode == "unchanged" {
			fmt.Fprintf(w, "%d of %d records read as before; %d of %d pages changed, %d removed\n",
				rep.Reused, rep.Read, rep.Written, rep.Pages, rep.Removed)
		}
	}
	fmt.Fprintln(w, rep.Summary())
}

// buildReport is what -report writes.
type buildReport struct {
	*generator.Report
	Rejected []string `json:"Rejected"`
	Error    string   `json:",omitempty"`
	Seconds  float64
}

func writeReport(file string, rep *generator.Report, err error) error {
	r := buildReport{Report: rep, Seconds: rep.Elapsed.Seconds()}
	for _, e := range rep.Rejected {
		r.Rejected = append(r.Rejected, e.Error())
	}
	if err != nil {
		r.Error = err.Error()
	}
	data, merr := json.MarshalIndent(r, "", "  ")
	if merr != nil {
		return merr
	}
	return os.WriteFile(file, append(data, '\n'), 0o644)
}
