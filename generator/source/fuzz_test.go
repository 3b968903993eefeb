package source

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"cablesite/generator/cable"
	"cablesite/generator/internal/testcorpus"
)

// seeds adds every file matching pattern under the corpus folder dir (and
// under the project's sample archive) to the fuzzer's corpus.
func seeds(f *testing.F, patterns ...string) {
	n := 0
	for _, p := range patterns {
		files, _ := filepath.Glob(p)
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
			n++
		}
	}
	if n == 0 {
		f.Fatalf("no seed files for %q", patterns)
	}
}

func FuzzCSV(f *testing.F) {
	root := testcorpus.ModuleRoot(f)
	seeds(f, testcorpus.Path(f, "samples", "csv", "*.csv"), filepath.Join(root, "content", "cables", "csv", "*.csv"))
	f.Add([]byte(`"1","1/2/2003 4:05","03ROME1","Embassy Rome","SECRET","","h\"",""` + "\n"))
	f.Add([]byte("\ufeff\"1\",\"1/2/2003 4:05\",\"03ROME1\",\"Embassy Rome\",\"SECRET\",\"\",\"h\",\"t\\\"\r\n\"2\",\"1/2/2003 4:05\",\"03ROME2\",\"Embassy Rome\",\"SECRET\",\"\",\"h\",\"t\"\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := newCSVReader(io.NopCloser(bytes.NewReader(data)), "fuzz.csv")
		var consumed int64
		records := 0 // read or rejected
		defer func() {
			if !t.Failed() && records != recordStarts(data) {
				t.Fatalf("%d records read or rejected; the file has %d record starts", records, recordStarts(data))
			}
		}()
		for {
			rec, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			if rec.Loc.Offset < consumed || rec.Loc.Offset+rec.Loc.Length > int64(len(data)) {
				t.Fatalf("record at %d+%d outside the input or before the last", rec.Loc.Offset, rec.Loc.Length)
			}
			if !bytes.Equal(data[rec.Loc.Offset:rec.Loc.Offset+rec.Loc.Length], rec.raw) {
				t.Fatalf("record bytes are not the input's at its location")
			}
			consumed = rec.Loc.Offset + rec.Loc.Length
			records++
			c, err := rec.Parse(Options{})
			if err != nil {
				if _, ok := err.(*Error); !ok {
					t.Fatalf("error %v is not a *source.Error", err)
				}
				continue
			}
			if cable.ValidateID(c.ID) != nil || c.Created.IsZero() || c.Origin == "" {
				t.Fatalf("accepted a cable with bad metadata: %+v", c)
			}
		}
	})
}

func FuzzHTML(f *testing.F) {
	root := testcorpus.ModuleRoot(f)
	seeds(f, filepath.Join(root, "content", "cables", "html", "cable", "2010", "*", "*.html"))
	f.Add([]byte(`<table class='cable'><tr><td>10X1</td><td>2010-01-01 00:00</td><td></td><td>SECRET</td><td>Embassy X</td></tr></table><pre>a<br>b</pre><pre>c<a id='par1'>¶</a>1. d</pre>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseHTML("fuzz.html", data, Options{})
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error %v is not a *source.Error", err)
			}
			return
		}
		if cable.ValidateID(c.ID) != nil || c.Created.IsZero() || c.Origin == "" || c.Classification == "" {
			t.Fatalf("accepted a cable with bad metadata: %+v", c)
		}
	})
}

func FuzzText(f *testing.F) {
	seeds(f, testcorpus.Path(f, "samples", "txt", "*.txt"), testcorpus.Path(f, "samples", "seed", "*.txt"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseText("fuzz.txt", data, Options{})
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error %v is not a *source.Error", err)
			}
			return
		}
		if cable.ValidateID(c.ID) != nil || c.Created.IsZero() {
			t.Fatalf("accepted a cable with bad metadata: %+v", c)
		}
		if len(c.Header)+len(c.Text) > len(data) {
			t.Fatalf("header and text (%d bytes) longer than the input (%d)", len(c.Header)+len(c.Text), len(data))
		}
	})
}
