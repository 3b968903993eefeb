package render

import (
	"errors"
	"io/fs"
	"slices"
)

// Overlay returns an FS that serves each file from top when top has it and
// from bottom otherwise, so that a user's folder can replace some of the
// embedded templates or assets and keep the rest. A nil top gives bottom.
func Overlay(top, bottom fs.FS) fs.FS {
	if top == nil {
		return bottom
	}
	return overlay{top, bottom}
}

type overlay struct{ top, bottom fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	f, err := o.top.Open(name)
	if err == nil {
		return f, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return o.bottom.Open(name)
}

// ReadDir lists the union of both folders.
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
	slices.SortFunc(out, func(a, b fs.DirEntry) int {
		if a.Name() < b.Name() {
			return -1
		}
		if a.Name() > b.Name() {
			return 1
		}
		return 0
	})
	return out, nil
}
