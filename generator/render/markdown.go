package render

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

// md converts the site's Markdown pages: CommonMark with tables, auto
// heading ids, and raw HTML left out (it is escaped, not passed through).
var md = goldmark.New(
	goldmark.WithExtensions(extension.Table, extension.Typographer),
	goldmark.WithParserOptions(parser.WithAutoHeadingID()),
)

// Markdown converts a Markdown page. Its title is the text of its first
// level-one heading ("# About"), or "" when it has none.
func Markdown(src []byte) (title string, body template.HTML, err error) {
	for _, line := range strings.Split(string(src), "\n") {
		if t, ok := strings.CutPrefix(line, "# "); ok {
			title = strings.TrimSpace(t)
			break
		}
	}
	var buf bytes.Buffer
	if err := md.Convert(src, &buf); err != nil {
		return "", "", fmt.Errorf("markdown: %w", err)
	}
	return title, template.HTML(buf.String()), nil
}
