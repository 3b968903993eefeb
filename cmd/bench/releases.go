package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
)

// secondRelease writes a second release of the archive in file: the same
// records, but for one in a hundred, whose first " the " in its text
// becomes " thy " (the same length, so that the records keep their
// places). It returns how many records changed.
func secondRelease(archive, file string) (int, error) {
	in, err := os.Open(archive)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	out, err := os.Create(file)
	if err != nil {
		return 0, err
	}
	w := bufio.NewWriterSize(out, 1<<20)
	r := bufio.NewReaderSize(in, 1<<20)
	records, changed, pending := 0, 0, false
	for {
		line, err := r.ReadSlice('\n')
		if len(line) > 1 && line[0] == '"' && line[1] >= '0' && line[1] <= '9' {
			records++
			pending = records%100 == 0
		}
		if pending {
			if i := bytes.Index(line, []byte(" the ")); i >= 0 {
				copy(line[i+1:], "thy")
				changed++
				pending = false
			}
		}
		w.Write(line)
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			break
		}
	}
	if err := w.Flush(); err != nil {
		out.Close()
		return 0, err
	}
	return changed, out.Close()
}

// releases times a cold build of the archive given as two releases, the
// second with one cable in a hundred changed, beside the cold build of the
// second alone.
func (o *options) releases(ctx context.Context, r *report, self, run string) error {
	second := filepath.Join(o.dir, "release-2-"+filepath.Base(o.archive))
	n, err := secondRelease(o.archive, second)
	if err != nil {
		return err
	}
	defer os.Remove(second)
	fmt.Fprintf(r.out, "\ntwo releases: the archive, then the same with %d cables changed (one in a hundred):\n", n)
	r.header()
	one, err := r.build(ctx, "one release", self, second, "-o", filepath.Join(run, "one-release"))
	if err != nil {
		return err
	}
	os.RemoveAll(filepath.Join(run, "one-release"))
	two, err := r.build(ctx, "two releases", self, "", "-release", "r1="+o.archive, "-release", "r2="+second, "-o", filepath.Join(run, "two-releases"))
	if err != nil {
		return err
	}
	os.RemoveAll(filepath.Join(run, "two-releases"))
	fmt.Fprintf(r.out, "two releases / one: %.2f the time, %.2f the memory\n", two.wall.Seconds()/one.wall.Seconds(), float64(two.maxRSS)/float64(one.maxRSS))
	return nil
}
