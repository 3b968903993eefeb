package plan

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"cablesite/generator/cable"
	"cablesite/generator/index"
	"cablesite/generator/internal/testcorpus"
	"cablesite/generator/page"
)

// TestRedirectsWholeArchive plans a site of every cable of the archive (the
// 251,287 IDs of the corpus's cable2month.csv.gz, each with its month, of
// the origins of the original site's numbered pages in turn) and checks
// that _redirects stays within what hosts take: Netlify asks for fewer than
// 10,000 rules; a rule with a splat serves every page of a numbered origin,
// so the file holds one for each origin and classification, and one for
// each malformed ID's canonical form.
func TestRedirectsWholeArchive(t *testing.T) {
	testcorpus.RequireFull(t)
	origins := legacyOriginNames(t)
	classes := []string{"CONFIDENTIAL", "CONFIDENTIAL//NOFORN", "SECRET", "SECRET//NOFORN", "UNCLASSIFIED", "UNCLASSIFIED//FOR OFFICIAL USE ONLY"}
	a := index.New()
	n := 0
	for _, c := range testcorpus.ArchiveIDs(t) {
		created := cable.NewTime(c.Year, c.Month, 1, 0, 0)
		a.Add(&cable.Cable{ID: c.ID, Created: created, Classification: classes[n%len(classes)], Origin: origins[n%len(origins)]}, "S", nil, nil, [16]byte{})
		n++
	}
	if n != 251287 {
		t.Fatalf("%d IDs in cable2month.csv.gz, want 251,287", n)
	}
	a.Finish()
	p, err := Make(context.Background(), Input{Archive: a, Content: content(t), Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	for i := range p.Jobs {
		if p.Jobs[i].Kind != Redirects {
			continue
		}
		_, data := p.Page(&p.Jobs[i])
		file := data.(*page.Redirects).Bytes()
		lines := bytes.Count(file, []byte("\n"))
		t.Logf("_redirects: %d lines (%d addresses of the original site, %d canonical IDs), %d bytes", lines, len(p.Legacies), len(p.Aliases), len(file))
		if lines > 1000 {
			t.Errorf("_redirects has %d lines, want at most 1,000", lines)
		}
		if len(p.Legacies) < len(origins) {
			t.Errorf("%d numbered facets, want every origin's (%d) and more", len(p.Legacies), len(origins))
		}
		return
	}
	t.Fatal("no _redirects in the plan")
}

// legacyOriginNames returns the origins of the original site's numbered
// pages (generator/index/original-pages.tsv), each once.
func legacyOriginNames(t *testing.T) []string {
	data, err := os.ReadFile("../index/original-pages.tsv")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	seen := map[string]bool{}
	for _, l := range strings.Split(string(data), "\n") {
		f := strings.Split(l, "\t")
		if len(f) < 4 || f[0] != "origin" {
			continue
		}
		for _, name := range strings.Split(f[3], "|") {
			if !seen[name] {
				seen[name] = true
				names = append(names, name)
			}
		}
	}
	return names
}
