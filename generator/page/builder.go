package page

import (
	"fmt"
	"html/template"
	"net/url"
	"path"
	"runtime"
	"strings"
	"sync"

	"cablesite/generator/cable"
	"cablesite/generator/cabletext"
	"cablesite/generator/index"
	"cablesite/generator/render"
	"cablesite/generator/state"
	"cablesite/generator/tags"
)

// Builder gathers the data of each page of the site from the index of the
// archive: it has one method for each kind of page, the only place where
// that page's data comes from. It is safe for use by several goroutines.
type Builder struct {
	Site *Site
	arch *index.Archive
	days map[int64]string // the day of each creation time, "2010-02-08", shared
	rows sync.Map         // root -> *rowKeys, for ListKey
	// tagTitles are what each tag means (tags.Describe), by its index in
	// the archive's Tags.
	tagTitles []string
}

// NewBuilder returns the builder of the pages of archive a, a finished
// index, for the site s.
func NewBuilder(a *index.Archive, s *Site) *Builder {
	b := &Builder{Site: s, arch: a, days: map[int64]string{}, tagTitles: make([]string, len(a.Tags))}
	for t := range a.Tags {
		if f := a.TagFacet(int32(t)); f != nil {
			b.tagTitles[t] = tags.Describe(f.Name)
		}
	}
	for i := range a.Entries {
		t := a.Entries[i].Created
		day := t.Unix() / (24 * 60)
		if _, ok := b.days[day]; !ok {
			b.days[day] = t.Date()
		}
	}
	return b
}

// Archive is the index the builder reads.
func (b *Builder) Archive() *index.Archive { return b.arch }

// RootOf returns the relative path from the page at p to the site root:
// "../../../" for "cable/2010/02/X.html", "" for "index.html".
func RootOf(p string) string { return strings.Repeat("../", strings.Count(p, "/")) }

// URL returns the absolute URL of the page at p, or "" without a base URL.
func (b *Builder) URL(p string) string {
	if b.Site.BaseURL == "" {
		return ""
	}
	return b.Site.BaseURL + p
}

// frame returns the frame of the page at p.
func (b *Builder) frame(p, title, section string) Frame {
	return Frame{Site: b.Site, Path: p, Root: RootOf(p), Title: title, Canonical: b.URL(p), Section: section}
}

// Row returns the row of entry e in a list on a page whose root is root.
func (b *Builder) Row(e int32, root string) Row {
	a := b.arch
	en := &a.Entries[e]
	reldate, month, origin, class := a.EntryFacets(e)
	r := Row{
		Root:        root,
		ID:          en.ID,
		Href:        en.Path(),
		Subject:     cabletext.Clip(en.Subject, MaxRowSubject),
		Created:     b.days[en.Created.Unix()/(24*60)],
		CreatedHref: month.PagePath(0),
		Class:       a.Classes[en.Class],
		ClassHref:   class.PagePath(0),
		Origin:      a.Origins[en.Origin],
		OriginHref:  origin.PagePath(0),
	}
	if reldate != nil {
		r.Released, r.ReleasedHref = reldate.Name, reldate.PagePath(0)
	}
	return r
}

// MaxRowSubject is the most bytes of a subject that a row of a list
// shows.
const MaxRowSubject = 300

// Hashtags are the hashtags of a post about the cable id.
func Hashtags(id string) string { return "#cablegate #" + id }

// Cable returns the page of entry e, but for its text (see Cable.SetText).
func (b *Builder) Cable(e int32) *Cable {
	a := b.arch
	en := &a.Entries[e]
	p := en.Path()
	root := RootOf(p)
	reldate, month, origin, class := a.EntryFacets(e)
	c := &Cable{
		Frame:          b.frame(p, cableTitle(en.ID, en.Subject), ""),
		ID:             en.ID,
		Subject:        en.Subject,
		Created:        en.Created.String(),
		Released:       en.Released.String(),
		Classification: a.Classes[en.Class],
		Origin:         a.Origins[en.Origin],
		CreatedHref:    root + month.PagePath(0),
		ClassHref:      root + class.PagePath(0),
		OriginHref:     root + origin.PagePath(0),
		Hashtags:       Hashtags(en.ID),
		Format:         string(en.Format()),
		Record:         en.Hash,
	}
	if reldate != nil {
		c.ReleasedHref = root + reldate.PagePath(0)
	}
	c.Share = Share{URL: b.URL(p), Post: post(en.ID+": "+cabletext.Clip(en.Subject, 60), b.URL(p), en.ID)}
	if ts := a.EntryTags(e); len(ts) > 0 {
		c.Tags = make([]Link, 0, len(ts))
		for _, t := range ts {
			f := a.TagFacet(t)
			c.Tags = append(c.Tags, Link{Text: f.Name, Href: root + f.PagePath(0), Title: b.tagTitles[t]})
		}
	}
	refs := a.EntryRefs(e)
	if len(refs) > 0 {
		c.References = make([]Ref, 0, len(refs))
	}
	for _, r := range refs {
		id := a.RefIDs[r]
		ref := Ref{ID: id, Text: id}
		if j, ok := a.RefEntry(r); ok && j != e {
			cited := &a.Entries[j]
			ref.Href = root + cited.Path()
			ref.Title = cited.ID + ": " + cited.Subject
			ref.Text = ref.Title
		}
		c.References = append(c.References, ref)
	}
	if cited := a.CitedBy(e); len(cited) > 0 {
		c.CitedBy = make([]Row, 0, len(cited))
		for _, j := range cited {
			c.CitedBy = append(c.CitedBy, b.Row(j, root))
		}
	}
	c.History = b.history(e)
	return c
}

// cableTitle is the title of a cable's page.
func cableTitle(id, subject string) string {
	if subject == "" {
		return id + ": cable"
	}
	return id + ": " + subject
}

// post is the text of a post about what, at url ("" when unknown), with
// the hashtags of the cable id.
func post(what, url, id string) string {
	if url == "" {
		return what + " " + Hashtags(id)
	}
	return what + " " + url + " " + Hashtags(id)
}

// List returns page p (from 0) of the list of facet f.
func (b *Builder) List(f *index.Facet, p int) *List {
	l := b.list(f, p)
	for _, e := range f.Page(p) {
		l.Rows = append(l.Rows, b.Row(e, l.Root))
	}
	return l
}

// ListKey returns the key of page p of facet f, Key(b.List(f, p)), from
// the keys of its rows, each made once for the builder, without making
// the rows.
func (b *Builder) ListKey(f *index.Facet, p int) state.Key {
	l := b.list(f, p)
	keys := b.rowKeys(l.Root)
	page := f.Page(p)
	rows := make([]state.Key, len(page))
	for i, e := range page {
		rows[i] = keys[e]
	}
	return state.KeyOfWith(l, rows)
}

// list returns page p of facet f but for its rows.
func (b *Builder) list(f *index.Facet, p int) *List {
	pagePath := f.PagePath(p)
	kind := kindTitle(f.Kind)
	l := &List{
		Frame:   b.frame(pagePath, fmt.Sprintf("%s %s, page %d", kind, f.Name, p+1), f.Kind.Dir()),
		Kind:    kind,
		Heading: f.Name,
		Total:   len(f.Entries),
		First:   p*index.PageSize + 1,
		Pager:   pager(f, p),
		Up:      Link{Text: "All " + pluralKind(f.Kind), Href: "index.html"},
	}
	if p == 0 {
		l.Title = kind + " " + f.Name
	}
	l.Last = l.First + len(f.Page(p)) - 1
	l.Description = fmt.Sprintf("%s cables, %s %s.", render.Commas(len(f.Entries)), strings.ToLower(kind), f.Name)
	if f.Kind == index.Tag {
		l.Kind = tagKindTitle(f.Name)
		if m := tags.Meaning(f.Name); m != "" {
			l.Intro = m + "."
			l.Description = fmt.Sprintf("%s cables tagged %s: %s.", render.Commas(len(f.Entries)), f.Name, m)
		}
	}
	if b.Site.Search {
		l.Scope = scope(f)
	}
	if p == 0 && (f.Kind == index.Origin || f.Kind == index.Tag) {
		l.Chart = b.FacetChart(f, l.Root)
	}
	return l
}

// rowKeys returns the key of the row of each entry on a page whose root
// is root, made once, by as many goroutines as there are processors.
func (b *Builder) rowKeys(root string) []state.Key {
	v, _ := b.rows.LoadOrStore(root, new(rowKeys))
	rk := v.(*rowKeys)
	rk.once.Do(func() {
		n := len(b.arch.Entries)
		rk.keys = make([]state.Key, n)
		var wg sync.WaitGroup
		parts := runtime.GOMAXPROCS(0)
		for w := range parts {
			wg.Go(func() {
				for e := n * w / parts; e < n*(w+1)/parts; e++ {
					r := b.Row(int32(e), root)
					rk.keys[e] = state.KeyOf(&r)
				}
			})
		}
		wg.Wait()
	})
	return rk.keys
}

// rowKeys are the keys of the rows of every entry, for one root.
type rowKeys struct {
	once sync.Once
	keys []state.Key
}

// scope is the search within the list of facet f.
func scope(f *index.Facet) Scope {
	s := Scope{Value: f.Name, Label: "Search the cables of " + f.Name}
	switch f.Kind {
	case index.Origin:
		s.Param = "origin"
	case index.Tag:
		s.Param, s.Label = "tag", "Search the cables tagged "+f.Name
	case index.Class:
		s.Param, s.Label = "class", "Search the "+f.Name+" cables"
	case index.Date:
		s.Param, s.Value, s.Label = "month", f.Key, "Search the cables of "+f.Name
	case index.Reldate:
		s.Param, s.Value, s.Label = "released", f.Key, "Search the cables released on "+f.Name
	case index.Change:
		s.Param, s.Value, s.Label = "changed", f.Key, "Search the cables changed in release "+f.Name
	}
	return s
}

// tagKindTitle names the kind of a tag above its list: "Subject tag".
func tagKindTitle(code string) string {
	switch tags.Of(code) {
	case tags.Subject:
		return "Subject tag"
	case tags.Country:
		return "Country tag"
	case tags.Organization:
		return "Organisation tag"
	case tags.Person:
		return "Person tag"
	}
	return "Tag"
}

func kindTitle(k index.Kind) string {
	return [...]string{"Released", "Created", "Origin", "Tag", "Classification", "Changed in release"}[k]
}

func pluralKind(k index.Kind) string {
	return [...]string{"release days", "months", "origins", "tags", "classifications", "releases"}[k]
}

// pager returns the pager of page p of f: links to the first, previous,
// next and last pages, and numbered links to the first, the last and the
// pages near p.
func pager(f *index.Facet, p int) Pager {
	n := f.Pages()
	href := func(i int) string { return path.Base(f.PagePath(i)) }
	pg := Pager{Pages: n}
	if n <= 1 {
		return pg
	}
	if p > 0 {
		pg.First, pg.Prev = href(0), href(p-1)
	}
	if p < n-1 {
		pg.Next, pg.Last = href(p+1), href(n-1)
	}
	last := -1
	for i := 0; i < n; i++ {
		if i != 0 && i != n-1 && (i < p-2 || i > p+2) {
			continue
		}
		if last >= 0 && i > last+1 {
			pg.Links = append(pg.Links, PagerLink{Text: "…", Gap: true})
		}
		l := PagerLink{Text: fmt.Sprint(i + 1), Href: href(i), Current: i == p}
		pg.Links = append(pg.Links, l)
		last = i
	}
	return pg
}

// Legacy returns the page at the old path of page p of a legacy address: a
// page that leads to its new path, or, for an address of several facets, a
// page that names them.
func (b *Builder) Legacy(l index.Legacy, p int) *Redirect {
	old := l.Path(p)
	if len(l.Facets) > 1 {
		r := &Redirect{Frame: b.frame(old, fmt.Sprintf("%s %s of the original site", kindTitle(l.Kind), l.Name), l.Kind.Dir())}
		for _, f := range l.Facets {
			r.Choices = append(r.Choices, Link{Text: f.Name, Href: path.Base(f.PagePath(min(p, f.Pages()-1)))})
		}
		return r
	}
	f, to := l.Facets[0], l.Target(p)
	r := &Redirect{
		Frame: b.frame(old, fmt.Sprintf("%s %s, page %d", kindTitle(l.Kind), f.Name, p+1), l.Kind.Dir()),
		To:    path.Base(to),
	}
	r.Canonical = b.URL(to)
	return r
}

// Alias returns the page at the canonical ID of entry e, whose ID is
// malformed: a page that leads to the cable's.
func (b *Builder) Alias(e int32) *Redirect {
	en := &b.arch.Entries[e]
	canon := cable.Canonical(en.ID)
	r := &Redirect{
		Frame: b.frame(cable.Path(canon, en.Created), canon+": "+en.Subject, ""),
		To:    en.ID + ".html",
	}
	r.Canonical = b.URL(en.Path())
	return r
}

// NotFound returns 404.html.
func (b *Builder) NotFound() *NotFound {
	f := b.frame("404.html", "Page not found", "")
	f.Root, f.Canonical = "/", ""
	if b.Site.BaseURL != "" {
		f.Root = b.Site.BaseURL
	}
	return &NotFound{Frame: f}
}

// SearchPage returns search.html.
func (b *Builder) SearchPage(meta string) *Search {
	p := &Search{
		Frame:  b.frame("search.html", "Search", "search"),
		Count:  b.arch.Len(),
		Script: b.Site.Assets["search.js"],
		Meta:   meta,
	}
	p.Description = fmt.Sprintf("Search the text of %s US diplomatic cables, from disk or on the web.", render.Commas(b.arch.Len()))
	for _, k := range b.arch.Kinds() {
		p.Browse = append(p.Browse, Link{Text: k.Title(), Href: k.Dir() + "/index.html"})
	}
	return p
}

// MarkdownPage returns the page NAME.html of a Markdown page whose title
// and body (converted to HTML, see render.Markdown) are given.
func (b *Builder) MarkdownPage(name, title string, body template.HTML) *Markdown {
	return &Markdown{Frame: b.frame(name+".html", title, ""), Body: body}
}

// Redirects returns the rules of _redirects: for a host such as Netlify, a
// 301 from the addresses of the original site that lead elsewhere (see
// index.Legacy), and from the canonical ID of each malformed one, to its
// page.
func (b *Builder) Redirects(legacies []index.Legacy, aliases []int32) *Redirects {
	prefix := "/"
	if b.Site.BaseURL != "" {
		if u, err := url.Parse(b.Site.BaseURL); err == nil {
			prefix = u.Path
		}
	}
	r := &Redirects{}
	// A rule for each old page beyond the count of its facet, to the last
	// page; then one rule a renamed address, whatever its pages: "/origin/132_*"
	// to "/origin/embassy-beijing_:splat" (the rest of the path, "0.html").
	// An address of several facets has a page of its own, and no rule.
	for _, l := range legacies {
		if len(l.Facets) != 1 {
			continue
		}
		for p := max(l.From, l.Facets[0].Pages()); p < l.Pages; p++ {
			r.Rules = append(r.Rules, Rule{From: prefix + l.Path(p), To: prefix + l.Target(p)})
		}
		if l.Renamed() {
			from := strings.TrimSuffix(l.Path(0), "0.html") + "*"
			to := strings.TrimSuffix(l.Facets[0].PagePath(0), "0.html") + ":splat"
			r.Rules = append(r.Rules, Rule{From: prefix + from, To: prefix + to})
		}
	}
	for _, e := range aliases {
		en := &b.arch.Entries[e]
		r.Rules = append(r.Rules, Rule{From: prefix + cable.Path(cable.Canonical(en.ID), en.Created), To: prefix + en.Path()})
	}
	return r
}
