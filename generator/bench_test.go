package generator

import (
	"os"
	"path/filepath"
	"testing"

	"cablesite"
	"cablesite/generator/cabletext"
	"cablesite/generator/index"
	"cablesite/generator/page"
	"cablesite/generator/render"
	"cablesite/generator/source"
)

// BenchmarkCablePage lays out and renders the page of one cable of the
// sample archive (the analysis of its text included), as emit does for
// every cable.
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
	r, err := render.New(cablesite.Templates(), page.Kinds)
	if err != nil {
		b.Fatal(err)
	}
	content, err := page.LoadContent(page.Settings{Name: "x", Total: ArchiveSize, Assets: cablesite.Assets(), Pages: cablesite.Pages()})
	if err != nil {
		b.Fatal(err)
	}
	pb := page.NewBuilder(arch, content.Site)
	b.ReportAllocs()
	b.SetBytes(int64(len(c.Text)))
	for b.Loop() {
		p := pb.Cable(0)
		p.SetText(c, cabletext.AnalyzeLayout(c))
		if err := r.Render(page.KindCable, p, func([]byte) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}
