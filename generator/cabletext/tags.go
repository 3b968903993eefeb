package cabletext

import (
	"regexp"
	"strings"
)

// tagsLabel matches the label of a TAGS line at the start of a line, in the
// spellings the archive uses:
//
//	tags-line = [spaces] ("TAGS" | "TAG" | "Tags" | "tags") [spaces] [":"] spaces values
//	          | [spaces] "AGS:" values          (the T lost)
var tagsLabel = regexp.MustCompile(`^[ \t]*(?:(?:TAGS?|Tags|tags)[ \t]*:?|AGS[ \t]*:)[ \t]+`)

// midTags finds a TAGS label that ran into the middle of a line.
const midTags = "TAGS:"

// findTags returns the tags of the TAGS line and the links over them. The
// TAGS line is the first line that starts with a TAGS label or holds
// "TAGS:"; its values are split on spaces, commas and semicolons and end at
// the first value that is itself a label ("SUBJECT:").
func findTags(text string, lines []line) ([]string, []Link) {
	for _, l := range lines {
		s := text[l.Start:l.End]
		if !strings.Contains(s, "AG") && !strings.Contains(s, "ag") {
			continue // no regular expression on lines that cannot match
		}
		start := -1
		if loc := tagsLabel.FindStringIndex(s); loc != nil {
			start = loc[1]
		} else if i := strings.Index(s, midTags); i >= 0 {
			start = i + len(midTags)
		}
		if start < 0 {
			continue
		}
		tags, links := splitTags(s[start:], l.Start+start)
		if len(tags) > 0 {
			return tags, links
		}
	}
	return nil, nil
}

// splitTags splits the values of a TAGS line that starts at offset base of
// the text.
func splitTags(s string, base int) ([]string, []Link) {
	var tags []string
	var links []Link
	seen := map[string]bool{}
	i := 0
	for i < len(s) {
		for i < len(s) && isTagSep(s[i]) {
			i++
		}
		j := i
		for j < len(s) && !isTagSep(s[j]) {
			j++
		}
		if i == j {
			break
		}
		tok := s[i:j]
		if strings.HasSuffix(tok, ":") {
			break // the next field ran into the TAGS line
		}
		a, b := trimTagPunct(tok)
		tag := strings.ToUpper(tok[a:b])
		if isTag(tag) {
			if !seen[tag] {
				seen[tag] = true
				tags = append(tags, tag)
			}
			links = append(links, Link{Start: base + i + a, End: base + i + b, Kind: LinkTag, Target: tag})
		}
		i = j
	}
	return tags, links
}

func isTagSep(c byte) bool {
	return c == ' ' || c == '\t' || c == ',' || c == ';' || c == '\r'
}

// trimTagPunct returns the bounds of tok without the punctuation around it.
func trimTagPunct(tok string) (int, int) {
	a, b := 0, len(tok)
	for a < b && strings.IndexByte(`.()[]"'`, tok[a]) >= 0 {
		a++
	}
	for b > a && strings.IndexByte(`.()[]"'`, tok[b-1]) >= 0 {
		b--
	}
	return a, b
}

// isTag reports whether s can be a tag: letters and digits, starting with a
// letter, at most 64 bytes.
func isTag(s string) bool {
	if s == "" || len(s) > 64 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}
