package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
)

// hugoCables is the size of the archive of the comparison with Hugo, which
// takes minutes where cablesite takes seconds.
const hugoCables = 20000

// compareHugo builds the synthetic archive of 20,000 cables with this
// cablesite (the search index included) and lays the same archive out as a
// Hugo site (peer-hugo) that Hugo builds, and prints both and the ratio of
// their times and memory. It does nothing when hugo is not installed.
func (o *options) compareHugo(ctx context.Context, r *report, self, run string, log io.Writer) error {
	hugo, err := exec.LookPath("hugo")
	if err != nil {
		fmt.Fprintln(r.out, "\n(no comparison with Hugo: hugo is not installed; apt-get install -y hugo)")
		return nil
	}
	archive, err := o.synthetic(ctx, hugoCables, log)
	if err != nil {
		return err
	}
	fmt.Fprintf(r.out, "\n%s cables, beside Hugo (%s):\n", commas(hugoCables), hugoVersion(hugo))
	r.header()
	ours, err := r.build(ctx, "cablesite", self, archive, "-o", filepath.Join(run, "hugo-ours"))
	if err != nil {
		return err
	}
	site := filepath.Join(run, "hugo-site")
	lay := exec.CommandContext(ctx, o.peerHugo, archive, site)
	lay.Stdout, lay.Stderr = log, log
	if err := lay.Run(); err != nil {
		return fmt.Errorf("peer-hugo: %w", err)
	}
	dropCaches()
	theirs, err := measure(ctx, hugo, "--quiet", "--source", site, "--destination", filepath.Join(site, "public"))
	if err != nil {
		return fmt.Errorf("hugo: %w", err)
	}
	theirs.files, theirs.bytes = countFiles(filepath.Join(site, "public"))
	r.row("hugo", theirs)
	fmt.Fprintf(r.out, "hugo / cablesite: %.1f times the time, %.1f times the memory\n",
		theirs.wall.Seconds()/ours.wall.Seconds(), float64(theirs.maxRSS)/float64(ours.maxRSS))
	return nil
}

func hugoVersion(hugo string) string {
	out, err := exec.Command(hugo, "version").Output()
	if err != nil {
		return "unknown version"
	}
	return string(out[:len(out)-1])
}

// countFiles counts the files of a folder and their bytes.
func countFiles(dir string) (files, bytes int64) {
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			files++
			bytes += info.Size()
		}
		return nil
	})
	return files, bytes
}
