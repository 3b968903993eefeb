package publish

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"cablesite/generator/state"
)

// TestSwapInterrupted stops the swap of a new site at each of its steps, as
// if the build were killed there, and checks that Recover leaves one whole
// site in place, the previous or the new one, and nothing beside it.
func TestSwapInterrupted(t *testing.T) {
	for _, tc := range []struct {
		step     string
		twoSteps bool
		want     string // the site in place after Recover
	}{
		{"exchanged", false, "new"},
		{"moved aside", true, "old"},
		{"moved in", true, "new"},
	} {
		t.Run(tc.step, func(t *testing.T) {
			dir := site(t)
			w, err := Create(dir)
			if err != nil {
				t.Fatal(err)
			}
			w.WriteFile("index.html", []byte("new index"))
			noExchange, faultAt = tc.twoSteps, tc.step
			err = w.Commit("b2")
			noExchange, faultAt = false, ""
			if err != errFault {
				t.Fatalf("Commit: %v, want the injected fault", err)
			}
			rec, err := Recover(dir)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%+v", rec)
			wantIndex, wantID := "old index.html", "b1"
			if tc.want == "new" {
				wantIndex, wantID = "new index", "b2"
			}
			if got := read(t, dir, "index.html"); got != wantIndex || BuildID(dir) != wantID {
				t.Errorf("index.html %q, build %q; want the %s site", got, BuildID(dir), tc.want)
			}
			if tc.want == "old" && read(t, dir, "tag/X_0.html") != "old tag/X_0.html" {
				t.Error("the previous site is not whole")
			}
			if names := beside(t, dir); !slices.Equal(names, []string{"public"}) {
				t.Errorf("beside the site: %q", names)
			}
		})
	}
}

// TestRemoveLeftovers checks that Recover removes what killed builds leave
// beside a site, and nothing else.
func TestRemoveLeftovers(t *testing.T) {
	dir := site(t)
	parent := filepath.Dir(dir)
	for _, d := range []string{".public.new-123", ".public.new-123.old", ".public.patch-9", ".public.index-77", ".other.new-1", "public2"} {
		os.MkdirAll(filepath.Join(parent, d, "x"), 0o755)
	}
	for _, f := range []string{"..public.state.tmp-5", ".public.state.next", ".public.state", "notes.txt"} {
		os.WriteFile(filepath.Join(parent, f), []byte("x"), 0o644)
	}
	rec, err := Recover(dir)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(rec.Removed)
	want := []string{"..public.state.tmp-5", ".public.index-77", ".public.new-123", ".public.new-123.old", ".public.patch-9", ".public.state.next"}
	if !slices.Equal(rec.Removed, want) {
		t.Errorf("removed %q, want %q", rec.Removed, want)
	}
	if names := beside(t, dir); !slices.Equal(names, []string{".other.new-1", ".public.state", "notes.txt", "public", "public2"}) {
		t.Errorf("left %q", names)
	}
}

// beside lists the names in the folder that holds the site in dir.
func beside(t *testing.T, dir string) []string {
	entries, err := os.ReadDir(filepath.Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestDigest checks that the digest of a site's files, read on several
// goroutines, is that of its paths, and changes when a file goes.
func TestDigest(t *testing.T) {
	dir := site(t)
	var want state.Digest
	for _, p := range walk(t, dir) {
		want.Add(p)
	}
	got, err := Digest(dir)
	if err != nil || got != want || got.Files != 3 {
		t.Errorf("Digest %+v, %v; the paths give %+v", got, err, want)
	}
	os.Remove(filepath.Join(dir, "tag", "X_0.html"))
	if again, _ := Digest(dir); again == got {
		t.Error("a file removed leaves the digest as it was")
	}
}

// walk lists the files of the site in dir but its marker, one folder after
// the other: what Digest and List read on several goroutines.
func walk(t *testing.T, dir string) []string {
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err == nil && rel != Marker {
			paths = append(paths, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return paths
}

// TestList checks that the listing of a site has the paths of its files,
// in order, each with its key.
func TestList(t *testing.T) {
	dir := site(t)
	want := walk(t, dir)
	slices.Sort(want)
	l := (&Site{Dir: dir}).List()
	if err := l.Wait(); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(l.Paths, want) {
		t.Errorf("paths %q, want %q", l.Paths, want)
	}
	for i, p := range l.Paths {
		if l.Keys[i] != state.PathKey(p) {
			t.Errorf("%s: key %x", p, l.Keys[i])
		}
	}
}
