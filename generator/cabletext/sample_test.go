package cabletext

import (
	"os"
	"path/filepath"
	"testing"

	"cablesite/generator/internal/testcorpus"
	"cablesite/generator/source"
)

// SampleTexts returns the texts of the first n cables of 2009 of the sample
// archive (content/cables/html), which seed the fuzz tests.
func SampleTexts(tb testing.TB, n int) []string {
	files, _ := filepath.Glob(filepath.Join(testcorpus.ModuleRoot(tb), "content", "cables", "html", "cable", "2009", "*", "*.html"))
	var texts []string
	for _, file := range files[:min(len(files), n)] {
		data, err := os.ReadFile(file)
		if err != nil {
			tb.Fatal(err)
		}
		c, err := source.ParseHTML(file, data, source.Options{})
		if err != nil {
			tb.Fatal(err)
		}
		texts = append(texts, c.Text)
	}
	if len(texts) == 0 {
		tb.Fatal("no cables of 2009 in the sample archive")
	}
	return texts
}
