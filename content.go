// Package cablesite holds the files that the generator builds every site
// with: the templates, the style sheet and script, and the Markdown pages;
// and the host's settings (netlify.toml) that cablesite serve applies.
// It is the only place that embeds files; every other package takes an
// fs.FS, so that a user's folder can stand in for any of these.
package cablesite

import (
	"embed"
	"io/fs"
)

//go:embed templates/*.html
var templates embed.FS

//go:embed assets
var assets embed.FS

//go:embed content/*.md
var pages embed.FS

//go:embed netlify.toml
var netlify []byte

// Netlify returns the host's settings, netlify.toml: its headers and
// redirects are what cablesite serve applies, as the host does.
func Netlify() []byte { return netlify }

// Templates returns the page templates (templates/*.html).
func Templates() fs.FS { return sub(templates, "templates") }

// Assets returns the style sheet, script and other files copied into every
// site (assets/).
func Assets() fs.FS { return sub(assets, "assets") }

// Pages returns the Markdown pages (content/*.md).
func Pages() fs.FS { return sub(pages, "content") }

func sub(f embed.FS, dir string) fs.FS {
	s, err := fs.Sub(f, dir)
	if err != nil {
		panic(err) // the folder is embedded above
	}
	return s
}
