package page

import (
	"strings"

	"cablesite/generator/state"
)

// Redirects is the file _redirects, which hosts such as Netlify read: a
// 301 for each rule.
type Redirects struct {
	Rules []Rule
}

// Rule is a redirect from one path of the site to another.
type Rule struct {
	From, To string
}

// Bytes returns the file.
func (r *Redirects) Bytes() []byte {
	var b strings.Builder
	b.WriteString("# The original site's numbered origin and classification pages, and the canonical IDs of malformed ones.\n")
	for _, rule := range r.Rules {
		b.WriteString(rule.From + " " + rule.To + " 301!\n")
	}
	return []byte(b.String())
}

// File is a file of the site made before the pages are written (an asset):
// its key is that of its bytes.
type File struct {
	Path string
	Data []byte `key:"-"` // its key is Sum
	Sum  state.Key
}
