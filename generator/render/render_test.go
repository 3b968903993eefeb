package render

import (
	"bytes"
	"html/template"
	"strings"
	"testing"
	"testing/fstest"
)

// TestFuncs runs every template helper through a real template.
func TestFuncs(t *testing.T) {
	fsys := fstest.MapFS{
		"base.html":     {Data: []byte(`{{define "base"}}{{block "content" .}}{{end}}{{end}}`)},
		"partials.html": {Data: []byte(`{{define "site-header"}}{{end}}{{define "site-footer"}}{{end}}{{define "item"}}<li>{{.}}</li>{{end}}{{define "link"}}<a href="{{.Href}}">{{.Text}}</a>{{end}}`)},
	}
	cases := map[string]struct {
		tmpl string
		data any
		want string
	}{
		"commas":    {`{{commas .}}`, 251287, "251,287"},
		"plural":    {`{{plural . "cable" "cables"}} {{plural 1 "cable" "cables"}}`, 2, "cables cable"},
		"fragment":  {`{{fragment "link" .}}`, struct{ Href, Text string }{"a.html", "<A>"}, `<a href="a.html">&lt;A&gt;</a>`},
		"fragments": {`{{fragments "link" .}}`, []struct{ Href, Text string }{{"a.html", "A"}, {"b.html", "B"}}, `<a href="a.html">A</a><a href="b.html">B</a>`},
	}
	names := map[string]bool{"fragment": true, "fragments": true}
	for name := range funcs {
		names[name] = true
	}
	for name := range names {
		if _, ok := cases[name]; !ok {
			t.Errorf("helper %q has no test case", name)
		}
	}
	for name, tc := range cases {
		fsys[name+".html"] = &fstest.MapFile{Data: []byte(`{{define "content"}}` + tc.tmpl + `{{end}}`)}
		r, err := New(fsys, []string{name + ".html"})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := r.Execute(&buf, name+".html", tc.data); err != nil {
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

// fragmentCases are templates that fragments fill, each a case of what
// html/template escapes otherwise: text, attributes, URLs (whole, after a
// path, in a query), conditions, calls of other fragments and helpers.
var fragmentCases = `
{{define "text"}}<p title="{{.A}}">{{.B}}</p>{{end}}
{{define "url"}}<a href="{{.A}}">x</a><a href="../{{.A}}#{{.B}}">y</a><a href="https://x.org/?q={{.B}}&amp;r={{.A}}">z</a><a href="{{.A}}{{.B}}">w</a>{{end}}
{{define "cond"}}{{if .A}}<b class="{{.A}}">{{.B}}</b>{{else}}<i>{{.B}}</i>{{end}}{{if .N}} n={{.N}}{{end}}{{end}}
{{define "call"}}<ul>{{fragments "item" .Items}}</ul>{{fragment "text" .One}}{{end}}
{{define "item"}}<li id="{{.A}}">{{.B}}</li>{{end}}
{{define "helper"}}<span data-n="{{commas .N}}">{{commas .N}}</span>{{end}}
{{define "html"}}<div>{{.H}}</div>{{end}}
`

// fv is the value the fragments of fragmentCases are filled with.
type fv struct {
	A, B  string
	N     int
	H     template.HTML
	Items []fv
	One   *fv
}

// compareFragment fills the fragment name with v and executes the same
// template with html/template: the two must give the same bytes.
func compareFragment(t *testing.T, tmpl *template.Template, s *fragmentSet, name string, v fv) {
	t.Helper()
	var want bytes.Buffer
	if err := tmpl.ExecuteTemplate(&want, name, v); err != nil {
		t.Fatal(err)
	}
	got, err := s.one(name, v)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want.String() {
		t.Fatalf("fragment %s of %+v:\n got %q\nwant %q", name, v, got, want.String())
	}
}

func fragmentTemplates(t testing.TB) (*template.Template, *fragmentSet) {
	s := &fragmentSet{frags: map[string]*fragment{}}
	tmpl := template.Must(template.New("x").Funcs(funcs).Funcs(s.funcs()).Parse(fragmentCases))
	s.t = tmpl
	return tmpl, s
}

// TestFragment fills each fragment of fragmentCases with values that need
// escaping in each place, and compares with html/template.
func TestFragment(t *testing.T) {
	tmpl, s := fragmentTemplates(t)
	values := []fv{
		{},
		{A: "plain", B: "text", N: 1234567},
		{A: `"><script>alert(1)</script>`, B: `a&b <c> 'd' "e" +f`, N: -5},
		{A: "javascript:alert(1)", B: "#par3 ü/é?x=1&y=2 %zz %41", H: "<em>kept</em>"},
		{A: "HTTPS://x.org/a b", B: "\x00\xff\ufdd0 tab\tnl\n", Items: []fv{{A: "i1", B: "<1>"}, {A: "i2"}}, One: &fv{A: "o", B: "&"}},
	}
	for _, name := range []string{"text", "url", "cond", "call", "item", "helper", "html"} {
		for _, v := range values {
			compareFragment(t, tmpl, s, name, v)
		}
	}
}

// TestFragmentErrors checks that a template a fragment cannot fill is
// refused, naming what it cannot do.
func TestFragmentErrors(t *testing.T) {
	for src, want := range map[string]string{
		`{{range .Items}}x{{end}}`:           "cannot be a fragment",
		`<script>var a = "{{.A}}";</script>`: "escapes with _html_template_jsstrescaper",
		`<a title={{.A}}>x</a>`:              "escapes with _html_template_nospaceescaper",
		`<a title="{{.H}}">x</a>`:            "is HTML, written where only text may be",
		`{{.Items}}`:                         "a fragment writes strings and ints",
		`{{with .A}}{{.}}{{end}}`:            "cannot be a fragment",
		`{{fragment "nowhere" .One}}`:        `no template "nowhere"`,
		`{{if eq .A "x"}}y{{end}}`:           "cannot be a fragment",
	} {
		s := &fragmentSet{frags: map[string]*fragment{}}
		tmpl := template.Must(template.New("x").Funcs(funcs).Funcs(s.funcs()).Parse(`{{define "f"}}` + src + `{{end}}`))
		s.t = tmpl
		_, err := s.one("f", fv{A: "a", One: &fv{}})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("fragment %s: %v, want an error saying %q", src, err, want)
		}
	}
}

// FuzzFragment fills the fragments of fragmentCases with any values and
// compares with html/template: what a fragment writes is what
// html/template writes.
func FuzzFragment(f *testing.F) {
	f.Add("plain", "text", 0)
	f.Add(`"><img src=x onerror=alert(1)>`, "R&D's \x00 <br> +1", 42)
	f.Add("javascript:alert(1)", "../x y/ü?q=1&r=%2", -1)
	f.Add("mailto:a@b", "Ünïcödé ¶ \u2028 \ufdd0 \xff", 1000000)
	tmpl, s := fragmentTemplates(f)
	f.Fuzz(func(t *testing.T, a, b string, n int) {
		v := fv{A: a, B: b, N: n, H: template.HTML(b), Items: []fv{{A: b, B: a}}, One: &fv{A: b, B: a}}
		for _, name := range []string{"text", "url", "cond", "call", "helper", "html"} {
			compareFragment(t, tmpl, s, name, v)
		}
	})
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

// TestFragmentOfSlice fills a fragment with a slice, whose rows it fills
// with another.
func TestFragmentOfSlice(t *testing.T) {
	s := &fragmentSet{frags: map[string]*fragment{}}
	tmpl := template.Must(template.New("x").Funcs(funcs).Funcs(s.funcs()).Parse(`{{define "list"}}<ul>{{fragments "item" .}}</ul>{{end}}` + fragmentCases))
	s.t = tmpl
	got, err := s.one("list", []fv{{A: "1", B: "<one>"}, {A: "2"}})
	if want := `<ul><li id="1">&lt;one&gt;</li><li id="2"></li></ul>`; err != nil || string(got) != want {
		t.Errorf("list: %q, %v; want %q", got, err, want)
	}
}
