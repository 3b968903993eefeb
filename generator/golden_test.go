package generator

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"cablesite/generator/internal/testcorpus"
)

// goldenInputs are a few cables of each layout: original pages that cite
// each other, a cables.csv file, the plain-text layout and a page copied
// from the original site.
func goldenInputs(t *testing.T) []string {
	root := testcorpus.ModuleRoot(t)
	html := filepath.Join(root, "content", "cables", "html", "cable")
	return []string{
		filepath.Join(html, "2009", "03", "09TRIPOLI208.html"),
		filepath.Join(html, "2008", "08", "08TRIPOLI679.html"),
		filepath.Join(html, "2009", "04", "09TRIPOLI359.html"),
		filepath.Join(html, "2008", "07", "08ECTION01OF02MANAMA492.html"),
		testcorpus.Path(t, "samples", "csv", "cables_sample.csv"),
		testcorpus.Path(t, "samples", "txt", "01PRETORIA1173.txt"),
		testcorpus.Path(t, "samples", "txt", "02ANKARA8852.txt"),
		testcorpus.Path(t, "samples", "seed", "10BEIJING326.txt"),
	}
}

// TestGolden renders the cable pages of goldenInputs and compares them
// with testdata/golden; go test -run Golden -update rewrites them.
func TestGolden(t *testing.T) {
	cfg := config(t, goldenInputs(t)...)
	mustBuild(t, cfg)
	pages := []string{
		"cable/2009/03/09TRIPOLI208.html",
		"cable/2008/08/08TRIPOLI679.html",
		"cable/2008/07/08ECTION01OF02MANAMA492.html",
		"cable/1966/12/66BUENOSAIRES2481.html",
		"cable/1972/02/72TEHRAN1164.html",
		"cable/2001/02/01PRETORIA1173.html",
		"cable/2002/12/02ANKARA8852.html",
		"cable/2010/02/10BEIJING326.html",
		"origin/embassy-tripoli_0.html",
		"tag/index.html",
		"search.html",
		// The search index: what it holds of the cable 10BEIJING326
		// (numbered by origin), and its counts and names.
		"search/d/0/0.js",
		"search/meta.js",
		"search/runs.js",
	}
	for _, p := range pages {
		got, err := os.ReadFile(filepath.Join(cfg.Out, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join("testdata", "golden", filepath.FromSlash(p))
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -run Golden -update to write it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s; if the change is meant, run go test ./generator -run Golden -update and review the diff", p, golden)
		}
	}
}
