package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// pageSizes prints the files and bytes of the site in dir, by part, and
// the average size of a cable's page.
func pageSizes(dir string, out io.Writer) error {
	type part struct {
		files, bytes int64
	}
	parts := map[string]*part{}
	var order []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		name, _, found := strings.Cut(filepath.ToSlash(rel), "/")
		if !found {
			name = "(root)"
		}
		if parts[name] == nil {
			parts[name] = &part{}
			order = append(order, name)
		}
		parts[name].files++
		parts[name].bytes += info.Size()
		return nil
	})
	if err != nil {
		return err
	}
	var files, bytes int64
	fmt.Fprintf(out, "\n%-16s %12s %12s %12s\n", "site", "files", "bytes", "average")
	for _, name := range order {
		p := parts[name]
		files += p.files
		bytes += p.bytes
		fmt.Fprintf(out, "%-16s %12s %12s %12s\n", name, commas(p.files), bytesText(p.bytes), bytesText(p.bytes/max(p.files, 1)))
	}
	fmt.Fprintf(out, "%-16s %12s %12s %12s\n", "all", commas(files), bytesText(bytes), bytesText(bytes/max(files, 1)))
	if c := parts["cable"]; c != nil {
		fmt.Fprintf(out, "a cable's page: %s on average\n", bytesText(c.bytes/c.files))
	}
	if data, err := os.ReadFile(filepath.Join(dir, "_redirects")); err == nil {
		fmt.Fprintf(out, "_redirects: %d lines, %s\n", strings.Count(string(data), "\n"), bytesText(int64(len(data))))
	}
	return nil
}
