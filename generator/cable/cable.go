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

// MinYear and MaxYear bound the years of the times a cable may have, in
// every layout: the archive's cables were written from 1966 to 2010 and
// released from 2010, so a year outside these is a typing error (and the
// search index keeps a day in 16 bits from MinYear).
const (
	MinYear = 1950
	MaxYear = 2099
)

// CheckYear reports a time whose year is outside MinYear to MaxYear. The
// zero Time passes.
func CheckYear(t Time) error {
	if t.IsZero() {
		return nil
	}
	if y := t.Year(); y < MinYear || y > MaxYear {
		return fmt.Errorf("year %d is not from %d to %d", y, MinYear, MaxYear)
	}
	return nil
}

// Time is a moment with minute precision, as the archive gives it: the
// minutes since 1970-01-01 00:00 UTC, plus one so that the zero Time means
// unknown. It holds no pointer, so that indexes of many cables cost the
// garbage collector nothing.
type Time struct{ m int64 }

// TimeLayout is the layout used to print and parse times everywhere in the
// project: "2010-02-08 07:11".
const TimeLayout = "2006-01-02 15:04"

// NewTime returns the Time for the given calendar minute.
func NewTime(year int, month time.Month, day, hour, min int) Time {
	return fromStd(time.Date(year, month, day, hour, min, 0, 0, time.UTC))
}

func fromStd(t time.Time) Time { return Time{t.Unix()/60 + 1} }

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
	return fromStd(t), nil
}

// IsZero reports whether t is unknown.
func (t Time) IsZero() bool { return t.m == 0 }

// String formats t as "2010-02-08 07:11", or "" when unknown.
func (t Time) String() string {
	if t.IsZero() {
		return ""
	}
	return t.Std().Format(TimeLayout)
}

// Date formats the day of t as "2010-02-08", or "" when unknown.
func (t Time) Date() string {
	if t.IsZero() {
		return ""
	}
	return t.Std().Format("2006-01-02")
}

// Month formats the month of t as "2010-02", or "" when unknown.
func (t Time) Month() string {
	if t.IsZero() {
		return ""
	}
	return t.Std().Format("2006-01")
}

// Year returns the year of t.
func (t Time) Year() int { return t.Std().Year() }

// Std returns t as a time.Time in UTC (the zero time.Time when unknown).
func (t Time) Std() time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return time.Unix((t.m-1)*60, 0).UTC()
}

// Unix returns t as a compact number that TimeFromUnix reads back; 0 when
// unknown.
func (t Time) Unix() int64 { return t.m }

// TimeFromUnix is the inverse of Time.Unix.
func TimeFromUnix(n int64) Time { return Time{n} }

// Compare returns -1, 0 or +1 as t is before, equal to or after u; the
// unknown Time is before every other.
func (t Time) Compare(u Time) int {
	switch {
	case t.m < u.m:
		return -1
	case t.m > u.m:
		return 1
	}
	return 0
}
