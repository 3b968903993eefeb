package index

import (
	_ "embed"
	"maps"
	"slices"
	"strconv"
	"strings"

	"cablesite/generator/cable"
	"cablesite/generator/tags"
)

var (
	//go:embed legacy-origins.tsv
	legacyOriginsFile string
	//go:embed original-pages.tsv
	originalPagesFile string
)

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

// originals are the browse pages of the original site, in the order of the
// file.
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
		k, ok := dirs[f[0]]
		n, err := strconv.Atoi(f[min(2, len(f)-1)])
		if len(f) < 3 || !ok || err != nil {
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

// legacyOrigins maps the numbers of the original site's origin pages to
// origin names.
var legacyOrigins = func() map[int]string {
	m := map[int]string{}
	for _, l := range strings.Split(legacyOriginsFile, "\n") {
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		num, name, ok := strings.Cut(l, "\t")
		n, err := strconv.Atoi(num)
		if !ok || err != nil {
			panic("index: bad line in legacy-origins.tsv: " + l)
		}
		m[n] = name
	}
	return m
}()

// Legacies returns the addresses of the original site that lead elsewhere
// here (see Legacy): the numbered pages of the origins and classifications
// of the archive, then the other browse pages of the original site
// (original-pages.tsv) that have no page of the same path, in a stable
// order.
func (a *Archive) Legacies() []Legacy {
	pages := map[[2]string]original{}
	for _, o := range originals {
		pages[[2]string{o.kind.Dir(), o.name}] = o
	}
	var out []Legacy
	// add adds the legacy address k/name of facets, from its page from; a
	// numbered one has a page for each of its facet's (the original site
	// numbered every page of an origin), the rest the pages the original
	// site had.
	add := func(k Kind, name string, facets []*Facet, from int, numbered bool) {
		if len(facets) == 0 {
			return
		}
		n := pages[[2]string{k.Dir(), name}].pages
		switch {
		case len(facets) == 1 && facets[0].Key == name:
			n = max(n, from) // the pages beyond the facet's, if any
		case len(facets) == 1 && numbered:
			n = max(n, facets[0].Pages())
		default:
			n = max(n, 1)
		}
		if n > from {
			out = append(out, Legacy{Kind: k, Name: name, Facets: facets, From: from, Pages: n})
		}
	}
	for n, name := range cable.Classifications {
		add(Class, strconv.Itoa(n), a.nonNil(a.ClassFacet(name)), 0, true)
	}
	for _, n := range slices.Sorted(maps.Keys(legacyOrigins)) {
		names := []string{legacyOrigins[n]}
		if o, ok := pages[[2]string{Origin.Dir(), strconv.Itoa(n)}]; ok && len(o.origins) > 0 {
			names = o.origins
		}
		var fs []*Facet
		for _, name := range names {
			fs = append(fs, a.nonNil(a.OriginFacet(cable.NormalizeOrigin(name)))...)
		}
		add(Origin, strconv.Itoa(n), fs, 0, true)
	}
	names := slices.Sorted(slices.Values(a.Tags))
	for _, o := range originals {
		if _, err := strconv.Atoi(o.name); err == nil && (o.kind == Origin || o.kind == Class) {
			continue // a numbered page, above
		}
		if f := a.Facet(o.kind, o.name); f != nil {
			add(o.kind, o.name, []*Facet{f}, f.Pages(), false)
		} else if o.kind == Tag {
			add(Tag, o.name, a.readAs(o.name, names), 0, false)
		}
	}
	return out
}

// nonNil returns f as a list: empty when f is nil.
func (a *Archive) nonNil(f *Facet) []*Facet {
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
			out = append(out, a.nonNil(a.TagFacetOf(f.Tag))...)
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
			out = append(out, a.nonNil(a.TagFacetOf(name))...)
		}
	}
	return out
}
