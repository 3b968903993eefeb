package render

import (
	"bytes"
	"html/template"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/PuerkitoBio/goquery"

	"cablesite"
	"cablesite/generator/cable"
	"cablesite/generator/cabletext"
)

// TestFuncs runs every template helper through a real template.
func TestFuncs(t *testing.T) {
	cases := map[string]struct {
		tmpl string
		data any
		want string
	}{
		"commas": {`{{commas .}}`, 251287, "251,287"},
		"plural": {`{{plural . "cable" "cables"}} {{plural 1 "cable" "cables"}}`, 2, "cables cable"},
	}
	for name := range funcs {
		if _, ok := cases[name]; !ok {
			t.Errorf("helper %q has no test case", name)
		}
	}
	for name, tc := range cases {
		tmpl := template.Must(template.New(name).Funcs(funcs).Parse(tc.tmpl))
		var buf bytes.Buffer
		if err := tmpl.Execute(&buf, tc.data); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if buf.String() != tc.want {
			t.Errorf("%s: %q, want %q", name, buf.String(), tc.want)
		}
	}
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", -1234567: "-1,234,567"} {
		if got := Commas(n); got != want {
			t.Errorf("Commas(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestBlocks(t *testing.T) {
	text := "UNCLAS BEIJING 000326\nTAGS: CH PGOV\nREF: BEIJING 12\n\n1. (SBU) One.\n\n2. (SBU) Two\nlines.\n"
	created, _ := cable.ParseTime("2010-02-08 07:11")
	d := cabletext.Analyze(&cable.Cable{ID: "10BEIJING326", Created: created, Text: text})
	blocks := Blocks(text, d, func(l cabletext.Link) (string, string) {
		if l.Target == "PGOV" {
			return "", "" // left as text
		}
		return "x/" + l.Target, "t"
	})
	var got []string
	for _, b := range blocks {
		var s strings.Builder
		s.WriteString(b.ID + ":")
		for _, p := range b.Pieces {
			if p.Href != "" {
				s.WriteString("[" + p.Text + "](" + p.Href + ")")
			} else {
				s.WriteString(p.Text)
			}
		}
		got = append(got, s.String())
	}
	want := []string{
		":UNCLAS BEIJING 000326\nTAGS: [CH](x/CH) PGOV\nREF: [BEIJING 12](x/10BEIJING12)",
		"par1:1. (SBU) One.",
		"par2:2. (SBU) Two\nlines.",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("blocks\n got %q\nwant %q", got, want)
	}
}

func TestNewShare(t *testing.T) {
	s := NewShare("10BEIJING326 ¶3", "https://example.org/cable/2010/02/10BEIJING326.html#par3", "#cablegate #10BEIJING326")
	want := "10BEIJING326%20%C2%B63%20https%3A%2F%2Fexample.org%2Fcable%2F2010%2F02%2F10BEIJING326.html%23par3%20%23cablegate%20%2310BEIJING326"
	if s.X != "https://twitter.com/intent/tweet?text="+want || s.Bluesky != "https://bsky.app/intent/compose?text="+want || s.Mastodon != "https://share.joinmastodon.org/#text="+want {
		t.Errorf("share links %+v", s)
	}
}

// TestEscaping renders a cable whose text and metadata try to inject
// markup, and checks that the page shows it as text.
func TestEscaping(t *testing.T) {
	r, err := New(cablesite.Templates())
	if err != nil {
		t.Fatal(err)
	}
	evil := `"><img src=x onerror=alert(1)><script>alert("x")</script>`
	text := "SUBJECT: " + evil + "\n\n1. (C) " + evil + "\n"
	created, _ := cable.ParseTime("2010-02-08 07:11")
	d := cabletext.Analyze(&cable.Cable{ID: "10EVIL1", Created: created, Text: text})
	site := &Site{Name: "Test", Total: 1, Count: 1, CSS: "a.css", JS: "a.js"}
	page := &CablePage{
		Page:           Page{Site: site, Path: "cable/2010/02/10EVIL1.html", Root: "../../../", Title: evil, Description: evil},
		ID:             "10EVIL1",
		Subject:        d.Subject,
		Origin:         evil,
		Classification: evil,
		Header:         evil,
		Hashtags:       "#cablegate #10EVIL1",
		Tags:           []Link{{Text: evil, Href: "javascript:alert(1)", Title: evil}},
		Blocks:         Blocks(text, d, func(cabletext.Link) (string, string) { return "", "" }),
		Share:          NewShare(evil, "10EVIL1.html", evil),
	}
	var buf bytes.Buffer
	if err := r.Execute(&buf, KindCable, page); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Contains(out, "<script>alert") || strings.Contains(out, "<img src=x") || strings.Contains(out, "javascript:alert") {
		t.Fatalf("markup from the cable reached the page:\n%s", out)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if n := doc.Find("img").Length(); n != 0 {
		t.Errorf("%d img elements on the page", n)
	}
	if n := doc.Find("script").Length(); n != 1 {
		t.Errorf("%d script elements, want the site's one", n)
	}
	if got := doc.Find("#par1 pre").Text(); !strings.Contains(got, evil) {
		t.Errorf("paragraph shows %q, want the text as written", got)
	}
	if got := doc.Find("h1").Text(); !strings.Contains(got, `<script>alert("x")</script>`) {
		t.Errorf("title shows %q", got)
	}
}

func TestOverlay(t *testing.T) {
	top := fstest.MapFS{"base.html": {Data: []byte("top")}}
	bottom := fstest.MapFS{"base.html": {Data: []byte("bottom")}, "cable.html": {Data: []byte("cable")}}
	o := Overlay(top, bottom)
	for name, want := range map[string]string{"base.html": "top", "cable.html": "cable"} {
		f, err := o.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		buf.ReadFrom(f)
		if buf.String() != want {
			t.Errorf("%s = %q, want %q", name, buf.String(), want)
		}
	}
	if err := fstest.TestFS(o, "base.html", "cable.html"); err != nil {
		t.Error(err)
	}
}

func TestMarkdown(t *testing.T) {
	title, body, err := Markdown([]byte("# About this archive\n\nSome *text* and <script>x</script>.\n"))
	if err != nil {
		t.Fatal(err)
	}
	if title != "About this archive" || !strings.Contains(string(body), "<em>text</em>") || strings.Contains(string(body), "<script>") {
		t.Errorf("Markdown: %q %q", title, body)
	}
}
