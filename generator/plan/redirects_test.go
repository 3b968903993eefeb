package plan

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

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
	f, err := os.Open(filepath.Join(testcorpus.Dir(t), "reference", "cable2month.csv.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	origins := legacyOriginNames(t)
	classes := []string{"CONFIDENTIAL", "CONFIDENTIAL//NOFORN", "SECRET", "SECRET//NOFORN", "UNCLASSIFIED", "UNCLASSIFIED//FOR OFFICIAL USE ONLY"}
	a := index.New()
	sc := bufio.NewScanner(z)
	n := 0
	for sc.Scan() {
		id, month, _ := strings.Cut(sc.Text(), ",")
		m, _ := strconv.Atoi(month)
		y, _ := strconv.Atoi(id[:2])
		if y < 50 {
			y += 2000
		} else {
			y += 1900
		}
		created := cable.NewTime(y, time.Month(m), 1, 0, 0)
		a.Add(&cable.Cable{ID: id, Created: created, Classification: classes[n%len(classes)], Origin: origins[n%len(origins)]}, "S", nil, nil, [16]byte{})
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
// pages (generator/index/legacy-origins.tsv).
func legacyOriginNames(t *testing.T) []string {
	data, err := os.ReadFile("../index/legacy-origins.tsv")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, l := range strings.Split(string(data), "\n") {
		if _, name, ok := strings.Cut(l, "\t"); ok && !strings.HasPrefix(l, "#") {
			names = append(names, name)
		}
	}
	return names
}
