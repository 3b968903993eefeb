package index

import (
	_ "embed"
	"slices"
	"strconv"
	"strings"

	"cablesite/generator/cable"
	"cablesite/generator/tags"
)

//go:embed original-pages.tsv
var originalPagesFile string

// Legacy is a browse address of the original site that has no page of the
// same path here, and where it leads:
//
//   - a numbered origin or classification page ("origin/132_0.html"), to
//     the facet's page by name ("origin/embassy-beijing_0.html");
//   - a tag of the original site that this archive reads otherwise
//     ("tag/AGMT_0.html", read as AMGT; "tag/CLINTON_0.html", a word of
//     "CLINTON, HILLARY"; "tag/ETRDECONWTOCS_0.html", four codes glued), to
//     the page of what it was read as;
//   - a page beyond the new count of a facet ("tag/PGOV_80.html", where the
//     original site listed fewer cables a page), to the facet's last page.
//
// Page p leads to page p of the facet, or to its last page when it has
// fewer. An address that leads to several facets (an origin number that the
// original site gave two origins in two of its builds, a word of several
// tags) is a page that names them all.
type Legacy struct {
	Kind   Kind
	Name   string   // in the old path: "132", "AGMT", "PGOV"
	Facets []*Facet // where it leads: one facet, or the several it names
	From   int      // the first old page without a page of its own here
	Pages  int      // the old pages: From to Pages-1 lead elsewhere
}

// Path is the old path of page p: "origin/132_0.html".
func (l Legacy) Path(p int) string {
	return l.Kind.Dir() + "/" + l.Name + "_" + strconv.Itoa(p) + ".html"
}

// Target is the path that page p of l leads to, when l leads to one facet:
// page p of the facet, or its last page.
func (l Legacy) Target(p int) string {
	f := l.Facets[0]
	return f.PagePath(min(p, f.Pages()-1))
}

// Renamed reports whether l's name is not its facet's: every page of it,
// not only those beyond the facet's count, leads elsewhere.
func (l Legacy) Renamed() bool { return len(l.Facets) != 1 || l.Facets[0].Key != l.Name }

// original is a browse page name of the original site (original-pages.tsv).
type original struct {
	kind    Kind
	name    string
	pages   int
	origins []string // for a numbered origin: the origins its pages listed
}

// numbered reports whether o is a numbered origin or classification page.
func (o original) numbered() bool {
	return (o.kind == Origin || o.kind == Class) && isNumber(o.name)
}

// originals are the browse pages of the original site, in the order of the
// file: by kind, then by number or name.
var originals = func() []original {
	var out []original
	dirs := map[string]Kind{}
	for _, k := range Kinds {
		dirs[k.Dir()] = k
	}
	for _, l := range strings.Split(originalPagesFile, "\n") {
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		f := strings.Split(l, "\t")
		if len(f) < 3 {
			panic("index: bad line in original-pages.tsv: " + l)
		}
		k, ok := dirs[f[0]]
		n, err := strconv.Atoi(f[2])
		if !ok || err != nil {
			panic("index: bad line in original-pages.tsv: " + l)
		}
		o := original{kind: k, name: f[1], pages: n}
		if len(f) > 3 && f[3] != "" {
			o.origins = strings.Split(f[3], "|")
		}
		out = append(out, o)
	}
	return out
}()

// Legacies returns the addresses of the original site that lead elsewhere
// here (see Legacy), in the order of original-pages.tsv: its numbered
// origin and classification pages whose facets the archive has, its other
// browse pages that have no page of the same path here.
func (a *Archive) Legacies() []Legacy {
	var out []Legacy
	tagNames := slices.Sorted(slices.Values(a.Tags))
	for _, o := range originals {
		var l Legacy
		switch f := a.Facet(o.kind, o.name); {
		case o.numbered():
			l = Legacy{Kind: o.kind, Name: o.name, Facets: a.numberedFacets(o)}
		case f != nil:
			l = Legacy{Kind: o.kind, Name: o.name, Facets: []*Facet{f}, From: f.Pages()}
		case o.kind == Tag:
			l = Legacy{Kind: Tag, Name: o.name, Facets: a.readAs(o.name, tagNames)}
		}
		if len(l.Facets) == 0 {
			continue
		}
		// The old pages: those the original site had; for a numbered
		// page, every page of its facet (the original site numbered them
		// all); for a page of several facets, at least one.
		l.Pages = max(o.pages, l.From, 1)
		if o.numbered() && len(l.Facets) == 1 {
			l.Pages = max(l.Pages, l.Facets[0].Pages())
		}
		if l.Pages > l.From {
			out = append(out, l)
		}
	}
	return out
}

// numberedFacets returns the facets of the archive that the numbered page
// o of the original site listed: the classification of its number, or the
// origins its pages listed.
func (a *Archive) numberedFacets(o original) []*Facet {
	if o.kind == Class {
		n, _ := strconv.Atoi(o.name)
		if n <= 0 || n >= len(cable.Classifications) {
			return nil
		}
		return nonNil(a.ClassFacet(cable.Classifications[n]))
	}
	var fs []*Facet
	for _, name := range o.origins {
		fs = append(fs, nonNil(a.OriginFacet(cable.NormalizeOrigin(name)))...)
	}
	return fs
}

// nonNil returns f as a list: empty when f is nil.
func nonNil(f *Facet) []*Facet {
	if f == nil {
		return nil
	}
	return []*Facet{f}
}

// readAs returns the tags of the archive that word, a tag of the original
// site that is none here, was read as: the codes it misspells or glues
// together (AGMT is AMGT, ETRDECONWTOCS four codes), or else the tags of
// several words it is a word of ("CLINTON" of "CLINTON, HILLARY", "PF" of
// "ZANU-PF",
// "AFFAIRS" of every topic that ends in it), or the one-word topics it
// starts or ends (COUNTER of COUNTERTERRORISM), by name (names are the
// archive's tags, sorted).
func (a *Archive) readAs(word string, names []string) []*Facet {
	var out []*Facet
	for _, f := range tags.Parse(word) {
		if f.Tag != word {
			out = append(out, nonNil(a.TagFacetOf(f.Tag))...)
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, name := range names {
		if !strings.Contains(name, word) {
			continue
		}
		words := strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == ',' || r == '.' || r == '-' })
		joined := len(words) == 1 && len(word) >= 5 && name != word && (strings.HasPrefix(name, word) || strings.HasSuffix(name, word))
		if len(words) > 1 && slices.Contains(words, word) || joined {
			out = append(out, nonNil(a.TagFacetOf(name))...)
		}
	}
	return out
}
