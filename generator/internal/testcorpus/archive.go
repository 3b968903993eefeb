package testcorpus

import (
	"bufio"
	"compress/gzip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// ArchiveID is a cable of the whole archive as the corpus's
// reference/cable2month.csv.gz lists it: its reference ID and the month it
// was created.
type ArchiveID struct {
	ID    string
	Year  int
	Month time.Month
}

// ArchiveIDs returns the 251,287 cables of the whole archive, from
// reference/cable2month.csv.gz ("10BEIJING326,2": the year is the ID's
// two digits, 19xx from 50 on).
func ArchiveIDs(t testing.TB) []ArchiveID {
	t.Helper()
	f, err := os.Open(filepath.Join(Dir(t), "reference", "cable2month.csv.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var out []ArchiveID
	sc := bufio.NewScanner(z)
	for sc.Scan() {
		id, month, _ := strings.Cut(sc.Text(), ",")
		y, err1 := strconv.Atoi(id[:min(2, len(id))])
		m, err2 := strconv.Atoi(month)
		if err1 != nil || err2 != nil {
			t.Fatalf("cable2month.csv.gz: bad line %q", sc.Text())
		}
		if y < 50 {
			y += 2000
		} else {
			y += 1900
		}
		out = append(out, ArchiveID{ID: id, Year: y, Month: time.Month(m)})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
