package cabletext

import (
	"strconv"
	"strings"
)

// paragraphLabel returns the number or letter that opens a numbered
// paragraph, or "" when s does not open one:
//
//	paragraph = [blanks] ["¶" [blanks]] (digits | A-Z) "." (blank | "(" | end)
//
// where blanks are spaces and tabs. This is the rule of the original site
// (which anchored "1. ", "B. " and "2008. " but not "U.S." or "E.O."), widened
// to "1.(C)" and to a "¶" copied from its pages.
func paragraphLabel(s string) string {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	if strings.HasPrefix(s[i:], "¶") {
		i += len("¶")
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
	}
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j == i {
		if j < len(s) && s[j] >= 'A' && s[j] <= 'Z' {
			j++
		} else {
			return ""
		}
	}
	if j >= len(s) || s[j] != '.' {
		return ""
	}
	if k := j + 1; k < len(s) && s[k] != ' ' && s[k] != '\t' && s[k] != '(' && s[k] != '\r' {
		return ""
	}
	return s[i:j]
}

// findParagraphs returns the anchored paragraphs of the text and how many
// of them are numbered. A paragraph runs from the line that opens it to the
// line before the next one (or the end of the text). Anchor ids are those of
// the original site ("par1", "parB"); a label that comes again gets a suffix
// ("par1_2") so that ids stay unique and the first keeps the original id.
//
// A text with no paragraph that opens a line, whose line breaks were lost
// (the original site shows a few hundred so), is cut at "1. (C)", "2. (C)"
// ... inside its lines (inlineParagraphs). A text with no numbered
// paragraph at all is cut into blocks at blank lines, anchored "t1", "t2",
// ...
func findParagraphs(text string, lines []line) ([]Paragraph, int) {
	var paras []Paragraph
	numbered := 0
	seen := map[string]int{}
	for _, l := range lines {
		label := paragraphLabel(text[l.Start:l.End])
		if label == "" {
			continue
		}
		if n := len(paras); n > 0 {
			paras[n-1].End = trimEnd(text, paras[n-1].Start, l.Start)
		}
		id := "par" + label
		seen[label]++
		if k := seen[label]; k > 1 {
			id += "_" + strconv.Itoa(k)
		}
		paras = append(paras, Paragraph{ID: id, Label: label, Start: l.Start, End: len(text)})
		if label[0] >= '0' && label[0] <= '9' {
			numbered++
		}
	}
	if len(paras) > 0 {
		paras[len(paras)-1].End = trimEnd(text, paras[len(paras)-1].Start, len(text))
		return paras, numbered
	}
	if paras := inlineParagraphs(text); len(paras) > 0 {
		return paras, len(paras)
	}
	return textBlocks(text, lines), 0
}

// inlineParagraphs returns the paragraphs of a text whose line breaks were
// lost: marks "N. (C)" (any classification mark, with or without the
// space) after a blank, numbered 1, 2, 3 ... in order, each paragraph
// running to the next mark. It returns none unless it finds marks 1 and 2.
func inlineParagraphs(text string) []Paragraph {
	var paras []Paragraph
	for from := 0; ; {
		label := strconv.Itoa(len(paras) + 1)
		at := inlineMark(text, from, label)
		if at < 0 {
			break
		}
		if n := len(paras); n > 0 {
			paras[n-1].End = trimEnd(text, paras[n-1].Start, at)
		}
		paras = append(paras, Paragraph{ID: "par" + label, Label: label, Start: at})
		from = at + len(label)
	}
	if len(paras) < 2 {
		return nil
	}
	paras[len(paras)-1].End = trimEnd(text, paras[len(paras)-1].Start, len(text))
	return paras
}

// inlineMark returns where the first mark "LABEL. (X)" after from starts,
// or -1.
func inlineMark(text string, from int, label string) int {
	for {
		i := strings.Index(text[from:], label+".")
		if i < 0 {
			return -1
		}
		at := from + i
		from = at + len(label)
		if at > 0 && !isBlank(text[at-1:at]) {
			continue
		}
		if classMark.MatchString(strings.TrimLeft(text[from+1:], " \t")) {
			return at
		}
	}
}

// textBlocks cuts a text into blocks separated by blank lines.
func textBlocks(text string, lines []line) []Paragraph {
	var blocks []Paragraph
	start := -1
	flush := func(end int) {
		if start >= 0 {
			blocks = append(blocks, Paragraph{ID: "t" + strconv.Itoa(len(blocks)+1), Start: start, End: end})
			start = -1
		}
	}
	for _, l := range lines {
		if isBlank(text[l.Start:l.End]) {
			flush(l.Start - 1)
			continue
		}
		if start < 0 {
			start = l.Start
		}
	}
	flush(trimEnd(text, max(start, 0), len(text)))
	return blocks
}

// trimEnd moves end back over the newlines and blank space that precede it,
// but not before start.
func trimEnd(text string, start, end int) int {
	for end > start {
		switch text[end-1] {
		case '\n', ' ', '\t', '\r':
			end--
			continue
		}
		break
	}
	return end
}

// findSigner returns the name that signs the cable: its last line of text,
// when that line is a name of one to three words ("HUNTSMAN", "van Voorst").
// Transmission marks after it (NNNN, "CABLE ENDS", quotes) are passed over.
func findSigner(text string, lines []line) string {
	for i := len(lines) - 1; i >= 0 && i >= len(lines)-12; i-- {
		s := strings.TrimSpace(text[lines[i].Start:lines[i].End])
		s = strings.Trim(s, `"' `)
		if s == "" || isEndMark(s) {
			continue
		}
		if isName(s) {
			return s
		}
		return ""
	}
	return ""
}

func isEndMark(s string) bool {
	switch s {
	case "NNNN", "BT", "END", "END CABLE", "...", "#":
		return true
	}
	return strings.Contains(s, "CABLE ENDS") || strings.Trim(s, "=-*_#") == ""
}

// isName reports whether s looks like a signature: one to three words of
// letters (with . ' -), at most 40 bytes.
func isName(s string) bool {
	if len(s) < 2 || len(s) > 40 {
		return false
	}
	words := strings.Fields(s)
	if len(words) > 3 {
		return false
	}
	letters := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z':
			letters++
		case c == ' ' || c == '.' || c == '\'' || c == '-':
		default:
			return false
		}
	}
	return letters >= 2 && s[0] != '.' && s[0] != '-'
}
