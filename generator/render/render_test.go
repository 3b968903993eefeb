package render

import (
	"bytes"
	"html/template"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

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
		"pager": {`{{pager .}}`, Pager{Page: 1, Pages: 3, First: "a_0.html", Prev: "a_0.html", Next: "a_2.html", Last: "a_2.html",
			Links: []Link{{Text: "1", Href: "a_0.html"}, {Text: "2"}, {Text: "3", Href: "a_2.html"}}},
			`<nav class="pager" aria-label="Pages"><a href="a_0.html" rel="first" aria-label="First page">«</a><a href="a_0.html" rel="prev" aria-label="Previous page">‹</a>` +
				`<a href="a_0.html">1</a><span class="here" aria-current="page">2</span><a href="a_2.html">3</a>` +
				`<a href="a_2.html" rel="next" aria-label="Next page">›</a><a href="a_2.html" rel="last" aria-label="Last page">»</a></nav>`},
		"plural": {`{{plural . "cable" "cables"}} {{plural 1 "cable" "cables"}}`, 2, "cables cable"},
		"links": {`{{links .}}`, []Link{{Text: "PGOV", Href: "../tag/PGOV_0.html", Title: "<internal>"}, {Text: "09X1"}},
			`<a href="../tag/PGOV_0.html" title="&lt;internal&gt;">PGOV</a> <span class="absent" title="not in this archive">09X1</span>`},
		"metadata": {`{{metadata .}}`, &CablePage{ID: "10X1", Created: "2010-02-08 07:11", CreatedHref: "../d.html", Classification: "SECRET", ClassHref: "../c.html", Origin: "Embassy <X>", OriginHref: "../o.html"},
			"<table class=\"meta\">\n<thead><tr><th scope=\"col\">Reference ID</th><th scope=\"col\">Created</th><th scope=\"col\">Released</th><th scope=\"col\">Classification</th><th scope=\"col\">Origin</th></tr></thead>\n<tbody><tr>\n" +
				"<td data-label=\"Reference ID\"><a href=\"10X1.html\">10X1</a></td>\n<td data-label=\"Created\"><a href=\"../d.html\">2010-02-08 07:11</a></td>\n<td data-label=\"Released\">unknown</td>\n" +
				"<td data-label=\"Classification\"><a href=\"../c.html\">SECRET</a></td>\n<td data-label=\"Origin\"><a href=\"../o.html\">Embassy &lt;X&gt;</a></td>\n</tr></tbody>\n</table>"},
		"openGraph": {`{{openGraph .}}`, &CablePage{Page: Page{Site: &Site{Name: "Archive"}, Description: `He said "no".`, Canonical: "https://e.org/c.html"}, ID: "10X1", Subject: "A & B"},
			"<meta property=\"og:type\" content=\"article\">\n<meta property=\"og:site_name\" content=\"Archive\">\n<meta property=\"og:title\" content=\"10X1: A &amp; B\">\n" +
				"<meta property=\"og:description\" content=\"He said &#34;no&#34;.\">\n<meta property=\"og:url\" content=\"https://e.org/c.html\">\n<meta name=\"twitter:card\" content=\"summary\">"},
		"linkItems": {`{{linkItems .}}`, []Link{{Text: "A", Href: "a.html"}, {Text: "B"}},
			"<li><a href=\"a.html\">A</a></li>\n<li><span class=\"absent\" title=\"not in this archive\">B</span></li>"},
		"rows": {`{{rows .}}`, []Row{{ID: "10X1", Href: "x.html", Subject: "<b>", Created: "2010-02-08", CreatedHref: "d.html", Class: "SECRET", ClassHref: "c.html", Origin: "O", OriginHref: "o.html"}},
			`<table class="cables">
<thead><tr><th scope="col">Reference ID</th><th scope="col">Subject</th><th scope="col">Created</th><th scope="col">Released</th><th scope="col">Classification</th><th scope="col">Origin</th></tr></thead>
<tbody>
<tr id="10X1">
<td class="id" data-label="Reference ID"><a href="x.html">10X1</a></td>
<td class="subject" data-label="Subject"><a href="x.html">&lt;b&gt;</a></td>
<td class="date" data-label="Created"><a href="d.html">2010-02-08</a></td>
<td class="date" data-label="Released">unknown</td>
<td class="class" data-label="Classification"><a href="c.html">SECRET</a></td>
<td class="origin" data-label="Origin"><a href="o.html">O</a></td>
</tr>
</tbody>
</table>`},
		"share": {`{{share .}}`, NewShare("10X1 ¶B", "https://e.org/x.html#parB", "#cablegate #10X1"),
			`<span class="share"><a class="copy" href="https://e.org/x.html#parB">link</a> ` +
				`<a href="https://twitter.com/intent/tweet?text=10X1%20%C2%B6B%20https://e.org/x.html%23parB%20%23cablegate%20%2310X1">X</a> ` +
				`<a href="https://share.joinmastodon.org/#text=10X1%20%C2%B6B%20https://e.org/x.html%23parB%20%23cablegate%20%2310X1">Mastodon</a> ` +
				`<a href="https://bsky.app/intent/compose?text=10X1%20%C2%B6B%20https://e.org/x.html%23parB%20%23cablegate%20%2310X1">Bluesky</a></span>`},
		"share without the site's address": {`{{share .}}`, NewShare("10X1 ¶B", "x.html#parB", "#cablegate #10X1"),
			`<span class="share"><a class="copy" href="x.html#parB">link</a> ` +
				`<a href="https://twitter.com/intent/tweet?text=10X1%20%C2%B6B%20x.html%23parB%20%23cablegate%20%2310X1">X</a> ` +
				`<a href="https://share.joinmastodon.org/#text=10X1%20%C2%B6B%20x.html%23parB%20%23cablegate%20%2310X1">Mastodon</a> ` +
				`<a href="https://bsky.app/intent/compose?text=10X1%20%C2%B6B%20x.html%23parB%20%23cablegate%20%2310X1">Bluesky</a></span>`},
	}
	for name := range funcs {
		if _, ok := cases[name]; !ok && name != "share" {
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

func TestText(t *testing.T) {
	text := "UNCLAS BEIJING 000326\nTAGS: CH PGOV\nREF: BEIJING 12\n\n1. (SBU) One.\n\nB. Two\nlines.\n"
	created, _ := cable.ParseTime("2010-02-08 07:11")
	d := cabletext.Analyze(&cable.Cable{ID: "10BEIJING326", Created: created, Text: text})
	link := func(l cabletext.Link) (string, string) {
		if l.Target == "PGOV" {
			return "", "" // left as text
		}
		return "x/" + l.Target, "t"
	}
	got := string(Text(text, d, link, nil))
	want := "<div class=\"para lead\">\n<pre>UNCLAS BEIJING 000326\nTAGS: <a href=\"x/CH\" title=\"t\">CH</a> PGOV\nREF: <a href=\"x/10BEIJING12\" title=\"t\">BEIJING 12</a></pre>\n</div>\n" +
		"<div class=\"para\" id=\"par1\">\n<a class=\"pilcrow\" href=\"#par1\" title=\"Link to this paragraph\">¶</a>\n<pre>1. (SBU) One.</pre>\n</div>\n" +
		"<div class=\"para\" id=\"parB\">\n<a class=\"pilcrow\" href=\"#parB\" title=\"Link to this paragraph\">¶</a>\n<pre>B. Two\nlines.</pre>\n</div>"
	if got != want {
		t.Errorf("text\n got %q\nwant %q", got, want)
	}
	var shared []string
	withShares := string(Text(text, d, link, func(id, label string) Share {
		shared = append(shared, id+"/"+label)
		return NewShare("10BEIJING326 ¶"+label, "x.html#"+id, "#cablegate")
	}))
	if strings.Join(shared, " ") != "par1/1 parB/B" || strings.Count(withShares, `<p class="para-tools">`) != 2 {
		t.Errorf("share links for %v:\n%s", shared, withShares)
	}
}

func TestNewShare(t *testing.T) {
	s := NewShare("10BEIJING326 ¶3", "https://example.org/cable/2010/02/10BEIJING326.html#par3", "#cablegate #10BEIJING326")
	want := "10BEIJING326%20%C2%B63%20https://example.org/cable/2010/02/10BEIJING326.html%23par3%20%23cablegate%20%2310BEIJING326"
	if s.Encoded != want {
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
		Text:           Text(text, d, func(cabletext.Link) (string, string) { return "", "" }, nil),
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

// FuzzText checks that the HTML of Text holds every byte of the text as
// text, and no element but the ones it lays the text out with.
func FuzzText(f *testing.F) {
	f.Add("SUBJECT: <script>alert(1)</script>\nTAGS: PGOV\nREF: BEIJING 12\n\n1. (C) \"><img src=x onerror=alert(1)> &amp; \x00\n")
	f.Add("TAGS: CH KWMN KTIP PGOV\nSUBJECT: IOM DEEMS CHINA\n\n1. (SBU) In a January 28, 2010 telcon\n2. (SBU) According to Sinkowits")
	created, _ := cable.ParseTime("2010-02-08 07:11")
	allowed := map[string]bool{"div": true, "a": true, "pre": true, "p": true, "span": true}
	norm := strings.NewReplacer("\x00", "\uFFFD", "\r\n", "\n", "\r", "\n").Replace // as the HTML parser reads them
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		d := cabletext.Analyze(&cable.Cable{ID: "10BEIJING326", Created: created, Text: text})
		html := Text(text, d, func(l cabletext.Link) (string, string) { return "x/" + l.Target + ".html", "<" + l.Target + ">\"" },
			func(id, label string) Share { return NewShare("10BEIJING326 ¶"+label, "x.html#"+id, "#cablegate") })
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(string(html)))
		if err != nil {
			t.Fatal(err)
		}
		doc.Find("body *").Each(func(_ int, s *goquery.Selection) {
			if !allowed[goquery.NodeName(s)] {
				t.Fatalf("element <%s> in %q", goquery.NodeName(s), html)
			}
		})
		doc.Find("pre").Each(func(_ int, s *goquery.Selection) {
			if s.Find("*").Not("a").Length() > 0 {
				t.Fatalf("markup in a block of text: %q", html)
			}
			if got := norm(s.Text()); !strings.Contains(norm(text), got) {
				t.Fatalf("block text %q is not in the text %q", got, text)
			}
		})
	})
}

// FuzzEscape checks that esc escapes as html/template's HTMLEscapeString.
func FuzzEscape(f *testing.F) {
	for _, s := range []string{"", "plain", `"><img src=x onerror=alert(1)>`, "R&D's \x00 <br>", "Ünïcödé ¶ \u2028",
		// Long texts are searched another way than short ones.
		strings.Repeat("THE AMBASSADOR'S \"VIEW\" OF R&D <1> ", 4), strings.Repeat("x", 200) + "<" + strings.Repeat("y", 70) + "&&",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := esc(s), template.HTMLEscapeString(s); got != want {
			t.Fatalf("esc(%q) = %q, want %q", s, got, want)
		}
	})
}
