package publish

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func site(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "public")
	w, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"index.html", "cable/2010/02/A.html", "tag/X_0.html"} {
		w.WriteFile(p, []byte("old "+p))
	}
	if err := w.Commit("b1"); err != nil {
		t.Fatal(err)
	}
	return dir
}

func read(t *testing.T, dir, p string) string {
	data, err := os.ReadFile(filepath.Join(dir, p))
	if err != nil {
		return "(missing)"
	}
	return string(data)
}

func TestPatch(t *testing.T) {
	dir := site(t)
	if BuildID(dir) != "b1" {
		t.Errorf("BuildID %q", BuildID(dir))
	}
	p, err := NewPatch(dir)
	if err != nil {
		t.Fatal(err)
	}
	p.WriteFile("index.html", []byte("new index"))
	p.WriteFile("cable/2011/01/B.html", []byte("new B"))
	p.Remove("tag/X_0.html")
	state := filepath.Join(filepath.Dir(dir), "state.next")
	os.WriteFile(state, []byte("next"), 0o644)
	if err := p.Commit([][2]string{{state, state + ".final"}}); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		"index.html": "new index", "cable/2011/01/B.html": "new B", "cable/2010/02/A.html": "old cable/2010/02/A.html", "tag/X_0.html": "(missing)",
	} {
		if got := read(t, dir, path); got != want {
			t.Errorf("%s = %q, want %q", path, got, want)
		}
	}
	if got, _ := os.ReadFile(state + ".final"); string(got) != "next" {
		t.Errorf("state not renamed: %q", got)
	}
	entries, _ := os.ReadDir(filepath.Dir(dir))
	for _, e := range entries {
		if e.Name() != "public" && e.Name() != "state.next.final" {
			t.Errorf("left beside the site: %s", e.Name())
		}
	}
	if BuildID(dir) != "b1" {
		t.Error("a patch changed the build ID")
	}
}

// TestRecover interrupts a patch after its journal was written, half way
// through moving its files, and checks that Recover completes it.
func TestRecover(t *testing.T) {
	dir := site(t)
	p, _ := NewPatch(dir)
	p.WriteFile("index.html", []byte("new index"))
	p.WriteFile("tag/Y_0.html", []byte("new Y"))
	p.Remove("tag/X_0.html")
	p.Wait()
	journal := "cablesite-journal 1\nstage " + p.dir + "\nW index.html\nW tag/Y_0.html\nD tag/X_0.html\nend\n"
	os.WriteFile(journalFile(dir), []byte(journal), 0o644)
	// One file was moved before the interruption.
	os.Rename(filepath.Join(p.dir, "index.html"), filepath.Join(dir, "index.html"))

	rec, err := Recover(dir)
	if err != nil || rec.Patched != 2 {
		t.Fatalf("Recover: %+v, %v", rec, err)
	}
	for path, want := range map[string]string{"index.html": "new index", "tag/Y_0.html": "new Y", "tag/X_0.html": "(missing)"} {
		if got := read(t, dir, path); got != want {
			t.Errorf("%s = %q, want %q", path, got, want)
		}
	}
	if _, err := os.Stat(journalFile(dir)); err == nil {
		t.Error("the journal is left")
	}
	if _, err := os.Stat(p.dir); err == nil {
		t.Error("the staging folder is left")
	}

	// A journal cut short: the site is left alone.
	p2, _ := NewPatch(dir)
	p2.WriteFile("index.html", []byte("never"))
	p2.Wait()
	os.WriteFile(journalFile(dir), []byte("cablesite-journal 1\nstage "+p2.dir+"\nW index.ht"), 0o644)
	if rec, err := Recover(dir); err != nil || rec.Patched != 0 {
		t.Errorf("Recover of a cut journal: %+v, %v", rec, err)
	}
	if got := read(t, dir, "index.html"); got != "new index" {
		t.Errorf("index.html = %q after a cut journal", got)
	}
	if _, err := os.Stat(p2.dir); err == nil {
		t.Error("the staging folder of a cut journal is left")
	}
	// A journal naming a folder that is not a staging folder of the site.
	os.WriteFile(journalFile(dir), []byte("cablesite-journal 1\nstage /\nW index.html\nend\n"), 0o644)
	if _, err := Recover(dir); err == nil {
		t.Error("Recover trusted a journal that names / as its staging folder")
	}
}

// TestRecoverElsewhere interrupts a patch made from one working folder,
// naming the site by a relative path, and completes it from another,
// naming the site by its absolute path: the journal names its files
// relative to the site's parent.
func TestRecoverElsewhere(t *testing.T) {
	dir := site(t)
	t.Chdir(filepath.Dir(dir))
	p, err := NewPatch("public")
	if err != nil {
		t.Fatal(err)
	}
	p.WriteFile("index.html", []byte("new index"))
	state := filepath.Join(filepath.Dir(dir), "state.next")
	os.WriteFile(state, []byte("next"), 0o644)
	faultAt = "journal written"
	t.Cleanup(func() { faultAt = "" })
	if err := p.Commit([][2]string{{"state.next", "state"}}); err != errFault {
		t.Fatalf("Commit: %v, want the injected fault", err)
	}
	faultAt = ""
	journal, _ := os.ReadFile(journalFile(dir))
	if strings.Contains(string(journal), filepath.Dir(dir)) {
		t.Errorf("the journal names absolute paths:\n%s", journal)
	}
	t.Chdir(t.TempDir())
	rec, err := Recover(dir)
	if err != nil || rec.Patched != 1 {
		t.Fatalf("Recover from elsewhere: %+v, %v", rec, err)
	}
	if got := read(t, dir, "index.html"); got != "new index" {
		t.Errorf("index.html = %q", got)
	}
	if got, _ := os.ReadFile(filepath.Join(filepath.Dir(dir), "state")); string(got) != "next" {
		t.Errorf("the state was not renamed: %q", got)
	}
}

func TestCheckDirCounts(t *testing.T) {
	if err := CheckDirCounts(map[string]int{"tag": MaxFilesPerDir, "cable/2010/02": 3}); err != nil {
		t.Errorf("%d files in a folder: %v", MaxFilesPerDir, err)
	}
	if err := CheckDirCounts(map[string]int{"tag": MaxFilesPerDir + 1}); err == nil {
		t.Error("a folder over the limit accepted")
	}
	// Folders count in their parent: search/d/ holds a folder per 512
	// files of cables.
	files := map[string]int{"search/d": MaxFilesPerDir - 2}
	files["search/d/x/1"], files["search/d/y"] = 1, 1
	if err := CheckDirCounts(files); err != nil {
		t.Errorf("at the limit with folders: %v", err)
	}
	files["search/d/z"] = 1
	if err := CheckDirCounts(files); err == nil {
		t.Error("a folder over the limit with its folders accepted")
	}
}
