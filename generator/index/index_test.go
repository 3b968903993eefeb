package index

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"cablesite/generator/cable"
)

func add(a *Archive, id, created, released, class, origin, file string, tags, refs []string) {
	c, _ := cable.ParseTime(created)
	r, _ := cable.ParseTime(released)
	a.Add(&cable.Cable{ID: id, Created: c, Released: r, Classification: class, Origin: origin, Source: cable.Location{File: file}}, "S "+id, tags, refs, [16]byte{})
}

func TestArchive(t *testing.T) {
	a := New()
	add(a, "10BEIJING326", "2010-02-08 07:11", "2011-08-23 00:00", "UNCLASSIFIED", "Embassy Beijing", "a", []string{"CH", "PGOV"}, nil)
	add(a, "10BEIJING400", "2010-02-20 07:11", "2011-08-23 00:00", "CONFIDENTIAL", "Embassy Beijing", "a", []string{"CH"}, []string{"10BEIJING326", "09NOWHERE1"})
	add(a, "09STATE1", "2009-01-01 00:00", "2010-11-28 00:00", "SECRET", "Secretary of State", "a", nil, []string{"10BEIJING326"})
	add(a, "10BEIJING326", "2010-02-08 07:11", "2011-08-30 01:44", "UNCLASSIFIED", "Embassy Beijing", "b", []string{"CH"}, nil)
	add(a, "08X1", "2008-05-05 00:00", "", "SECRET", "Embassy  Beijing.", "a", nil, nil)
	a.Finish()

	if a.Len() != 4 || len(a.Duplicates) != 1 || a.Duplicates[0].Kept.File != "b" || a.Duplicates[0].Lost.File != "a" {
		t.Fatalf("len %d, duplicates %v", a.Len(), a.Duplicates)
	}
	if !strings.Contains(a.Duplicates[0].String(), "10BEIJING326: b replaces a") {
		t.Errorf("duplicate notice %q", a.Duplicates[0])
	}
	ids := func(f *Facet) string {
		var s []string
		for _, e := range f.Entries {
			s = append(s, a.Entries[e].ID)
		}
		return strings.Join(s, " ")
	}
	ch := a.Facet(Tag, "CH")
	if ch == nil || ids(ch) != "10BEIJING326 10BEIJING400" {
		t.Errorf("tag CH lists %v (newest release first, then newest created)", ch)
	}
	if f := a.Facet(Date, "2010-02"); f == nil || ids(f) != "10BEIJING400 10BEIJING326" || f.Name != "February 2010" {
		t.Errorf("month 2010-02: %+v", f)
	}
	if f := a.Facet(Reldate, "2011-08-30"); f == nil || ids(f) != "10BEIJING326" {
		t.Errorf("release day 2011-08-30: %+v", f)
	}
	if a.Unreleased() != 1 {
		t.Errorf("unreleased %d", a.Unreleased())
	}
	beijing := a.OriginFacet("Embassy Beijing")
	if beijing == nil || beijing.PagePath(2) != "origin/embassy-beijing_2.html" {
		t.Errorf("origin facet %+v", beijing)
	}
	// "Embassy  Beijing." folds to the same slug: it gets its own key.
	if f := a.OriginFacet("Embassy  Beijing."); f == nil || f.Key != "embassy-beijing-2" {
		t.Errorf("second origin with the same slug: %+v", f)
	}
	if f := a.ClassFacet("UNCLASSIFIED"); f == nil || f.Key != "unclassified" {
		t.Errorf("class facet %+v", f)
	}
	e, _ := a.Lookup("10BEIJING326")
	var citers []string
	for _, c := range a.CitedBy(e) {
		citers = append(citers, a.Entries[c].ID)
	}
	if strings.Join(citers, " ") != "10BEIJING400 09STATE1" {
		t.Errorf("cited by %v", citers)
	}
	var legacy []string
	for _, l := range a.Legacies() {
		legacy = append(legacy, l.Path(l.From)+" "+l.Facets[0].PagePath(0))
	}
	// The numbered pages of the origins and classifications of the archive
	// (origin 3 listed US Mission Geneva, then the Secretary of State, in
	// two builds of the original site: here only the second is), and the
	// pages the original site had beyond the count of a facet here.
	want := "classification/1_0.html classification/confidential_0.html|classification/3_0.html classification/secret_0.html|classification/5_0.html classification/unclassified_0.html|" +
		"date/2008-05_1.html date/2008-05_0.html|date/2009-01_1.html date/2009-01_0.html|date/2010-02_1.html date/2010-02_0.html|" +
		"origin/3_0.html origin/secretary-of-state_0.html|origin/4_0.html origin/secretary-of-state_0.html|origin/5_0.html origin/secretary-of-state_0.html|origin/6_0.html origin/secretary-of-state_0.html|origin/7_0.html origin/secretary-of-state_0.html|" +
		"origin/111_0.html origin/embassy-beijing_0.html|origin/123_0.html origin/embassy-beijing_0.html|origin/124_0.html origin/embassy-beijing_0.html|origin/132_0.html origin/embassy-beijing_0.html|" +
		"reldate/2010-11-28_1.html reldate/2010-11-28_0.html|tag/CH_1.html tag/CH_0.html"
	if got := strings.Join(legacy, "|"); got != want {
		t.Errorf("legacies\n got %s\nwant %s", got, want)
	}
}

func TestPages(t *testing.T) {
	f := &Facet{Kind: Tag, Key: "PGOV", Entries: make([]int32, 101)}
	for i := range f.Entries {
		f.Entries[i] = int32(i)
	}
	if f.Pages() != 3 || len(f.Page(0)) != 50 || len(f.Page(2)) != 1 || len(f.Page(3)) != 0 || f.PageOf(100) != 2 {
		t.Errorf("pages %d; page sizes %d %d %d; PageOf(100) %d", f.Pages(), len(f.Page(0)), len(f.Page(2)), len(f.Page(3)), f.PageOf(100))
	}
	if (&Facet{}).Pages() != 1 {
		t.Error("an empty facet has no page")
	}
}

// TestKeys checks that names whose keys would be the same get keys of their
// own, that the real archive's names keep theirs whatever else is read, in
// whatever order, and that no name takes a key of the original site's
// numbered pages.
func TestKeys(t *testing.T) {
	for _, tc := range []struct {
		kind  Kind
		names []string
		want  map[string]string // key by name
	}{
		{Origin, []string{"Embassy-Beijing", "Embassy Beijing 2", "Embassy Beijing"}, map[string]string{
			"Embassy Beijing": "embassy-beijing", "Embassy Beijing 2": "embassy-beijing-2", "Embassy-Beijing": "embassy-beijing-3"}},
		{Origin, []string{"Embassy. Rome!", "Embassy Rome"}, map[string]string{"Embassy Rome": "embassy-rome", "Embassy. Rome!": "embassy-rome-2"}},
		{Origin, []string{"132", "Embassy Beijing"}, map[string]string{"132": "132-2", "Embassy Beijing": "embassy-beijing"}},
		{Class, []string{"SECRET NOFORN", "SECRET//NOFORN", "1"}, map[string]string{"SECRET//NOFORN": "secret-noforn", "SECRET NOFORN": "secret-noforn-2", "1": "1-2"}},
		{Tag, []string{"KERRY-JOHN", "KERRY JOHN", "PGOV"}, map[string]string{"KERRY JOHN": "KERRY-JOHN", "KERRY-JOHN": "KERRY-JOHN-2", "PGOV": "PGOV"}},
	} {
		for turn := range len(tc.names) {
			names := append(slices.Clone(tc.names[turn:]), tc.names[:turn]...)
			keys, moved := uniqueKeys(keyRules[tc.kind], names)
			for i, n := range names {
				if keys[i] != tc.want[n] {
					t.Errorf("%v in order %q: %q has key %q, want %q", tc.kind.Dir(), names, n, keys[i], tc.want[n])
				}
			}
			for _, m := range moved {
				if m.Key != tc.want[m.Name] || m.Key == m.Plain {
					t.Errorf("moved %+v", m)
				}
			}
		}
	}
	_, moved := uniqueKeys(keyRules[Origin], []string{"Embassy Beijing", "Embassy-Beijing", "132"})
	var notes []string
	for _, m := range moved {
		notes = append(notes, m.String())
	}
	want := []string{
		`origin "132" is at origin/132-2_0.html: 132_0.html is an address of the original site's numbered pages`,
		`origin "Embassy-Beijing" is at origin/embassy-beijing-2_0.html: "Embassy Beijing" has origin/embassy-beijing_0.html`,
	}
	if !slices.Equal(notes, want) {
		t.Errorf("notes\n%s\nwant\n%s", strings.Join(notes, "\n"), strings.Join(want, "\n"))
	}
}

// TestLegacyTags checks the tags of the original site that are read
// otherwise here: AGMT (read as AMGT) leads to AMGT by the pages the
// original site had (one), however many AMGT has; CLINTON (a word of
// "CLINTON, HILLARY") to the name's page; AFFAIRS, a word of two topics,
// to a page that names both.
func TestLegacyTags(t *testing.T) {
	a := New()
	for i := range 120 {
		add(a, fmt.Sprintf("09STATE%d", i+1), "2009-01-01 00:00", "2010-11-28 00:00", "SECRET", "Secretary of State", "a",
			[]string{"AMGT", "CLINTON, HILLARY", "ECONOMIC AFFAIRS", "CONSULAR AFFAIRS"}, nil)
	}
	a.Finish()
	got := map[string]string{}
	for _, l := range a.Legacies() {
		if l.Kind != Tag {
			continue
		}
		var to []string
		for _, f := range l.Facets {
			to = append(to, f.Key)
		}
		got[l.Name] = fmt.Sprintf("%d-%d %s", l.From, l.Pages, strings.Join(to, " "))
	}
	for name, want := range map[string]string{
		"AGMT": "0-1 AMGT", "CLINTON": "0-1 CLINTON-HILLARY", "AFFAIRS": "0-1 CONSULAR-AFFAIRS ECONOMIC-AFFAIRS",
	} {
		if got[name] != want {
			t.Errorf("tag %s: %q, want %q", name, got[name], want)
		}
	}
}
