// Package corpuspages gives tests every original site page of the corpus
// (../shared/corpus/cablegate-html.tar.xz), read as the build reads it.
package corpuspages

import (
	"os"
	"path/filepath"
	"testing"

	"cablesite/generator/cable"
	"cablesite/generator/internal/testcorpus"
	"cablesite/generator/source"
)

// Each calls fn with the path, bytes and cable of every cable page of the
// original site, in order, and returns how many there were; a page that
// cannot be read fails the test.
func Each(t testing.TB, fn func(path string, data []byte, c *cable.Cable)) int {
	t.Helper()
	dir := testcorpus.Unpacked(t, "cablegate-html.tar.xz")
	files, _, err := source.Files([]string{filepath.Join(dir, "cable")})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		c, err := source.ParseHTML(f, data, source.Options{})
		if err != nil {
			t.Fatal(err)
		}
		fn(f, data, c)
	}
	return len(files)
}
