package main

import (
	"context"
	"fmt"
	"io"

	"cablesite/generator/linkcheck"
)

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("check", "[DIR]", `Check reads every HTML page of a built site (public/ by default) and
reports each internal link or anchor that does not resolve: a missing file,
a fragment with no element of that id, a link to a folder rather than a
file, or a root-relative link (which breaks when the site is opened from
disk). It exits non-zero when it finds any.`, stderr)
	max := fs.Int("max", 50, "print at most `n` problems (0: all)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	dir := "public"
	switch fs.NArg() {
	case 0:
	case 1:
		dir = fs.Arg(0)
	default:
		fs.Usage()
		return errUsage
	}
	res, err := linkcheck.Check(ctx, dir)
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
	if len(res.Problems) > 0 {
		return errFailed
	}
	return nil
}
