package render

import (
	"html/template"
	"strconv"
	"strings"
)

// funcs are the helpers templates may call, in alphabetical order. Each is
// small and pure; TestFuncs runs every one through a real template.
var funcs = template.FuncMap{
	// commas writes a count with thousands separators: 251287 -> "251,287".
	"commas": Commas,
	// linkItems writes links as li elements.
	"linkItems": LinkItems,
	// links writes links separated by spaces.
	"links": Links,
	// metadata writes the table of a cable's metadata.
	"metadata": Metadata,
	// openGraph writes the link-preview meta elements of a cable page.
	"openGraph": OpenGraph,
	// pager writes the links between the pages of a list.
	"pager": PagerHTML,
	// plural picks the word for a count: plural 1 "cable" "cables" -> "cable".
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return one
		}
		return many
	},
	// rows writes a table of cables.
	"rows": Rows,
	// share writes the share links of a cable or a paragraph.
	"share": ShareLinks,
}

// Commas writes n with a comma between groups of three digits.
func Commas(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
