package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"

	"cablesite"
	"cablesite/generator"
	"cablesite/generator/render"
)

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("build", "[flags] [PATH ...]", `Build reads cables and writes the website into one folder that can be
published on any static host or opened from disk. A PATH is a file or a
folder, read recursively; the layout of each file is detected (original site
pages, cables.csv, plain text). With no PATH it builds the sample archive in
content/cables.

The site is written beside the output folder and replaces it only when the
build succeeds. Records that cannot be read are listed at the end; the build
goes on without them unless -strict is given. When two records have the same
reference ID, the later one (in the order the paths are read) wins.`, stderr)
	out := fs.String("o", "public", "output `folder`")
	baseURL := fs.String("base-url", "", "absolute `URL` the site is published at (for canonical, share and OpenGraph links)")
	strict := fs.Bool("strict", false, "fail on the first record that cannot be read")
	released := newReleasedFlag(fs)
	templates := fs.String("templates", "", "`folder` of templates that replace the built-in ones file by file")
	assets := fs.String("assets", "", "`folder` of assets that replace the built-in ones file by file")
	content := fs.String("content", "", "`folder` of Markdown pages that replace the built-in ones file by file")
	workers := fs.Int("workers", 0, "goroutines to use (0: one per core)")
	quiet := fs.Bool("q", false, "print nothing but errors")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile to `file`")
	memprofile := fs.String("memprofile", "", "write a heap profile to `file` at the end")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	stop, err := startProfiles(*cpuprofile, *memprofile)
	if err != nil {
		return err
	}
	defer stop()
	paths, err := inputs(fs.Args())
	if err != nil {
		return err
	}
	cfg := generator.Config{
		Inputs:    paths,
		Out:       *out,
		BaseURL:   *baseURL,
		Strict:    *strict,
		Released:  released.t,
		Templates: overlay(*templates, cablesite.Templates()),
		Assets:    overlay(*assets, cablesite.Assets()),
		Pages:     overlay(*content, cablesite.Pages()),
		Workers:   *workers,
	}
	if !*quiet {
		cfg.Log = stderr
	}
	rep, err := generator.Build(ctx, cfg)
	report(stderr, rep, *quiet)
	if err != nil {
		return err
	}
	if !*quiet {
		fmt.Fprintf(stderr, "site written to %s in %s\n", *out, rep.Elapsed.Round(1e6))
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
			fmt.Fprintf(w, "ignored: %s: not a cable file\n", f)
		}
	}
	fmt.Fprintln(w, rep.Summary())
}
