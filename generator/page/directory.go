package page

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"

	"cablesite/generator/cable"
	"cablesite/generator/index"
	"cablesite/generator/render"
	"cablesite/generator/tags"
)

// Directory returns the directory of the facets of kind k.
func (b *Builder) Directory(k index.Kind) *Directory {
	p := k.Dir() + "/index.html"
	facets := b.arch.Facets(k)
	dp := &Directory{
		Frame:   b.frame(p, "Browse by "+k.Title(), k.Dir()),
		Heading: "Browse by " + k.Title(),
	}
	switch k {
	case index.Reldate:
		dp.Intro = fmt.Sprintf("%d release days, the latest first.", len(facets))
		if n := b.arch.Unreleased(); n > 0 {
			dp.Intro += fmt.Sprintf(" %d cables have no known release date; they are listed by every other facet.", n)
		}
		dp.Groups, dp.Jump = byPeriod(facets, "m", func(f *index.Facet) (string, string, string) {
			t, _ := cable.ParseTime(f.Key[:7] + "-01 00:00")
			return f.Key[:7], t.Std().Format("January 2006"), f.Key
		})
	case index.Date:
		dp.Intro = fmt.Sprintf("%d months, from %s to %s.", len(facets), facets[0].Name, facets[len(facets)-1].Name)
		dp.Groups, dp.Jump = byPeriod(facets, "y", func(f *index.Facet) (string, string, string) {
			return f.Key[:4], f.Key[:4], f.Name
		})
	case index.Origin:
		dp.Intro = fmt.Sprintf("%d embassies, consulates and offices, by the name of their place.", len(facets))
		sorted := slices.Clone(facets)
		sort.SliceStable(sorted, func(i, j int) bool { return placeKey(sorted[i].Name) < placeKey(sorted[j].Name) })
		dp.Groups, dp.Jump = letterGroups(sorted, func(f *index.Facet) string { return placeKey(f.Name) }, facetLink)
	case index.Tag:
		dp.Intro = fmt.Sprintf("%d tags: the codes of the TAGS line, which say what a cable is about, by subject, country, organisation and person.", len(facets))
		dp.Groups, dp.Jump = tagGroups(facets)
	case index.Class:
		dp.Intro = "How each cable was classified when it was sent."
		dp.Groups = []Group{classGroup(facets)}
		dp.Chart = b.ClassChart()
	case index.Change:
		dp.Heading = "Changes between releases"
		dp.Intro = b.changesIntro()
		g := Group{}
		for i := len(facets) - 1; i >= 0; i-- {
			g.Links = append(g.Links, facetLink(facets[i], "Changed in "+facets[i].Name))
		}
		dp.Groups = []Group{g}
	}
	return dp
}

// facetLink is the link of a directory to the first page of facet f.
func facetLink(f *index.Facet, text string) Link {
	return Link{Text: text, Href: path.Base(f.PagePath(0)), Count: len(f.Entries), Title: f.Name}
}

// byPeriod groups the facets of a period (release days, months), the
// latest first, by what of returns of each: the key of its group, the
// group's title and the text of its link. Each group's anchor is prefix
// and its key.
func byPeriod(facets []*index.Facet, prefix string, of func(*index.Facet) (key, title, text string)) ([]Group, []Link) {
	var groups []Group
	var jump []Link
	at := map[string]int{}
	for i := len(facets) - 1; i >= 0; i-- {
		f := facets[i]
		key, title, text := of(f)
		g, ok := at[key]
		if !ok {
			g = len(groups)
			at[key] = g
			groups = append(groups, Group{ID: prefix + key, Title: title})
			jump = append(jump, Link{Text: key, Href: "#" + prefix + key})
		}
		groups[g].Links = append(groups[g].Links, facetLink(f, text))
	}
	return groups, jump
}

// tagGroups groups the tags by kind, each with its meaning.
func tagGroups(facets []*index.Facet) ([]Group, []Link) {
	byKind := map[tags.Kind][]Link{}
	for _, f := range facets {
		l := facetLink(f, f.Name)
		l.Note = tags.Meaning(f.Name)
		l.Title = tags.Describe(f.Name)
		k := tags.Of(f.Name)
		byKind[k] = append(byKind[k], l)
	}
	var groups []Group
	var jump []Link
	for _, k := range tags.Kinds {
		if len(byKind[k]) == 0 {
			continue
		}
		id := "k-" + k.String()
		groups = append(groups, Group{ID: id, Title: fmt.Sprintf("%s (%d)", k.Title(), len(byKind[k])), Links: byKind[k]})
		jump = append(jump, Link{Text: k.Title(), Href: "#" + id})
	}
	return groups, jump
}

// classGroup lists the classifications, from CONFIDENTIAL to
// UNCLASSIFIED//FOR OFFICIAL USE ONLY as the original site numbered them,
// then the others.
func classGroup(facets []*index.Facet) Group {
	sorted := slices.Clone(facets)
	rank := func(name string) int {
		if i := slices.Index(cable.Classifications, name); i > 0 {
			return i
		}
		return len(cable.Classifications)
	}
	sort.SliceStable(sorted, func(i, j int) bool { return rank(sorted[i].Name) < rank(sorted[j].Name) })
	var g Group
	for _, f := range sorted {
		g.Links = append(g.Links, facetLink(f, f.Name))
	}
	return g
}

// placeKey is the name an origin is sorted by: its place, without the kind
// of office ("Embassy Abu Dhabi" -> "ABU DHABI").
func placeKey(name string) string {
	up := strings.ToUpper(name)
	for _, prefix := range []string{"EMBASSY ", "CONSULATE ", "US CONSULATE ", "US INTERESTS SECTION ", "US MISSION ", "MISSION ", "US DELEGATION, ", "AMERICAN INSTITUTE TAIWAN, "} {
		if strings.HasPrefix(up, prefix) {
			return up[len(prefix):]
		}
	}
	return up
}

// letterGroups groups facets by the first letter of their key.
func letterGroups(facets []*index.Facet, key func(*index.Facet) string, link func(*index.Facet, string) Link) ([]Group, []Link) {
	var groups []Group
	var jump []Link
	for _, f := range facets {
		letter := "#"
		if k := key(f); k != "" && k[0] >= 'A' && k[0] <= 'Z' {
			letter = k[:1]
		}
		if len(groups) == 0 || groups[len(groups)-1].Title != letter {
			id := "l-" + letter
			if letter == "#" {
				id = "l-other"
			}
			groups = append(groups, Group{ID: id, Title: letter})
			jump = append(jump, Link{Text: letter, Href: "#" + id})
		}
		g := &groups[len(groups)-1]
		g.Links = append(g.Links, link(f, f.Name))
	}
	return groups, jump
}

// About returns the sentence about the site of its home page, feed and
// card: the one its settings give, or one with the count of cables.
func (b *Builder) About() string {
	if b.Site.Description != "" {
		return b.Site.Description
	}
	return fmt.Sprintf("%s of the %s US diplomatic cables released in 2010 and 2011: read them, browse them by release date, creation date, origin, tag and classification, search them and link each paragraph.", render.Commas(b.arch.Len()), render.Commas(b.Site.Total))
}

// Home returns the front page.
func (b *Builder) Home() *Home {
	hp := &Home{Frame: b.frame("index.html", b.Site.Name, ""), Count: b.arch.Len()}
	hp.Description = b.About()
	days := b.arch.Facets(index.Reldate)
	for i := len(days) - 1; i >= 0 && len(hp.Days) < 12; i-- {
		hp.Days = append(hp.Days, Link{Text: days[i].Name, Href: days[i].PagePath(0), Count: len(days[i].Entries)})
	}
	for i := len(days) - 1; i >= 0 && len(hp.Latest) < 20; i-- {
		for _, e := range days[i].Entries {
			if len(hp.Latest) == 20 {
				break
			}
			hp.Latest = append(hp.Latest, b.Row(e, ""))
		}
	}
	count := func(k index.Kind) int { return len(b.arch.Facets(k)) }
	hp.Browse = []Link{
		{Text: "Release date", Href: "reldate/index.html", Title: fmt.Sprintf("%d release days", count(index.Reldate))},
		{Text: "Creation date", Href: "date/index.html", Title: fmt.Sprintf("%d months", count(index.Date))},
		{Text: "Origin", Href: "origin/index.html", Title: fmt.Sprintf("%d embassies and offices", count(index.Origin))},
		{Text: "Tag", Href: "tag/index.html", Title: fmt.Sprintf("%d tags", count(index.Tag))},
		{Text: "Classification", Href: "classification/index.html", Title: fmt.Sprintf("%d classifications", count(index.Class))},
	}
	if len(b.arch.Releases) > 1 {
		hp.Browse = append(hp.Browse, Link{Text: "Changes", Href: "changes/index.html", Title: fmt.Sprintf("%d releases compared", len(b.arch.Releases))})
	}
	for _, f := range b.arch.Facets(index.Class) {
		hp.Classes = append(hp.Classes, Link{Text: f.Name, Href: f.PagePath(0), Count: len(f.Entries)})
	}
	hp.Released = b.arch.Len() - b.arch.Unreleased()
	hp.Feed = FeedPath
	hp.Charts = append(hp.Charts, b.YearChart())
	if c := b.ReleaseChart(); c != nil {
		hp.Charts = append(hp.Charts, c)
	}
	return hp
}

// changesIntro says which releases the archive was read from and what a
// change is.
func (b *Builder) changesIntro() string {
	a := b.arch
	changed := 0
	for e := range a.Entries {
		if h := a.History(int32(e)); h != nil && len(h.Versions) > 0 {
			changed++
		}
	}
	return fmt.Sprintf("This archive was read from %d releases, %s: %s of its cables changed from one to the next, in their text (their words, the layout aside) or in their metadata (date, classification, origin, subject, tags). Each cable's page shows what changed.",
		len(a.Releases), strings.Join(a.Releases, ", "), render.Commas(changed))
}
