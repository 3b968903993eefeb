package cabletext

import (
	"regexp"
	"strings"

	"cablesite/generator/tags"
)

// tagsLabel matches the label of a TAGS line at the start of a line, in the
// spellings the archive uses:
//
//	tags-line = [spaces] ("TAGS" | "TAG" | "Tags" | "tags") [spaces] [":"] spaces values
//	          | [spaces] "AGS:" values          (the T lost)
var tagsLabel = regexp.MustCompile(`^[ \t]*(?:(?:TAGS?|Tags|tags)[ \t]*:?|AGS[ \t]*:)[ \t]+`)

// midTags finds a TAGS label that ran into the middle of a line
// ("E.O. 12958: DECL: 08/19/2018 TAGS: PREL ...", "DECL: 02/07/2016TAGS:
// PREL"): in capitals anywhere, in other cases after a word's end.
var midTags = regexp.MustCompile(`(?:TAGS|\b(?i:tags)):[ \t]*`)

// findTags returns the tags of the TAGS line and the links over them. The
// TAGS line is the first line that starts with a TAGS label or holds one;
// it goes on over the lines after it that hold nothing but known codes
// ("TAGS: UNGA AORC PGOV CN GH\nSZ, SP, JA, TU, IS"). Its values are read
// by tags.Parse.
func findTags(text string, lines []line) ([]string, []Link) {
	for i, l := range lines {
		s := text[l.Start:l.End]
		if !strings.Contains(s, "AG") && !strings.Contains(s, "ag") {
			continue // no regular expression on lines that cannot match
		}
		start := -1
		if loc := tagsLabel.FindStringIndex(s); loc != nil {
			start = loc[1]
		} else if loc := midTags.FindStringIndex(s); loc != nil {
			start = loc[1]
		}
		if start < 0 {
			continue
		}
		end := l.End
		for _, next := range lines[i+1 : min(i+3, len(lines))] {
			if !onlyCodes(text[next.Start:next.End]) {
				break
			}
			end = next.End
		}
		var codes []string
		var links []Link
		base := l.Start + start
		for _, f := range tags.Parse(text[base:end]) {
			codes = append(codes, f.Tag)
			links = append(links, Link{Start: base + f.Start, End: base + f.End, Kind: LinkTag, Target: f.Tag})
		}
		if len(codes) > 0 {
			return codes, links
		}
	}
	return nil, nil
}

// onlyCodes reports whether a line holds known tags and nothing else.
func onlyCodes(s string) bool {
	words := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' || r == ';' })
	if len(words) == 0 {
		return false
	}
	for _, w := range words {
		if !tags.Known(strings.Trim(w, ".")) {
			return false
		}
	}
	return true
}
