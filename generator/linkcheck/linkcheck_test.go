package linkcheck

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

func makeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestCheck(t *testing.T) {
	dir := makeSite(t, map[string]string{
		"index.html": `<link rel="stylesheet" href="assets/s.css"><a href="cable/2010/02/X.html#par1">ok</a>
<a href="cable/2010/02/X.html#par9">missing anchor</a><a href="date/">folder</a><a href="/cable/2010/02/X.html">root</a>
<a href="https://example.org/x">external</a><a href="mailto:a@b">mail</a><a href="nope.html">missing</a><a href="#top">self</a>`,
		"assets/s.css":         "",
		"cable/2010/02/X.html": `<div id="par1"></div><a href="../../../index.html#top">up</a><script src="../../../assets/s.css"></script>`,
		"date/2010-02_0.html":  `<meta http-equiv="refresh" content="0; url=../gone.html">`,
		"404.html":             `<a href="/index.html">home</a>`,
		"origin/132_0.html":    `<a href="../../outside.html">out</a>`,
	})
	res, err := Check(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range res.Problems {
		got = append(got, p.String())
	}
	sort.Strings(got)
	want := []string{
		"date/2010-02_0.html: ../gone.html: no such file",
		"index.html: #top: no element with id top",
		"index.html: /cable/2010/02/X.html: root-relative: breaks from disk and under a sub-path",
		"index.html: cable/2010/02/X.html#par9: no element with id par9",
		"index.html: date/: names a folder, not a file",
		"index.html: nope.html: no such file",
		"origin/132_0.html: ../../outside.html: leaves the site",
		"cable/2010/02/X.html: ../../../index.html#top: no element with id top",
	}
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if res.Pages != 5 {
		t.Errorf("%d pages, want 5", res.Pages)
	}
}

// TestCheckNotSite checks that a folder that is not a built site (empty,
// or without index.html) is an error that says what was expected.
func TestCheckNotSite(t *testing.T) {
	for name, files := range map[string]map[string]string{
		"empty":         {},
		"no index.html": {"cable/2010/02/X.html": `<p>x</p>`},
	} {
		dir := makeSite(t, files)
		_, err := Check(context.Background(), dir, Options{})
		if !errors.Is(err, ErrNotSite) || !strings.Contains(err.Error(), "no index.html") {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := Check(context.Background(), filepath.Join(t.TempDir(), "none"), Options{}); err == nil || errors.Is(err, ErrNotSite) {
		t.Errorf("a folder that does not exist: %v", err)
	}
}
