package render

import (
	"strings"
)

// The escapers of fragments: the functions that html/template puts after
// a value in its escaped tree, by their names there, done as html/template
// does them for a plain string (FuzzFragment compares the two).
var escapers = map[string]escaper{
	"_html_template_htmlescaper":   {"htmlescaper", escapeHTML, appendHTML},
	"_html_template_attrescaper":   {"attrescaper", escapeHTML, appendHTML},
	"_html_template_rcdataescaper": {"rcdataescaper", escapeHTML, appendHTML},
	"_html_template_urlfilter":     {"urlfilter", filterURL, appending(filterURL)},
	"_html_template_urlnormalizer": {"urlnormalizer", normalizeURL, appending(normalizeURL)},
	"_html_template_urlescaper":    {"urlescaper", escapeURL, appending(escapeURL)},
}

// escaper is one of html/template's escaping functions: fn returns the
// escaped string, to appends it to a buffer.
type escaper struct {
	name string
	fn   func(string) string
	to   func(b []byte, s string) []byte
}

func appending(fn func(string) string) func([]byte, string) []byte {
	return func(b []byte, s string) []byte { return append(b, fn(s)...) }
}

func normalizeURL(s string) string { return processURL(s, true) }
func escapeURL(s string) string    { return processURL(s, false) }

// htmlEscapes are the bytes that html/template escapes in text and in
// quoted attribute values, and what it writes for each. Every other byte,
// invalid UTF-8 included, is written as it is.
var htmlEscapes = [256]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// escapeHTML escapes s as html/template escapes a string in text or in a
// quoted attribute value.
func escapeHTML(s string) string {
	i := indexHTMLEscape(s)
	if i < 0 {
		return s
	}
	return string(appendHTML(make([]byte, 0, len(s)+16), s))
}

// appendHTML appends s to b, escaped as escapeHTML escapes it. It copies
// the runs of bytes between those it escapes at once: it escapes every
// byte of every cable.
func appendHTML(b []byte, s string) []byte {
	for {
		i := indexHTMLEscape(s)
		if i < 0 {
			return append(b, s...)
		}
		b = append(b, s[:i]...)
		b = append(b, htmlEscapes[s[i]]...)
		s = s[i+1:]
	}
}

// indexHTMLEscape returns the index of the first byte of s that escapeHTML
// escapes, or -1.
func indexHTMLEscape(s string) int {
	for i := 0; i < len(s); i++ {
		if htmlEscapes[s[i]] != "" {
			return i
		}
	}
	return -1
}

// filterURL is html/template's urlfilter: a URL whose scheme is not http,
// https or mailto becomes "#ZgotmplZ".
func filterURL(s string) string {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		if !strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
			return "#ZgotmplZ"
		}
	}
	return s
}

// processURL is html/template's urlnormalizer (norm) and urlescaper: it
// percent-encodes the bytes of s that may not stand in a URL (norm), or
// all but the unreserved ones (not norm).
func processURL(s string, norm bool) string {
	var b strings.Builder
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
			if norm {
				continue
			}
		case '-', '.', '_', '~':
			continue
		case '%':
			if norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				continue
			}
		default:
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				continue
			}
		}
		if written == 0 {
			b.Grow(len(s) + 16)
		}
		b.WriteString(s[written:i])
		b.WriteByte('%')
		b.WriteByte("0123456789abcdef"[c>>4])
		b.WriteByte("0123456789abcdef"[c&15])
		written = i + 1
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
