package generator

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"cablesite/generator/publish"
	"cablesite/generator/render"
	"cablesite/generator/source"
)

// csvRecord is a record of the cables.csv layout.
func csvRecord(seq int, created, id, origin, class, text string) string {
	return fmt.Sprintf(`"%d","%s","%s","%s","%s","","HEADER","%s"`+"\n", seq, created, id, origin, class, text)
}

// TestBuildLineEndings builds the sample archive with its cables.csv as
// other tools write it (CR LF line endings and a byte-order mark): the
// same site as from the original file, every record read.
func TestBuildLineEndings(t *testing.T) {
	clean := config(t, sample(t))
	want := mustBuild(t, clean)
	in := copyDir(t, sample(t))
	file := filepath.Join(in, "csv", "cables.csv")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	data = append([]byte("\ufeff"), bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))...)
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := config(t, in)
	rep := mustBuild(t, cfg)
	if rep.Read != want.Read || len(rep.Rejected) != 0 {
		t.Fatalf("read %d, rejected %v; from the original file %d", rep.Read, rep.Rejected, want.Read)
	}
	compareSites(t, cfg.Out, clean.Out)
	compareIndexes(t, cfg.Out, clean.Out)
}

// TestBuildLocked checks that a build does not write into a site another
// build is writing, and says whose it is.
func TestBuildLocked(t *testing.T) {
	cfg := config(t, sample(t))
	lock, err := publish.Acquire(cfg.Out)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Build(context.Background(), cfg)
	var locked *publish.LockedError
	if !errors.As(err, &locked) || !strings.Contains(err.Error(), "is being written by another build (PID ") {
		t.Errorf("a build into a locked site: %v", err)
	}
	if _, err := os.Stat(cfg.Out); err == nil {
		t.Error("a build into a locked site wrote it")
	}
	lock.Release()
	mustBuild(t, cfg)
}

// TestBuildCollidingNames reads origins, classifications and tags whose
// plain addresses are the same as others' or as the original site's
// numbered pages: each gets a page of its own, the real archive's names
// keep theirs, and the build says which moved.
func TestBuildCollidingNames(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	for i, r := range []struct{ origin, class, tags string }{
		{"Embassy Beijing", "SECRET//NOFORN", "PGOV, CH"},
		{"Embassy-Beijing", "SECRET NOFORN", "KERRY-JOHN"},
		{"Embassy Beijing 2", "1", "OVIP (KERRY, JOHN)"},
		{"132", "CONFIDENTIAL", "PGOV"},
	} {
		text := "SUBJECT: CABLE " + fmt.Sprint(i+1) + "\nTAGS: " + r.tags + "\n\n1. TEXT."
		b.WriteString(csvRecord(i+1, "2/8/2010 7:11", fmt.Sprintf("10BEIJING%d", i+1), r.origin, r.class, text))
	}
	os.WriteFile(filepath.Join(dir, "cables.csv"), []byte(b.String()), 0o644)
	cfg := config(t, dir)
	rep := mustBuild(t, cfg)
	if rep.Read != 4 || len(rep.Rejected) != 0 {
		t.Fatalf("read %d, rejected %v", rep.Read, rep.Rejected)
	}
	pages := map[string]string{ // page -> the cable it lists
		"origin/embassy-beijing_0.html":         "10BEIJING1",
		"origin/embassy-beijing-2_0.html":       "10BEIJING3",
		"origin/embassy-beijing-3_0.html":       "10BEIJING2",
		"origin/132-2_0.html":                   "10BEIJING4",
		"classification/secret-noforn_0.html":   "10BEIJING1",
		"classification/secret-noforn-2_0.html": "10BEIJING2",
		"classification/1-2_0.html":             "10BEIJING3",
		"classification/confidential_0.html":    "10BEIJING4",
		"tag/KERRY-JOHN_0.html":                 "10BEIJING2",
		"tag/KERRY-JOHN-2_0.html":               "10BEIJING3",
	}
	for page, id := range pages {
		doc := open(t, cfg.Out, page)
		if rows := doc.Find("table.cables tbody tr"); rows.Length() != 1 || rows.AttrOr("id", "") != id {
			t.Errorf("%s lists %d rows (%s), want %s", page, rows.Length(), rows.AttrOr("id", ""), id)
		}
	}
	// The original site's numbered pages still lead where they did.
	if data, _ := os.ReadFile(filepath.Join(cfg.Out, "origin", "132_0.html")); !bytes.Contains(data, []byte("embassy-beijing_0.html")) {
		t.Errorf("origin/132_0.html does not lead to Embassy Beijing")
	}
	var notes []string
	for _, k := range rep.Keyed {
		notes = append(notes, k.String())
	}
	for _, want := range []string{
		`origin "132" is at origin/132-2_0.html: 132_0.html is an address of the original site's numbered pages`,
		`origin "Embassy-Beijing" is at origin/embassy-beijing-3_0.html: "Embassy Beijing" has origin/embassy-beijing_0.html`,
		`classification "SECRET NOFORN" is at classification/secret-noforn-2_0.html: "SECRET//NOFORN" has classification/secret-noforn_0.html`,
		`tag "KERRY, JOHN" is at tag/KERRY-JOHN-2_0.html: "KERRY-JOHN" has tag/KERRY-JOHN_0.html`,
	} {
		if !slices.Contains(notes, want) {
			t.Errorf("the build does not say %q; it says:\n%s", want, strings.Join(notes, "\n"))
		}
	}
	dirPage := open(t, cfg.Out, "origin/index.html")
	if n := dirPage.Find("ul.facets li").Length(); n != 4 {
		t.Errorf("the directory of origins lists %d, want 4", n)
	}
	checkLinks(t, cfg.Out)
}

// TestBuildOversizedRecord reads a record whose TAGS line holds tens of
// thousands of codes and one whose subject runs to 200,000 bytes: the
// first is rejected with its line, the second is built with its subject
// cut in the lists, and the build goes on.
func TestBuildOversizedRecord(t *testing.T) {
	dir := t.TempDir()
	var codes []string
	for i := range 55015 {
		codes = append(codes, fmt.Sprintf("Q%d", i))
	}
	long := strings.Repeat("VERY LONG SUBJECT ", 200000/18)
	first := csvRecord(1, "2/8/2010 7:11", "10BEIJING1", "Embassy Beijing", "SECRET", "SUBJECT: FINE\nTAGS: PGOV\n\n1. TEXT.")
	data := first +
		csvRecord(2, "2/8/2010 7:11", "10BEIJING2", "Embassy Beijing", "SECRET", "SUBJECT: MANY TAGS\nTAGS: "+strings.Join(codes, ", ")+"\n\n1. TEXT.") +
		csvRecord(3, "2/8/2010 7:11", "10BEIJING3", "Embassy Beijing", "SECRET", "SUBJECT: "+long+"\nTAGS: PGOV\n\n1. TEXT.")
	os.WriteFile(filepath.Join(dir, "cables.csv"), []byte(data), 0o644)
	cfg := config(t, dir)
	rep := mustBuild(t, cfg)
	line := 1 + strings.Count(first, "\n")
	if rep.Read != 2 || len(rep.Rejected) != 1 || !strings.Contains(rep.Rejected[0].Error(), fmt.Sprintf("cables.csv:%d: TAGS: 55015 codes, more than the 300", line)) {
		t.Fatalf("read %d, rejected %v", rep.Read, rep.Rejected)
	}
	for _, p := range []string{"origin/embassy-beijing_0.html", "tag/PGOV_0.html", "index.html"} {
		if info, err := os.Stat(filepath.Join(cfg.Out, p)); err != nil || info.Size() > 20000 {
			t.Errorf("%s: %v bytes, %v", p, info.Size(), err)
		}
	}
	checkLinks(t, cfg.Out)
}

// TestBuildInterruptedSwap stops builds at each step of putting a new site
// in place of the previous one, as if killed there, and checks that the
// next build leaves a whole site, the same as a clean build, and nothing
// beside it; and that the state of the previous site survives a swap that
// did not happen.
func TestBuildInterruptedSwap(t *testing.T) {
	for _, tc := range []struct {
		step     string
		twoSteps bool
	}{{"exchanged", false}, {"moved aside", true}, {"moved in", true}} {
		t.Run(tc.step, func(t *testing.T) {
			in := copyDir(t, sample(t))
			cfg := config(t, in)
			mustBuild(t, cfg)
			// A new template: the next build writes a whole site.
			changed := cfg
			changed.Templates = render.Overlay(fstest.MapFS{"notfound.html": {Data: []byte(`{{define "content"}}<h1>Lost</h1>{{end}}`)}}, cfg.Templates)
			undo := publish.InjectFault(tc.step, tc.twoSteps)
			_, err := Build(context.Background(), changed)
			undo()
			if !publish.IsFault(err) {
				t.Fatalf("build: %v, want the injected fault", err)
			}
			var log strings.Builder
			changed.Log = &log
			rep := mustBuild(t, changed)
			t.Logf("%s", log.String())
			if tc.step == "moved aside" && rep.Mode != "full" {
				t.Errorf("mode %s", rep.Mode)
			}
			clean := changed
			clean.Log = nil
			clean.Out = filepath.Join(t.TempDir(), "public")
			mustBuild(t, clean)
			compareSites(t, cfg.Out, clean.Out)
			compareIndexes(t, cfg.Out, clean.Out)
			entries, _ := os.ReadDir(filepath.Dir(cfg.Out))
			for _, e := range entries {
				if e.Name() != "public" && e.Name() != ".public.state" {
					t.Errorf("left beside the site: %s", e.Name())
				}
			}
		})
	}
	// A swap that did not happen keeps the previous state: the build
	// after it is an update.
	in := copyDir(t, sample(t))
	cfg := config(t, in)
	mustBuild(t, cfg)
	full := cfg
	full.Full = true
	undo := publish.InjectFault("moved aside", true)
	_, err := Build(context.Background(), full)
	undo()
	if !publish.IsFault(err) {
		t.Fatalf("build: %v", err)
	}
	if rep := mustBuild(t, cfg); rep.Mode != "unchanged" {
		t.Errorf("after a swap that did not happen: mode %s, want unchanged", rep.Mode)
	}
}

// TestBuildJournalElsewhere interrupts an update run from the site's
// parent folder with -o public, after its journal is written, and
// completes it with a build run from another folder with the site's
// absolute path.
func TestBuildJournalElsewhere(t *testing.T) {
	in := copyDir(t, sample(t))
	cfg := config(t, in)
	mustBuild(t, cfg)
	edit(t, filepath.Join(in, "txt", "10BEIJING326.txt"), "approximately 10,000 women", "approximately 20,000 women")
	abs := cfg.Out
	t.Chdir(filepath.Dir(abs))
	cfg.Out = "public"
	undo := publish.InjectFault("journal written", false)
	_, err := Build(context.Background(), cfg)
	undo()
	if !publish.IsFault(err) {
		t.Fatalf("build: %v, want the injected fault", err)
	}
	t.Chdir(t.TempDir())
	cfg.Out = abs
	var log strings.Builder
	cfg.Log = &log
	rep := mustBuild(t, cfg)
	if !strings.Contains(log.String(), "completed an interrupted update of "+abs) || rep.Mode != "unchanged" {
		t.Errorf("mode %s; log:\n%s", rep.Mode, log.String())
	}
	page, _ := os.ReadFile(filepath.Join(abs, "cable/2010/02/10BEIJING326.html"))
	if !bytes.Contains(page, []byte("approximately 20,000 women")) {
		t.Error("the interrupted update was not completed")
	}
	clean := cfg
	clean.Log = nil
	clean.Out = filepath.Join(t.TempDir(), "public")
	mustBuild(t, clean)
	compareSites(t, abs, clean.Out)
	compareIndexes(t, abs, clean.Out)
}

// TestBuildLinks builds into a symbolic link to a site, from an input
// given as a link, with the output folder inside the input folder.
func TestBuildLinks(t *testing.T) {
	root := t.TempDir()
	in := copyDir(t, sample(t))
	if err := os.Symlink(in, filepath.Join(root, "cables")); err != nil {
		t.Fatal(err)
	}
	// The output: a link to a folder inside the input folder.
	site := filepath.Join(in, "site")
	link := filepath.Join(root, "public")
	os.Symlink(site, link)
	cfg := config(t, filepath.Join(root, "cables"))
	cfg.Out = link
	first := mustBuild(t, cfg)
	if first.Read != 301 {
		t.Fatalf("read %d records through a link, want 301", first.Read)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link to the site is gone: %v", err)
	}
	edit(t, filepath.Join(in, "txt", "10BEIJING326.txt"), "approximately 10,000 women", "approximately 20,000 women")
	full := cfg
	full.Full = true
	rep := mustBuild(t, full)
	if rep.Read != 301 {
		t.Errorf("second build read %d records: the site inside the input was read", rep.Read)
	}
	if !slices.ContainsFunc(rep.Ignored, func(i source.Ignored) bool { return strings.HasSuffix(i.Path, "site") }) {
		t.Errorf("the site inside the input is not listed as ignored: %v", rep.Ignored)
	}
	page, err := os.ReadFile(filepath.Join(link, "cable/2010/02/10BEIJING326.html"))
	if err != nil || !bytes.Contains(page, []byte("approximately 20,000 women")) {
		t.Errorf("the site the link leads to was not updated: %v", err)
	}
}

// TestBuildTruncatedPage reads an original page cut short inside its text
// beside whole ones: it is rejected with its file, the rest is built.
func TestBuildTruncatedPage(t *testing.T) {
	in := copyDir(t, filepath.Join(sample(t), "html"))
	file := filepath.Join(in, "cable", "2010", "01", "10CAIRO147.html")
	data, _ := os.ReadFile(file)
	os.WriteFile(file, data[:bytes.LastIndex(data, []byte("<pre>"))+200], 0o644)
	rep := mustBuild(t, config(t, in))
	if len(rep.Rejected) != 1 || !strings.Contains(rep.Rejected[0].Error(), "10CAIRO147.html") || !strings.Contains(rep.Rejected[0].Error(), "cut short") {
		t.Errorf("rejected %v", rep.Rejected)
	}
	if rep.Read != 169 {
		t.Errorf("read %d", rep.Read)
	}
}

// TestUnchangedSaysAgain rebuilds a site whose inputs have not changed,
// which reads nothing again: the build says again what it rejected and
// noticed, and a strict one fails as the first did.
func TestUnchangedSaysAgain(t *testing.T) {
	dir := t.TempDir()
	data := csvRecord(1, "2/8/2010 7:11", "10BEIJING1", "Embassy Beijing", "SECRET", "SUBJECT: FINE") +
		csvRecord(2, "13/45/2010 7:11", "10BEIJING2", "Embassy Beijing", "SECRET", "SUBJECT: BAD") +
		csvRecord(3, "2/8/2010 7:11", "10BEIJING1", "Embassy Beijing", "SECRET", "SUBJECT: AGAIN")
	os.WriteFile(filepath.Join(dir, "cables.csv"), []byte(data), 0o644)
	os.WriteFile(filepath.Join(dir, "notes.md"), []byte("notes"), 0o644)
	cfg := config(t, dir)
	first := mustBuild(t, cfg)
	again := mustBuild(t, cfg)
	if again.Mode != "unchanged" || again.Written != 0 {
		t.Fatalf("mode %s, written %d", again.Mode, again.Written)
	}
	r1, n1 := first.said()
	r2, n2 := again.said()
	if !slices.Equal(r1, r2) || !slices.Equal(n1, n2) || len(r1) != 1 || len(n1) != 2 {
		t.Errorf("the first build said %q %q, the second %q %q", r1, n1, r2, n2)
	}
	strict := cfg
	strict.Strict = true
	if _, err := Build(context.Background(), strict); !errors.Is(err, ErrRejected) {
		t.Errorf("a strict rebuild: %v", err)
	}
}
