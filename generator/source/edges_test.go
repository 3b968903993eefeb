package source

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"cablesite/generator/internal/testcorpus"
)

// TestTruncatedPage cuts a page of the original site (10CAIRO147, from the
// sample archive) inside the <pre> block of its text: the page is
// rejected, not read as a cable with half a text.
func TestTruncatedPage(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(testcorpus.ModuleRoot(t), "content", "cables", "html", "cable", "2010", "01", "10CAIRO147.html"))
	if err != nil {
		t.Fatal(err)
	}
	last := strings.LastIndex(string(data), "<pre>")
	if _, err := ParseHTML("10CAIRO147.html", data, Options{}); err != nil {
		t.Fatalf("the whole page: %v", err)
	}
	cut := data[:last+(len(data)-last)/2]
	_, err = ParseHTML("10CAIRO147.html", cut, Options{})
	var se *Error
	if !errors.As(err, &se) || se.Field != "text" || !strings.Contains(err.Error(), "cut short") {
		t.Errorf("a page cut inside its text: %v", err)
	}
}

// TestYears checks that the three readers take the same years, cable.MinYear
// to cable.MaxYear, for the time a cable was created and released.
func TestYears(t *testing.T) {
	csv := func(date string) string {
		return `"1","` + date + `","66BUENOSAIRES2481","Embassy Buenos Aires","UNCLASSIFIED","","h","t"` + "\n"
	}
	page := func(created, released string) string {
		return `<table class='cable'><tr><td>66BUENOSAIRES2481</td><td>` + created + `</td><td>` + released + `</td><td>SECRET</td><td>Embassy Buenos Aires</td></tr></table><pre>h</pre><pre>t</pre>`
	}
	text := func(date string) string {
		return "66BUENOSAIRES2481\nSUBJECT\n" + date + "\nSECRET\nEmbassy Buenos Aires\nTEXT"
	}
	for _, tc := range []struct {
		name, data, want string // want: "" or the field at fault
	}{
		{"a.csv", csv("12/28/1966 18:48"), ""},
		{"a.csv", csv("1/1/1950 0:00"), ""},
		{"a.csv", csv("12/31/2099 23:59"), ""},
		{"a.csv", csv("12/31/1949 23:59"), "created"},
		{"a.csv", csv("1/1/2100 0:00"), "created"},
		{"a.html", page("1966-12-28 18:48", "2010-11-28 00:00"), ""},
		{"a.html", page("1949-12-31 18:48", ""), "created"},
		{"a.html", page("2100-01-01 00:00", ""), "created"},
		{"a.html", page("1966-12-28 18:48", "9999-11-28 00:00"), "released"},
		{"a.txt", text("Wed Dec 28 18:48:00 +0100 1966"), ""},
		{"a.txt", text("Sat Dec 31 18:48:00 +0100 1949"), "created"},
		{"a.txt", text("Fri Jan 01 00:00:00 +0100 2100"), "created"},
	} {
		name := writeFile(t, tc.name, tc.data)
		_, errs := readAll(t, name)
		got := ""
		if len(errs) > 0 {
			var se *Error
			if errors.As(errs[0], &se) {
				got = se.Field
			}
			if got != tc.want || !strings.Contains(errs[0].Error(), "is not from 1950 to 2099") {
				t.Errorf("%s %q: %v, want an error on %s", tc.name, tc.data, errs[0], tc.want)
			}
		} else if tc.want != "" {
			t.Errorf("%s %q read; want an error on %s", tc.name, tc.data, tc.want)
		}
	}
}

// TestFilesLinks lists a folder of inputs with links in it: to a file, to
// a folder, back to the folder that holds it, to nothing; and the output
// folder of the build inside it.
func TestFilesLinks(t *testing.T) {
	root := t.TempDir()
	in := filepath.Join(root, "in")
	other := filepath.Join(root, "other")
	for _, d := range []string{in, other, filepath.Join(in, "sub"), filepath.Join(in, "public")} {
		os.MkdirAll(d, 0o755)
	}
	for _, f := range []string{"in/a.csv", "in/sub/b.csv", "other/c.csv", "in/public/index.html", "d.csv"} {
		os.WriteFile(filepath.Join(root, f), []byte("x"), 0o644)
	}
	links := map[string]string{
		"in/link-d.csv":  "../d.csv", // a file outside
		"in/link-other":  "../other", // a folder outside
		"in/sub/up":      "..",       // back to a folder that holds it
		"in/nothing.csv": "gone.csv", // to nothing
		"in/again.csv":   "a.csv",    // a file read already
		"link-in":        "in",       // the PATH given is a link
	}
	for name, to := range links {
		if err := os.Symlink(to, filepath.Join(root, name)); err != nil {
			t.Fatal(err)
		}
	}
	files, ignored, err := Files([]string{filepath.Join(root, "link-in")}, filepath.Join(in, "public"))
	if err != nil {
		t.Fatal(err)
	}
	rel := func(p string) string { r, _ := filepath.Rel(root, p); return filepath.ToSlash(r) }
	var got []string
	for _, f := range files {
		got = append(got, rel(f))
	}
	want := []string{"link-in/a.csv", "link-in/link-d.csv", "link-in/link-other/c.csv", "link-in/sub/b.csv"}
	if !slices.Equal(got, want) {
		t.Errorf("files %q, want %q", got, want)
	}
	var notes []string
	for _, i := range ignored {
		notes = append(notes, rel(i.Path)+": "+i.Reason[:min(len(i.Reason), 24)])
	}
	slices.Sort(notes)
	wantNotes := []string{
		"link-in/again.csv: read already, as the fil",
		"link-in/nothing.csv: a link to nothing",
		"link-in/public: the output folder of thi",
		"link-in/sub/up: read already, as the fol",
	}
	if !slices.Equal(notes, wantNotes) {
		t.Errorf("ignored\n%s\nwant\n%s", strings.Join(notes, "\n"), strings.Join(wantNotes, "\n"))
	}
}
