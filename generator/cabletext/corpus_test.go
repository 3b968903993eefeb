package cabletext_test

import (
	"cmp"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"cablesite/generator/cable"
	"cablesite/generator/cabletext"
	"cablesite/generator/internal/corpuspages"
	"cablesite/generator/internal/testcorpus"
)

var siteAnchor = regexp.MustCompile(`<a id='(par[^']*)' href='#par[^']*'>¶</a>`)

// TestCorpus reads every page of the original site once and checks what
// is read of its text:
//   - every paragraph anchor of the page (#par1, #parB) is an anchor of the
//     same paragraph here, so that links posted since 2010 still reach
//     their paragraph;
//   - AnalyzeLayout agrees with Analyze but for the subject;
//   - no subject holds the text that ran on into it where the line break
//     after the SUBJECT line was lost (about 150 of the pages);
//   - the paragraphs of the texts whose line breaks were lost are found
//     inside their lines.
func TestCorpus(t *testing.T) {
	anchors, missing, subjects, unnumbered := 0, 0, 0, 0
	longest, longestID := 0, ""
	pages := corpuspages.Each(t, func(f string, data []byte, c *cable.Cable) {
		d := cabletext.Analyze(c)
		if l := cabletext.AnalyzeLayout(c); l.Subject != "" || !sameLayout(l, d) {
			t.Errorf("%s: AnalyzeLayout differs from Analyze", f)
		}
		if d.Numbered == 0 {
			unnumbered++
		}
		ours := map[string]string{}
		for _, p := range d.Paragraphs {
			ours[p.ID] = c.Text[p.Start:min(p.End, p.Start+12)]
		}
		for _, m := range siteAnchor.FindAllSubmatch(data, -1) {
			anchors++
			if _, ok := ours[string(m[1])]; !ok {
				missing++
				if missing <= 20 {
					t.Errorf("%s: the original anchor #%s is not an anchor here", f, m[1])
				}
			}
		}
		if d.Subject != "" {
			subjects++
		}
		if runOnText.MatchString(d.Subject) {
			t.Errorf("%s: the text runs on into the subject %q", c.ID, d.Subject)
		}
		if n := utf8.RuneCountInString(d.Subject); n > longest {
			longest, longestID = n, c.ID
		}
	})
	t.Logf("%d original anchors in %d pages, %d missing; %d pages with a subject, the longest of %d characters (%s); %d pages with no numbered paragraph",
		anchors, pages, missing, subjects, longest, longestID, unnumbered)
	if !testcorpus.Full(t) {
		// The sample: 276 pages, and the longest subject among them.
		if pages < 270 || anchors < 2000 || subjects < 260 || longestID != "09BAKU478" {
			t.Errorf("the sample: %d pages, %d anchors, %d subjects, the longest %s", pages, anchors, subjects, longestID)
		}
		return
	}
	if anchors < 50000 {
		t.Errorf("only %d anchors found in the corpus", anchors)
	}
	// The corpus notes SUBJECT in 6,502 pages.
	if subjects < 6490 {
		t.Errorf("a subject in %d pages, want about 6,500", subjects)
	}
	// The longest subjects stated in full are about 220 characters
	// (09BAKU478); those with text after them ran to thousands.
	if longest > 250 {
		t.Errorf("a subject of %d characters (%s)", longest, longestID)
	}
	// 368 pages have no paragraph numbered at the start of a line; in 50
	// of them, whose line breaks were lost, the paragraphs are numbered
	// inside the lines.
	if unnumbered > 320 {
		t.Errorf("%d pages with no numbered paragraph, want about 318", unnumbered)
	}
}

// sameLayout reports whether a and b agree on all but the subject.
func sameLayout(a, b *cabletext.Doc) bool {
	x, y := *a, *b
	x.Subject, y.Subject = "", ""
	return reflect.DeepEqual(x, y)
}

// runOnText matches what a subject never holds, but the text after it does:
// the classification statement, the head of a second page, the first
// paragraph, the E.O. and TAGS lines, the handling note of SBU cables.
var runOnText = regexp.MustCompile(`(?i)classified by\s*:|\b[0-9]{8} +[0-9]{3}(?:\.[0-9])? +OF +[0-9]{3}\b|(?:^|\s)1\. ?\((?:U|C|S|SBU|C/NF|S/NF)\)|E\.O\. 12958|TAGS:|sensitive but unclassified`)

// boilerplate is what a cable's summary must never start with: heading
// lines (routing, the classification banner, E.O. 12958, TAGS, SUBJECT,
// REF, "Classified By"), a paragraph's number or its classification mark.
var boilerplate = regexp.MustCompile(`^(?i:E\.\s?O\.|EO 1|TAGS\b|SUBJECT\s*:|SUBJ\s*:|REFS?\s*:|REFTEL\s*:|CLASSIFIED\s+BY|DECL\s*:|REASONS?\s*:|SIPDIS|NOFORN|VZCZC|PAGE \d|C O N F|S E C R E T|U N C L A S|UNCLAS\b|LIMITED OFFICIAL USE)|^(?:FM|TO|INFO) [A-Z]{3,}\b [A-Z]|^(?:CONFIDENTIAL|SECRET)\b|^(?:¶\s*)?\d{1,3}\.(?:\s|\(|$)|^\((?:U|C|S|SBU|S/NF|C/NF|SBU/NF|FOUO)\)`)

// TestSummaryCorpus makes the summary of every cable of the original site,
// the description its page and link previews show, and counts those that
// start with boilerplate (none should) or are cut inside a word.
func TestSummaryCorpus(t *testing.T) {
	const max = 200
	bad, cut, fromSubject := 0, 0, 0
	n := corpuspages.Each(t, func(f string, data []byte, c *cable.Cable) {
		d := cabletext.Analyze(c)
		s := cabletext.Summary(c.Text, d, d.Subject, max)
		if len(s) > max+len("…") {
			t.Errorf("%s: summary of %d bytes: %q", c.ID, len(s), s)
		}
		if boilerplate.MatchString(s) {
			bad++
			if bad <= 20 {
				t.Errorf("%s: the summary starts with boilerplate: %q", c.ID, s)
			}
		}
		if strings.HasSuffix(s, "…") {
			cut++
			if w := strings.TrimSuffix(s, "…"); w != strings.TrimRightFunc(w, unicode.IsSpace) {
				t.Errorf("%s: a space before the ellipsis: %q", c.ID, s)
			}
		}
		if s == cabletext.Clip(d.Subject, max) {
			fromSubject++
		}
	})
	t.Logf("%d summaries: %d start with boilerplate, %d cut at a word, %d the subject (no prose)", n, bad, cut, fromSubject)
}

// TestReferenceReport reads the REF lines of every cable of the original
// site and reports what a careful reader would check: references per
// cable, how many name a cable of the whole archive (the 251,287 IDs of
// reference/cable2month.csv.gz), how many cite a cable written after the
// citing one (none should; it fails past a few), how often a citation
// without a year took the year before the citing cable's (see
// Reference.YearBefore), and the words of REF lines left unread, most
// frequent first.
func TestReferenceReport(t *testing.T) {
	testcorpus.RequireFull(t)
	months := archiveMonths(t)
	var refs, resolved, later, before, beforeFound, sameFound, cables int
	unread := map[string]int{}
	n := corpuspages.Each(t, func(f string, data []byte, c *cable.Cable) {
		d := cabletext.Analyze(c)
		if len(d.References) > 0 {
			cables++
		}
		for _, r := range d.References {
			if r.ID == "" {
				for _, w := range strings.Fields(r.Text) {
					unread[strings.Trim(w, ".,;:()")]++
				}
				continue
			}
			refs++
			if r.YearBefore {
				before++
				if _, ok := months[r.ID]; ok {
					beforeFound++
				}
				same := c.ID[:2] + r.ID[2:]
				if _, ok := months[same]; ok {
					sameFound++
				}
			}
			m, ok := months[r.ID]
			if !ok {
				continue
			}
			resolved++
			if m > c.Created.Month() {
				later++
				if later <= 10 {
					t.Logf("%s (%s) cites %s, of %s: %q", c.ID, c.Created.Month(), r.ID, m, r.Text)
				}
			}
		}
	})
	type wc struct {
		w string
		n int
	}
	var words []wc
	for w, k := range unread {
		if w != "" {
			words = append(words, wc{w, k})
		}
	}
	slices.SortFunc(words, func(a, b wc) int { return cmp.Or(b.n-a.n, strings.Compare(a.w, b.w)) })
	t.Logf("%d cables, %d with references: %d references (%.2f a cable that has any), %d (%.0f%%) name a cable of the archive, %d cite a later cable, %d took the year before",
		n, cables, refs, float64(refs)/float64(max(cables, 1)), resolved, 100*float64(resolved)/float64(max(refs, 1)), later, before)
	var top []string
	for _, w := range words[:min(len(words), 25)] {
		top = append(top, fmt.Sprintf("%s %d", w.w, w.n))
	}
	t.Logf("unread words of REF lines: %s", strings.Join(top, ", "))
	t.Logf("the year before: %d citations, %d of them name a cable of the archive; with the citing cable's year, %d would", before, beforeFound, sameFound)
	if beforeFound < sameFound {
		t.Errorf("the rule of the year before finds %d cables, the citing cable's year %d", beforeFound, sameFound)
	}
	if later > 6 {
		t.Errorf("%d references cite a cable written after the citing one", later)
	}
}

// archiveMonths returns the month of creation of every cable of the
// archive, by ID ("2010-02").
func archiveMonths(t *testing.T) map[string]string {
	out := map[string]string{}
	for _, c := range testcorpus.ArchiveIDs(t) {
		out[c.ID] = fmt.Sprintf("%d-%02d", c.Year, c.Month)
	}
	return out
}
