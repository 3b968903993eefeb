package generator

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestStages builds the small archives of testdata/stages, each a txtar
// file that holds the input and what the output must hold, as the Go
// tools' own tests hold theirs:
//
//	-- in/FILE --       an input file
//	-- want/PATH --     a file of the site, each line of the section a
//	                    line it holds
//	-- absent/PATH --   a file the site does not have
//	-- report --        lines the report says: "read N", "rejected N",
//	                    "rejected MESSAGE" (paths relative to in/),
//	                    "address MESSAGE"
func TestStages(t *testing.T) {
	cases, _ := filepath.Glob(filepath.Join("testdata", "stages", "*.txtar"))
	if len(cases) == 0 {
		t.Fatal("no cases in testdata/stages")
	}
	for _, file := range cases {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			_, sections := parseTxtar(string(data))
			in := t.TempDir()
			for name, text := range sections {
				if rel, ok := strings.CutPrefix(name, "in/"); ok {
					p := filepath.Join(in, filepath.FromSlash(rel))
					os.MkdirAll(filepath.Dir(p), 0o755)
					if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			cfg := config(t, in)
			rep, err := Build(context.Background(), cfg)
			if err != nil {
				t.Fatalf("build: %v", err)
			}
			for name, text := range sections {
				switch {
				case strings.HasPrefix(name, "want/"):
					got, err := os.ReadFile(filepath.Join(cfg.Out, filepath.FromSlash(name[5:])))
					if err != nil {
						t.Errorf("%s: %v", name, err)
						continue
					}
					for _, line := range lines(text) {
						if !strings.Contains(string(got), line) {
							t.Errorf("%s does not hold %q", name[5:], line)
						}
					}
				case strings.HasPrefix(name, "absent/"):
					if _, err := os.Stat(filepath.Join(cfg.Out, filepath.FromSlash(name[7:]))); !errors.Is(err, os.ErrNotExist) {
						t.Errorf("%s is in the site", name[7:])
					}
				case name == "report":
					checkReport(t, rep, in, lines(text))
				}
			}
			checkLinks(t, cfg.Out)
		})
	}
}

// checkReport checks the lines of a case's report section against rep.
func checkReport(t *testing.T, rep *Report, in string, want []string) {
	t.Helper()
	var rejected, keyed []string
	for _, e := range rep.Rejected {
		rejected = append(rejected, strings.TrimPrefix(e.Error(), in+string(filepath.Separator)))
	}
	for _, k := range rep.Keyed {
		keyed = append(keyed, k.String())
	}
	for _, line := range want {
		what, arg, _ := strings.Cut(line, " ")
		n, isNumber := strconv.Atoi(arg)
		switch {
		case what == "read" && isNumber == nil:
			if rep.Read != n {
				t.Errorf("read %d records, want %d", rep.Read, n)
			}
		case what == "rejected" && isNumber == nil:
			if len(rep.Rejected) != n {
				t.Errorf("rejected %d records, want %d: %q", len(rep.Rejected), n, rejected)
			}
		case what == "rejected":
			if !contains(rejected, arg) {
				t.Errorf("the report does not reject %q: %q", arg, rejected)
			}
		case what == "address":
			if !contains(keyed, arg) {
				t.Errorf("the report does not say %q: %q", arg, keyed)
			}
		default:
			t.Errorf("report line %q: unknown", line)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// lines returns the lines of a section that are not blank.
func lines(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

// parseTxtar reads a txtar archive: a comment, then sections that each
// start with a line "-- NAME --".
func parseTxtar(s string) (comment string, sections map[string]string) {
	sections = map[string]string{}
	name := ""
	var cur strings.Builder
	flush := func() {
		if name == "" {
			comment = cur.String()
		} else {
			sections[name] = cur.String()
		}
		cur.Reset()
	}
	for _, line := range strings.SplitAfter(s, "\n") {
		trimmed := strings.TrimRight(line, "\n")
		if strings.HasPrefix(trimmed, "-- ") && strings.HasSuffix(trimmed, " --") && len(trimmed) > 6 {
			flush()
			name = trimmed[3 : len(trimmed)-3]
			continue
		}
		cur.WriteString(line)
	}
	flush()
	return comment, sections
}
