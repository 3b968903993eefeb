package generator

import (
	"os"
	"path/filepath"
	"testing"

	"cablesite"
	"cablesite/generator/cabletext"
	"cablesite/generator/index"
	"cablesite/generator/render"
	"cablesite/generator/source"
)

// BenchmarkCablePage renders the page of one cable of the sample archive
// (the analysis of its text included), as pass 2 does for every cable.
func BenchmarkCablePage(b *testing.B) {
	file := filepath.Join("..", "content", "cables", "html", "cable", "2009", "03", "09TRIPOLI208.html")
	data, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	c, err := source.ParseHTML(file, data, source.Options{})
	if err != nil {
		b.Fatal(err)
	}
	arch := index.New()
	d := cabletext.Analyze(c)
	arch.Add(c, d.Subject, d.Tags, d.IDs(), [16]byte{})
	arch.Finish()
	r, err := render.New(cablesite.Templates())
	if err != nil {
		b.Fatal(err)
	}
	bl := &builder{arch: arch, r: r, site: &render.Site{Name: "x", CSS: "a.css", JS: "a.js"}}
	b.ReportAllocs()
	b.SetBytes(int64(len(c.Text)))
	for b.Loop() {
		d := cabletext.Analyze(c)
		page, err := bl.cablePage(0, c.Header, c.Text, d)
		if err != nil {
			b.Fatal(err)
		}
		if err := r.Render(render.KindCable, page, func([]byte) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}
