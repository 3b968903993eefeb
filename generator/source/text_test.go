package source

import (
	"strings"
	"testing"

	"cablesite/generator/cable"
	"cablesite/generator/internal/testcorpus"
)

func TestTextLayouts(t *testing.T) {
	for _, tc := range []struct {
		file, id, created, released, class, origin string
		headerEnd, textStart                       string
		partial                                    bool
	}{
		// Copied from a page of the original site.
		{"seed/10BEIJING326.txt", "10BEIJING326", "2010-02-08 07:11", "2011-08-23 00:00", "UNCLASSIFIED", "Embassy Beijing",
			"TO SECSTATE WASHDC IMMEDIATE 8003", "UNCLAS BEIJING 000326", false},
		// Header and text glued on one line: "...WASHDC 9600UNCLAS SECTION...".
		{"txt/01HAVANA4690.txt", "01HAVANA4690", "2001-12-14 00:00", "", "UNCLASSIFIED", "US Interests Section Havana",
			"TO SECSTATE WASHDC 9600", "UNCLAS SECTION 01 OF 02 HAVANA 004690", false},
		// Glued to a dated line: "...PRIORITYFriday, 23 February 2001, 15:53".
		{"txt/01PRETORIA1173.txt", "01PRETORIA1173", "2001-02-23 00:00", "", "CONFIDENTIAL", "Embassy Pretoria",
			"INFO SOUTHERN AFRICAN DEVELOPMENT COMMUNITY PRIORITY", "Friday, 23 February 2001, 15:53", false},
		// A partial extract: the note stands for the header.
		{"txt/02ANKARA8852.txt", "02ANKARA8852", "2002-12-04 00:00", "", "CONFIDENTIAL", "Embassy Ankara",
			"The full text of the original cable is not available.", "C O N F I D E N T I A L SECTION 01 OF 03 ANKARA 008852", true},
		// Metadata only.
		{"txt/02BOGOTA3281.txt", "02BOGOTA3281", "2002-04-11 00:00", "", "SECRET", "Embassy Bogota", "", "", false},
	} {
		c, err := At("text", locOf(testcorpus.Path(t, "samples", tc.file))).Parse(Options{})
		if err != nil {
			t.Errorf("%s: %v", tc.file, err)
			continue
		}
		got := []string{c.ID, c.Created.String(), c.Released.String(), c.Classification, c.Origin}
		want := []string{tc.id, tc.created, tc.released, tc.class, tc.origin}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s: metadata %q, want %q", tc.file, got, want)
		}
		if !strings.HasSuffix(strings.TrimRight(c.Header, " \n"), tc.headerEnd) {
			t.Errorf("%s: header ends %q, want %q", tc.file, tail(c.Header), tc.headerEnd)
		}
		if !strings.HasPrefix(c.Text, tc.textStart) {
			t.Errorf("%s: text starts %q, want %q", tc.file, head(c.Text), tc.textStart)
		}
		if strings.Contains(c.Text, "¶") {
			t.Errorf("%s: the copied ¶ marks are left in the text", tc.file)
		}
		if got := strings.Contains(c.Header, "partial extract"); got != tc.partial {
			t.Errorf("%s: partial-extract note in header = %v", tc.file, got)
		}
	}
}

func TestTextErrors(t *testing.T) {
	for _, tc := range []struct{ data, want string }{
		{"01HAVANA4690\nSUBJECT\n", "bad.txt:2: 2 lines: the plain-text layout starts with five (ID, subject, date, classification, origin)"},
		{"01HAVANA4690\nSUBJECT\nyesterday\nSECRET\nUS Interests Section Havana\nTEXT", `bad.txt:3: created: "yesterday" is not a date such as "Fri Dec 14 00:00:00 +0100 2001"`},
		{"01/HAVANA\nSUBJECT\nFri Dec 14 00:00:00 +0100 2001\nSECRET\nUS Interests Section Havana\nTEXT", `bad.txt:1: reference ID: reference ID "01/HAVANA" holds '/': only A-Z and 0-9 are allowed`},
		{"Reference ID Created Released Classification Origin\n10BEIJING326 yesterday\n", `bad.txt:2: values line is not "ID created [released] classification origin"`},
	} {
		_, err := ParseText("bad.txt", []byte(tc.data), Options{})
		if err == nil || err.Error() != tc.want {
			t.Errorf("ParseText(%q)\n got %v\nwant %s", tc.data, err, tc.want)
		}
	}
}

func tail(s string) string { return s[max(0, len(s)-60):] }
func head(s string) string { return s[:min(len(s), 60)] }

func locOf(file string) cable.Location { return cable.Location{File: file} }
