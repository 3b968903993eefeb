package source

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"cablesite/generator/cable"
	"cablesite/generator/internal/testcorpus"
)

// readAll reads every record of a file, returning the cables and the
// errors in order.
func readAll(t *testing.T, name string) ([]*cable.Cable, []error) {
	t.Helper()
	r, err := Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var cs []*cable.Cable
	var errs []error
	for {
		rec, err := r.Next()
		if err == io.EOF {
			return cs, errs
		}
		if err != nil {
			t.Fatal(err)
		}
		c, err := rec.Parse(Options{})
		if err != nil {
			errs = append(errs, err)
			continue
		}
		cs = append(cs, c)
		// Reading the record again from its location gives the same cable.
		again, err := At(rec.Format, c.Source).Parse(Options{})
		if err != nil || again.ID != c.ID || again.Text != c.Text || again.Header != c.Header {
			t.Errorf("%s: reading %s again at %+v gives %v, %v", name, c.ID, c.Source, again, err)
		}
	}
}

func writeFile(t *testing.T, name, data string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCSVRecords(t *testing.T) {
	data := `"1","12/28/1966 18:48","66BUENOSAIRES2481","Embassy Buenos Aires","UNCLASSIFIED","66STATE106206","P R 281848Z DEC 66
FM AMEMBASSY BUENOS AIRES
","UNCLASSIFIED BUENOS AIRES 2481
OF \"PREFERENTIAL JURISDICTION\" FOR FISHING, SHAH\'S VIEW, C:\\DOCS
A stray "quote" stays.
"
"2","2/25/1972 9:30","72TEHRAN1164","Embassy Tehran","UNCLASSIFIED","72MOSCOW1603|72TEHRAN1091|bad id","R 250930Z FEB 72","TEXT","WITH","COMMAS"
"3","2/30/1972 9:30","72TEHRAN9999","Embassy Tehran","UNCLASSIFIED","","h","t"
"4","3/1/1972 9:30","../../etc/passwd","Embassy Tehran","UNCLASSIFIED","","h","t"
"5","3/1/1972 9:30","72TEHRAN1","","SECRET","","h","t"
"6","3/1/1972 9:30","72TEHRAN2","Embassy Tehran","SECRET","","header only"
"7","3/2/1972 10:00","72TEHRAN3","Embassy Tehran","SECRET","","h","last record, no newline"`
	name := writeFile(t, "cables.csv", data)
	cs, errs := readAll(t, name)
	if len(cs) != 3 {
		t.Fatalf("read %d cables, want 3: %v", len(cs), errs)
	}
	c := cs[0]
	if c.ID != "66BUENOSAIRES2481" || c.Created.String() != "1966-12-28 18:48" || c.Origin != "Embassy Buenos Aires" {
		t.Errorf("first record: %+v", c)
	}
	if !strings.Contains(c.Text, `OF "PREFERENTIAL JURISDICTION" FOR FISHING, SHAH'S VIEW, C:\DOCS`) || !strings.Contains(c.Text, `A stray "quote" stays.`) {
		t.Errorf("escapes not undone: %q", c.Text)
	}
	if c.Header != "P R 281848Z DEC 66\nFM AMEMBASSY BUENOS AIRES\n" {
		t.Errorf("header %q", c.Header)
	}
	if got := strings.Join(c.CSVReferences, " "); got != "66STATE106206" {
		t.Errorf("references %q", got)
	}
	if c.Source.Line != 1 || cs[1].Source.Line != 7 {
		t.Errorf("lines %d, %d; want 1, 7", c.Source.Line, cs[1].Source.Line)
	}
	if got := strings.Join(cs[1].CSVReferences, " "); got != "72MOSCOW1603 72TEHRAN1091" {
		t.Errorf("references %q: an invalid ID must be dropped", got)
	}
	if cs[1].Text != `TEXT","WITH","COMMAS` {
		t.Errorf("a text with quoted commas: %q", cs[1].Text)
	}
	if cs[2].ID != "72TEHRAN3" || cs[2].Text != "last record, no newline" {
		t.Errorf("last record: %+v", cs[2])
	}
	wantErrs := []string{
		name + ":8: created: \"2/30/1972 9:30\" is not M/D/YYYY H:MM",
		name + `:9: reference ID: reference ID "../../ETC/PASSWD" does not start with two digits of year`,
		name + ":10: origin: missing",
		name + ":11: record has 7 fields, want 8 (missing text)",
	}
	if len(errs) != len(wantErrs) {
		t.Fatalf("errors %v, want %d", errs, len(wantErrs))
	}
	for i, e := range errs {
		var se *Error
		if !errors.As(e, &se) {
			t.Errorf("error %v is not a *source.Error", e)
		}
		if e.Error() != wantErrs[i] {
			t.Errorf("error\n got %s\nwant %s", e, wantErrs[i])
		}
	}
}

func TestCSVLargeRecord(t *testing.T) {
	// A record larger than the reader's buffer.
	text := strings.Repeat("A LONG LINE OF A VERY LONG CABLE \\\" WITH QUOTES\n", csvChunk/40)
	data := `"1","1/2/2003 4:05","03ROME1","Embassy Rome","SECRET","","h","` + text + "\"\n" +
		`"2","1/2/2003 4:06","03ROME2","Embassy Rome","SECRET","","h","short"` + "\n"
	cs, errs := readAll(t, writeFile(t, "big.csv", data))
	if len(errs) > 0 || len(cs) != 2 {
		t.Fatalf("cables %d, errors %v", len(cs), errs)
	}
	if len(cs[0].Text) != len(text)-strings.Count(text, `\"`) {
		t.Errorf("text of %d bytes, want %d", len(cs[0].Text), len(text)-strings.Count(text, `\"`))
	}
	if cs[1].Source.Line != 2+strings.Count(text, "\n") {
		t.Errorf("second record on line %d", cs[1].Source.Line)
	}
}

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		name, head string
		want       cable.Format
	}{
		{"a/cable/2010/02/10BEIJING326.html", "", cable.FormatHTML},
		{"cables.csv", "", cable.FormatCSV},
		{"01HAVANA4690.txt", "", cable.FormatText},
		{"cables", `"1","12/28/1966 18:48","66BUENOSAIRES2481"`, cable.FormatCSV},
		{"page", "<?xml version='1.0' encoding='utf-8' ?>", cable.FormatHTML},
		{"cable", "01HAVANA4690\nCUBA: 2001 ANNUAL TERRORISM REPORT\n", cable.FormatText},
		{"copied", "Keep Us Strong\n\nReference ID Created Released Classification Origin\n", cable.FormatText},
	} {
		got, err := Detect(tc.name, []byte(tc.head))
		if err != nil || got != tc.want {
			t.Errorf("Detect(%q, %q) = %q, %v; want %q", tc.name, tc.head, got, err, tc.want)
		}
	}
	for _, name := range []string{"README.md", "logo.png", "cables.csv.gz"} {
		if _, err := Detect(name, nil); !errors.Is(err, ErrNotCable) {
			t.Errorf("Detect(%q) = %v, want ErrNotCable", name, err)
		}
	}
	if _, err := Detect("notes", []byte("Some notes about the cables\n")); !errors.Is(err, ErrNotCable) {
		t.Errorf("Detect(notes) = %v, want ErrNotCable", err)
	}
}

// TestCSVChunksReused reads a file of many chunks (the real records of
// samples/csv, repeated) releasing each record once read, while holding a
// window of records unreleased: the chunks are used again, and never under
// a record still held.
func TestCSVChunksReused(t *testing.T) {
	sample, err := os.ReadFile(testcorpus.Path(t, "samples", "csv", "cables_sample.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for b.Len() < 5*csvChunk/2 {
		b.Write(sample)
		if !strings.HasSuffix(b.String(), "\n") {
			b.WriteByte('\n')
		}
	}
	name := writeFile(t, "many.csv", b.String())
	r, err := Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	type held struct {
		rec  Record
		data string // a copy of its bytes when read
	}
	var window []held
	records := 0
	reused := map[*chunk]bool{}
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		records++
		if _, err := rec.Parse(Options{}); err != nil {
			t.Fatalf("record %d: %v", records, err)
		}
		if rec.chunk != nil {
			reused[rec.chunk] = true
		}
		window = append(window, held{rec, string(rec.Bytes())})
		if len(window) > 40 {
			h := window[0]
			window = window[1:]
			if string(h.rec.Bytes()) != h.data {
				t.Fatalf("the bytes of a record held changed under it (at line %d)", h.rec.Loc.Line)
			}
			h.rec.Release()
		}
	}
	if records < 1000 {
		t.Errorf("only %d records", records)
	}
	if chunksRead := int(r.(*csvReader).off/csvChunk) + 1; len(reused) >= chunksRead {
		t.Errorf("%d chunks for %d bytes: none used again", len(reused), r.(*csvReader).off)
	}
}

// recordStarts is a plain count of the records of a cables.csv file, apart
// from the reader: the lines that start like a record ("123","), plus a
// fragment of anything but blanks before the first of them.
func recordStarts(data []byte) int {
	data = bytes.TrimPrefix(data, bom)
	locs := startLine.FindAllIndex(data, -1)
	n := len(locs)
	first := len(data)
	if n > 0 {
		first = locs[0][0]
	}
	if len(bytes.Trim(data[:first], " \t\r\n")) > 0 {
		n++
	}
	return n
}

var startLine = regexp.MustCompile(`(?m)^"[0-9]`)

// accountingCase is a copy of the sample archive's cables.csv: its bytes,
// the lines that must be rejected and why, and the records lost (by seq).
type accountingCase struct {
	name     string
	data     []byte
	rejected map[int]string
	lost     []int
}

// TestCSVAccounting reads copies of the sample archive's cables.csv as
// other tools write it (CR LF line endings, a byte-order mark) and with
// faults that must not merge records (a field ending in a backslash, a
// record cut short, stray text): every record is read or rejected with its
// line, the others read as from the original file.
func TestCSVAccounting(t *testing.T) {
	orig, err := os.ReadFile(filepath.Join(testcorpus.ModuleRoot(t), "content", "cables", "csv", "cables.csv"))
	if err != nil {
		t.Fatal(err)
	}
	want, errs := readAll(t, writeFile(t, "cables.csv", string(orig)))
	if len(errs) != 0 || len(want) != 120 {
		t.Fatalf("the sample reads as %d cables, errors %v", len(want), errs)
	}
	for _, tc := range accountingCases(t, orig) {
		t.Run(tc.name, func(t *testing.T) { checkAccounting(t, tc, want) })
	}
}

// accountingCases returns the copies of orig that TestCSVAccounting reads.
func accountingCases(t *testing.T, orig []byte) []accountingCase {
	// recordAt is the offset of the line of record seq in orig.
	recordAt := func(seq int) int {
		i := bytes.Index(orig, []byte(fmt.Sprintf("\n\"%d\",\"", seq)))
		if i < 0 {
			t.Fatalf("no record %d", seq)
		}
		return i + 1
	}
	lineOf := func(data []byte, off int) int { return 1 + bytes.Count(data[:off], []byte("\n")) }
	crlf := bytes.ReplaceAll(orig, []byte("\n"), []byte("\r\n"))
	// Record 5's text ends in a single backslash: `…text\"`.
	slash := recordAt(6) - 2 // the quote that closes record 5
	// Record 9 is cut short in its header: no more fields, no closing quote.
	at, end := recordAt(9), recordAt(10)
	cut := at
	for range 6 {
		cut += bytes.Index(orig[cut:end], []byte(`","`)) + 3
	}
	cut += 10
	return []accountingCase{
		{name: "crlf", data: crlf},
		{name: "bom", data: append(slices.Clone(bom), orig...)},
		{name: "bom crlf", data: append(slices.Clone(bom), crlf...)},
		{name: "backslash", data: slices.Concat(orig[:slash], []byte(`\`), orig[slash:]),
			rejected: map[int]string{lineOf(orig, recordAt(5)): "ends in a backslash"}, lost: []int{5}},
		{name: "cut short", data: slices.Concat(orig[:cut], []byte("\n"), orig[end:]),
			rejected: map[int]string{lineOf(orig, at): "does not end with a quote"}, lost: []int{9}},
		{name: "stray text", data: slices.Concat([]byte("stray text\n"), orig), rejected: map[int]string{1: "not a record"}},
	}
}

// checkAccounting reads the copy of a case: every record read or rejected
// as the case says, the others as want, read from the original.
func checkAccounting(t *testing.T, tc accountingCase, want []*cable.Cable) {
	name := writeFile(t, "cables.csv", string(tc.data))
	got, errs := readAll(t, name)
	if len(got)+len(errs) != recordStarts(tc.data) {
		t.Errorf("%d read + %d rejected, but the file has %d record starts", len(got), len(errs), recordStarts(tc.data))
	}
	for _, e := range errs {
		var se *Error
		if !errors.As(e, &se) || !strings.Contains(se.Err.Error(), tc.rejected[se.Line]) || tc.rejected[se.Line] == "" {
			t.Errorf("rejected %v; want the lines %v", e, tc.rejected)
		}
	}
	if len(errs) != len(tc.rejected) {
		t.Errorf("%d rejected, want %d: %v", len(errs), len(tc.rejected), errs)
	}
	var kept []*cable.Cable
	for i, c := range want {
		if !slices.Contains(tc.lost, i+1) {
			kept = append(kept, c)
		}
	}
	if len(got) != len(kept) {
		t.Fatalf("read %d cables, want %d", len(got), len(kept))
	}
	for i, c := range got {
		w := kept[i]
		if c.ID != w.ID || c.Text != w.Text || c.Header != w.Header || c.Created != w.Created || c.Origin != w.Origin || c.Classification != w.Classification || !slices.Equal(c.CSVReferences, w.CSVReferences) {
			t.Errorf("%s reads differently from the original file", w.ID)
		}
	}
}
