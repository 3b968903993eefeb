package publish

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckPath(t *testing.T) {
	for _, p := range []string{"index.html", "cable/2010/02/10BEIJING326.html", "assets/style.1a2b.css"} {
		if err := CheckPath(p); err != nil {
			t.Errorf("CheckPath(%q) = %v", p, err)
		}
	}
	for _, p := range []string{"", ".", "/etc/passwd", "../x.html", "..", "a/../../x", "a//b", "a\\b", "cable/./x", "x\x00"} {
		if err := CheckPath(p); err == nil {
			t.Errorf("CheckPath(%q) accepted", p)
		}
	}
}

func TestWriter(t *testing.T) {
	final := filepath.Join(t.TempDir(), "public")
	w, err := Create(final)
	if err != nil {
		t.Fatal(err)
	}
	w.limit = 3
	for _, p := range []string{"index.html", "tag/A_0.html", "tag/B_0.html", "tag/C_0.html"} {
		if err := w.WriteFile(p, []byte(p)); err != nil {
			t.Fatal(err)
		}
	}
	// A file made in a buffer of the writer's, bigger than a page.
	buf := w.Buffer()
	*buf = append(*buf, strings.Repeat("x", 100000)...)
	if err := w.WriteBuffer("search/big.js", buf); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteFile("tag/D_0.html", nil); err == nil || !strings.Contains(err.Error(), "more than 3 files") {
		t.Errorf("a fourth file in tag/: %v", err)
	}
	if err := w.WriteFile("../outside.html", nil); err == nil {
		t.Error("wrote outside the folder")
	}
	if _, err := os.Stat(final); err == nil {
		t.Error("the site is visible before Commit")
	}
	if err := w.Commit("test"); err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(filepath.Join(final, "tag", "C_0.html")); err != nil || string(data) != "tag/C_0.html" {
		t.Errorf("after Commit: %q, %v", data, err)
	}
	if data, err := os.ReadFile(filepath.Join(final, "search", "big.js")); err != nil || len(data) != 100000 {
		t.Errorf("file from a buffer: %d bytes, %v", len(data), err)
	}
	if w.Files() != 5 {
		t.Errorf("Files() = %d", w.Files())
	}

	// A second site replaces the first as a whole.
	w2, err := Create(final)
	if err != nil {
		t.Fatal(err)
	}
	w2.WriteFile("index.html", []byte("new"))
	if err := w2.Commit("test"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(final, "tag")); err == nil {
		t.Error("a file of the old site survived")
	}
	// An aborted build leaves it whole.
	w3, _ := Create(final)
	w3.WriteFile("index.html", []byte("aborted"))
	w3.Abort()
	if data, _ := os.ReadFile(filepath.Join(final, "index.html")); string(data) != "new" {
		t.Errorf("after Abort: %q", data)
	}
	entries, _ := os.ReadDir(filepath.Dir(final))
	if len(entries) != 1 {
		t.Errorf("left beside the site: %v", entries)
	}
}

// TestWriteFailure checks that a file that cannot be written fails the
// writer, naming the file.
func TestWriteFailure(t *testing.T) {
	w, err := Create(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	// A folder where the file should be: creating it fails.
	if err := os.MkdirAll(filepath.Join(w.dir, "a.html"), 0o755); err != nil {
		t.Fatal(err)
	}
	w.WriteFile("a.html", []byte("x"))
	if err := w.Wait(); err == nil || !strings.Contains(err.Error(), "a.html") {
		t.Errorf("Wait: %v, want an error naming a.html", err)
	}
}

func TestRefuseForeignFolder(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644)
	if _, err := Create(dir); err == nil {
		t.Error("Create accepted a folder it did not write")
	}
	empty := t.TempDir()
	if _, err := Create(empty); err != nil {
		t.Errorf("Create refused an empty folder: %v", err)
	}
}
