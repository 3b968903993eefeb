package source

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"time"

	"cablesite/generator/cable"
)

// Two plain-text layouts are read.
//
// The samples/txt layout:
//
//	line 1  reference ID
//	line 2  subject
//	line 3  created, as "Fri Dec 14 00:00:00 +0100 2001"
//	line 4  classification
//	line 5  origin
//	rest    header and text, glued together
//
// Text copied from a page of the original site: the site's navigation and
// help text, then the line "Reference ID Created Released Classification
// Origin", then a line of values ("10BEIJING326 2010-02-08 07:11 2011-08-23
// 00:00 UNCLASSIFIED Embassy Beijing"), then header and text.
//
// In both, the header (routing lines) and the text are not separated: the
// text starts at its classification banner (UNCLAS, C O N F I D E N T I A L,
// SECRET …), at the note that marks a partial extract, or at a dated line
// ("Friday, 23 February 2001, 15:53"), even where that stands glued to the
// end of the last header line.

// tableHeading is the line before the values line in copied pages.
const tableHeading = "Reference ID Created Released Classification Origin"

func looksLikeText(h []byte) bool {
	if bytes.Contains(h, []byte(tableHeading)) {
		return true
	}
	first, _, _ := bytes.Cut(h, []byte{'\n'})
	return cable.ValidateID(cable.NormalizeID(string(first))) == nil
}

// valuesLine matches the values line of copied pages.
var valuesLine = regexp.MustCompile(`^(\S+)\s+(\d{4}-\d\d-\d\d \d\d:\d\d)\s+(?:(\d{4}-\d\d-\d\d \d\d:\d\d)\s+)?(.+)$`)

// ParseText reads a plain-text cable in either layout. name is used in
// errors.
func ParseText(name string, data []byte, opt Options) (*cable.Cable, error) {
	s := strings.TrimPrefix(string(data), "\ufeff")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	c := &cable.Cable{Format: cable.FormatText}
	var rest string
	var line int // line of the metadata, for errors
	if k := indexLine(lines, tableHeading); k >= 0 {
		v := k + 1
		for v < len(lines) && strings.TrimSpace(lines[v]) == "" {
			v++
		}
		line = v + 1
		if v == len(lines) {
			return nil, errorf(name, k+1, "", "no line of values after %q", tableHeading)
		}
		m := valuesLine.FindStringSubmatch(strings.TrimSpace(lines[v]))
		if m == nil {
			return nil, errorf(name, line, "", "values line is not \"ID created [released] classification origin\"")
		}
		c.ID = m[1]
		var err error
		if c.Created, err = cable.ParseTime(m[2]); err != nil {
			return nil, &Error{File: name, Line: line, Field: "created", ID: m[1], Err: err}
		}
		if c.Released, err = cable.ParseTime(m[3]); err != nil {
			return nil, &Error{File: name, Line: line, Field: "released", ID: m[1], Err: err}
		}
		c.Classification, c.Origin = splitClassOrigin(m[4])
		rest = strings.Join(lines[v+1:], "")
	} else {
		if len(lines) < 5 {
			return nil, errorf(name, len(lines), "", "%d lines: the plain-text layout starts with five (ID, subject, date, classification, origin)", len(lines))
		}
		field := func(i int) string { return strings.TrimSpace(lines[i]) }
		c.ID, c.GivenSubject, c.Classification, c.Origin = field(0), field(1), field(3), field(4)
		created, err := parseTextTime(field(2))
		if err != nil {
			return nil, &Error{File: name, Line: 3, Field: "created", ID: cable.NormalizeID(c.ID), Err: err}
		}
		c.Created = created
		line = 1
		rest = strings.Join(lines[5:], "")
	}
	c.Header, c.Text = splitHeader(rest)
	c.Text = dropCopiedPilcrows(c.Text)
	if err := finish(c, name, line, opt); err != nil {
		return nil, err
	}
	return c, nil
}

func indexLine(lines []string, want string) int {
	for i, l := range lines {
		if strings.TrimSpace(l) == want {
			return i
		}
	}
	return -1
}

// splitClassOrigin cuts "UNCLASSIFIED Embassy Beijing" into classification
// and origin: the longest known classification that starts the string, or
// else its first word.
func splitClassOrigin(s string) (string, string) {
	best := ""
	for _, c := range cable.Classifications {
		if c != "" && strings.HasPrefix(s, c+" ") && len(c) > len(best) {
			best = c
		}
	}
	if best == "" {
		best, _, _ = strings.Cut(s, " ")
	}
	return best, strings.TrimSpace(s[len(best):])
}

// textTimeLayouts are the layouts of the date line of the samples/txt layout.
var textTimeLayouts = []string{
	"Mon Jan 02 15:04:05 -0700 2006",
	"Mon Jan 2 15:04:05 -0700 2006",
	cable.TimeLayout,
	"2006-01-02",
	"1/2/2006 15:04",
}

// parseTextTime reads the date line; the time is taken as written, in the
// zone it was written in.
func parseTextTime(s string) (cable.Time, error) {
	for _, layout := range textTimeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return cable.NewTime(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute()), nil
		}
	}
	return cable.Time{}, fmt.Errorf("%q is not a date such as \"Fri Dec 14 00:00:00 +0100 2001\"", s)
}

// bodyStart matches where the text of a cable starts.
var bodyStart = regexp.MustCompile(`(?m)(?:^|[^ \t\n])((?:This record is a partial extract)|(?:UNCLAS|UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)\b|C O N F I D E N T I A L|S E C R E T|U N C L A S|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \d)`)

// partialNoteLine is the note the archive puts before partial extracts.
var partialNoteLine = regexp.MustCompile(`^This record is a partial extract of the original cable\.(?: The full text of the original cable is not available\.)?`)

// splitHeader cuts the rest of a plain-text cable into header and text.
func splitHeader(s string) (string, string) {
	loc := bodyStart.FindStringSubmatchIndex(s)
	if loc == nil {
		return "", strings.TrimLeft(s, "\n")
	}
	header, text := s[:loc[2]], s[loc[2]:]
	if m := partialNoteLine.FindString(text); m != "" {
		// The note stands where the header would; the text follows it.
		if strings.TrimSpace(header) == "" {
			header = m
		} else {
			header = strings.TrimRight(header, "\n") + "\n" + m
		}
		text = strings.TrimLeft(text[len(m):], " \n")
	}
	return strings.TrimRight(header, "\n"), text
}

// copiedPilcrow matches the "¶" that text copied from the site's pages keeps
// before each numbered paragraph.
var copiedPilcrow = regexp.MustCompile(`(?m)^([ \t]*)¶[ \t]*([0-9]+\.|[A-Z]\.)`)

// dropCopiedPilcrows removes those marks: the paragraph anchors are the
// site's, not the cable's.
func dropCopiedPilcrows(s string) string {
	if !strings.Contains(s, "¶") {
		return s
	}
	return copiedPilcrow.ReplaceAllString(s, "$1$2")
}
