// Package cable is the model that every stage of the generator shares: one
// diplomatic cable, its metadata, its text, and the rules that turn its
// metadata into names that are safe to use in paths and URLs.
//
// A Cable arrives from a reader (package source) with its metadata, header and
// text; package cabletext then derives the subject, tags, references and
// paragraphs from the text. Nothing in this package reads files or renders.
package cable

import (
	"fmt"
	"strings"
	"time"
)

// Format names the layout a cable was read from.
type Format string

// The input layouts the readers understand.
const (
	FormatHTML Format = "html" // a page of the original site
	FormatCSV  Format = "csv"  // a record of the cables.csv release
	FormatText Format = "text" // a plain-text cable
)

// Location says where a cable came from: the file, the line its record starts
// on, and for files that hold many cables, the byte range of its record.
type Location struct {
	File   string
	Line   int   // 1-based line where the record starts
	Offset int64 // byte offset of the record in File
	Length int64 // byte length of the record; 0 when the record is the whole file
}

func (l Location) String() string {
	if l.Line > 0 {
		return fmt.Sprintf("%s:%d", l.File, l.Line)
	}
	return l.File
}

// Cable is one cable as read from a source, before or after its text has been
// analysed. Header and Text hold untrusted bytes and are never written
// anywhere without escaping.
type Cable struct {
	ID             string
	Created        Time
	Released       Time // zero when the source does not say
	Classification string
	Origin         string
	Header         string // routing and transmission lines
	Text           string // the cable itself
	Format         Format
	Source         Location
	// GivenSubject is the subject that the source states beside the text
	// (the plain-text layout has one), used when the text has no SUBJECT line.
	GivenSubject string
	// CSVReferences holds the references that the cables.csv release lists
	// in its own field, already as reference IDs. Empty for other formats.
	CSVReferences []string
}

// Time is a moment with minute precision, as the archive gives it. The zero
// Time means unknown.
type Time struct{ t time.Time }

// TimeLayout is the layout used to print and parse times everywhere in the
// project: "2010-02-08 07:11".
const TimeLayout = "2006-01-02 15:04"

// NewTime returns the Time for the given calendar minute.
func NewTime(year int, month time.Month, day, hour, min int) Time {
	return Time{time.Date(year, month, day, hour, min, 0, 0, time.UTC)}
}

// ParseTime reads a time in TimeLayout ("2010-02-08 07:11"); the empty string
// is the zero Time.
func ParseTime(s string) (Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Time{}, nil
	}
	t, err := time.Parse(TimeLayout, s)
	if err != nil {
		return Time{}, fmt.Errorf("time %q is not YYYY-MM-DD HH:MM", s)
	}
	return Time{t}, nil
}

// IsZero reports whether t is unknown.
func (t Time) IsZero() bool { return t.t.IsZero() }

// String formats t as "2010-02-08 07:11", or "" when unknown.
func (t Time) String() string {
	if t.t.IsZero() {
		return ""
	}
	return t.t.Format(TimeLayout)
}

// Date formats the day of t as "2010-02-08", or "" when unknown.
func (t Time) Date() string {
	if t.t.IsZero() {
		return ""
	}
	return t.t.Format("2006-01-02")
}

// Month formats the month of t as "2010-02", or "" when unknown.
func (t Time) Month() string {
	if t.t.IsZero() {
		return ""
	}
	return t.t.Format("2006-01")
}

// Year returns the year of t.
func (t Time) Year() int { return t.t.Year() }

// Std returns t as a time.Time in UTC.
func (t Time) Std() time.Time { return t.t }

// Unix returns t as minutes since 1970, a compact sort key; 0 when unknown.
func (t Time) Unix() int64 {
	if t.t.IsZero() {
		return 0
	}
	return t.t.Unix() / 60
}

// TimeFromUnix is the inverse of Time.Unix.
func TimeFromUnix(minutes int64) Time {
	if minutes == 0 {
		return Time{}
	}
	return Time{time.Unix(minutes*60, 0).UTC()}
}

// Compare returns -1, 0 or +1 as t is before, equal to or after u.
func (t Time) Compare(u Time) int { return t.t.Compare(u.t) }
