package render

import (
	"errors"
	"io"
	"io/fs"
	"slices"
	"strings"
)

// Overlay returns an FS that serves each file from top when top has it and
// from bottom otherwise, so that a user's folder can replace some of the
// embedded templates or assets and keep the rest. A folder lists the files
// of both. A nil top gives bottom.
func Overlay(top, bottom fs.FS) fs.FS {
	if top == nil {
		return bottom
	}
	return overlay{top, bottom}
}

type overlay struct{ top, bottom fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	f, err := o.top.Open(name)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if err == nil {
		info, statErr := f.Stat()
		if statErr != nil || !info.IsDir() {
			return f, statErr
		}
		entries, err := o.ReadDir(name)
		if err != nil {
			f.Close()
			return nil, err
		}
		return &dir{File: f, entries: entries}, nil
	}
	f, err = o.bottom.Open(name)
	if err != nil {
		return nil, err
	}
	if info, err := f.Stat(); err == nil && info.IsDir() {
		entries, err := o.ReadDir(name)
		if err != nil {
			f.Close()
			return nil, err
		}
		return &dir{File: f, entries: entries}, nil
	}
	return f, nil
}

// ReadDir lists the union of both folders, sorted by name.
func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	top, errTop := fs.ReadDir(o.top, name)
	bottom, errBottom := fs.ReadDir(o.bottom, name)
	if errTop != nil && errBottom != nil {
		return nil, errBottom
	}
	seen := map[string]bool{}
	var out []fs.DirEntry
	for _, e := range top {
		seen[e.Name()] = true
		out = append(out, e)
	}
	for _, e := range bottom {
		if !seen[e.Name()] {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return out, nil
}

// dir is an open folder of the overlay, listing the union of both.
type dir struct {
	fs.File
	entries []fs.DirEntry
	pos     int
}

func (d *dir) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.pos:]
	if n <= 0 {
		d.pos = len(d.entries)
		return rest, nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(rest))
	d.pos += n
	return rest[:n], nil
}
