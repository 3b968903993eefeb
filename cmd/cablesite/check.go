package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"cablesite/generator/linkcheck"
	"cablesite/generator/render"
	"cablesite/generator/search/check"
)

const checkDoc = `Check reads every HTML page of a built site (public/ by default) and
reports each internal link or anchor that does not resolve: a missing file,
a fragment with no element of that id, a link to a folder rather than a
file, or a root-relative link (which breaks when the site is opened from
disk). It then reads the search index back, when the site has one, and
checks that every file of it is well formed and that every cable its lists
name has its file. It exits non-zero when it finds a problem, and on a
folder that is not a built site.`

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("check", "[flags] [DIR]", checkDoc, stdout)
	max := fs.Int("max", 50, "print at most `n` problems (0: all)")
	workers := fs.Int("workers", 0, "goroutines reading pages (0: one per core)")
	args, err := parseFlags(fs, args, stderr)
	if err != nil {
		return err
	}
	dir := "public"
	switch len(args) {
	case 0:
	case 1:
		dir = args[0]
	default:
		fmt.Fprintf(stderr, "cablesite check: one folder at most, not %d\nRun \"cablesite check -h\" for its flags.\n", len(args))
		return errUsage
	}
	opt := linkcheck.Options{Workers: *workers}
	if isTerminal(stderr) {
		opt.Progress = &linkcheck.Progress{}
		done := every(func() {
			fmt.Fprintf(stderr, "\r\x1b[Kchecking: %s of %s pages", render.Commas(int(opt.Progress.Read.Load())), render.Commas(int(opt.Progress.Pages.Load())))
		})
		defer done()
	}
	res, err := linkcheck.Check(ctx, dir, opt)
	if opt.Progress != nil {
		clearLine(stderr)
	}
	if err != nil {
		return err
	}
	for i, p := range res.Problems {
		if *max > 0 && i == *max {
			fmt.Fprintf(stdout, "… and %d more\n", len(res.Problems)-i)
			break
		}
		fmt.Fprintln(stdout, p)
	}
	fmt.Fprintf(stderr, "%d pages, %d internal links (%d with an anchor), %d broken\n", res.Pages, res.Links, res.Anchors, len(res.Problems))
	failed := len(res.Problems) > 0
	if _, err := os.Stat(filepath.Join(dir, "search", "meta.js")); err == nil {
		sum, err := check.Check(dir)
		switch {
		case err != nil:
			fmt.Fprintf(stdout, "search index: %v\n", err)
			failed = true
		case len(sum.Problems) > 0:
			for i, p := range sum.Problems {
				if *max > 0 && i == *max {
					fmt.Fprintf(stdout, "… and %d more\n", len(sum.Problems)-i)
					break
				}
				fmt.Fprintf(stdout, "search index: %s\n", p)
			}
			fmt.Fprintf(stderr, "search index: %d problems\n", len(sum.Problems))
			failed = true
		default:
			fmt.Fprintf(stderr, "search index: %s cables, %s terms (%s words), %s postings, all well formed\n",
				render.Commas(sum.Cables), render.Commas(sum.Terms), render.Commas(sum.Words), render.Commas(int(sum.Postings)))
		}
	}
	if failed {
		return errFailed
	}
	return nil
}
