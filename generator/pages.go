package generator

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"

	"cablesite/generator/cable"
	"cablesite/generator/index"
	"cablesite/generator/render"
	"cablesite/generator/tags"
)

// normalizeBaseURL checks a base URL and gives it a final slash.
func normalizeBaseURL(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("base URL %q is not an absolute http(s) URL", s)
	}
	u.RawQuery, u.Fragment = "", ""
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u.String(), nil
}

// rootOf returns the relative path from the page at p to the site root:
// "../../../" for "cable/2010/02/X.html", "" for "index.html".
func rootOf(p string) string {
	return strings.Repeat("../", strings.Count(p, "/"))
}

// url returns the absolute URL of the page at p, or "" without a base URL.
func (b *builder) url(p string) string {
	if b.cfg.BaseURL == "" {
		return ""
	}
	return b.cfg.BaseURL + p
}

// page returns the common part of the page at p.
func (b *builder) page(p, title, section string) render.Page {
	return render.Page{Site: b.site, Path: p, Root: rootOf(p), Title: title, Canonical: b.url(p), Section: section}
}

// row returns the list row of entry e for a page whose root is root.
func (b *builder) row(e int32, root string) render.Row {
	en := &b.arch.Entries[e]
	reldate, date, origin, class := b.arch.EntryFacets(e)
	r := render.Row{
		ID:          en.ID,
		Href:        root + en.Path(),
		Subject:     en.Subject,
		Created:     en.Created.Date(),
		Released:    en.Released.Date(),
		CreatedHref: root + date.PagePath(0),
		Class:       b.arch.Classes[en.Class],
		ClassHref:   root + class.PagePath(0),
		Origin:      b.arch.Origins[en.Origin],
		OriginHref:  root + origin.PagePath(0),
	}
	if reldate != nil {
		r.ReleasedHref = root + reldate.PagePath(0)
	}
	return r
}

// markdownPage is a Markdown page of the site.
type markdownPage struct {
	name  string // "about"
	title string
	src   []byte
}

// pageOrder puts the pages that explain the site first in the navigation.
var pageOrder = map[string]int{"about": 1, "reading": 2, "sharing": 3}

// prepare writes the assets and sets up what every page shares.
func (b *builder) prepare() error {
	b.site = &render.Site{
		Name:    "Cablegate archive",
		BaseURL: b.cfg.BaseURL,
		Total:   ArchiveSize,
		Count:   b.arch.Len(),
		Search:  !b.cfg.NoSearch,
	}
	if err := b.assets(); err != nil {
		return err
	}
	pages, err := b.markdownPages()
	if err != nil {
		return err
	}
	for _, p := range pages {
		b.site.Nav = append(b.site.Nav, render.Link{Text: p.title, Href: p.name + ".html"})
	}
	b.pages = pages
	return nil
}

// assets reads the assets, to be written into assets/ under names that
// carry a hash of their content ("assets/style.1a2b3c4d.css"), so that hosts
// may cache them for ever: a changed file gets a new name.
func (b *builder) assets() error {
	b.site.Assets = map[string]string{}
	b.assetData = map[string][]byte{}
	err := fs.WalkDir(b.cfg.Assets, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("assets: %w", err)
		}
		if d.IsDir() {
			return nil
		}
		data, err := fs.ReadFile(b.cfg.Assets, p)
		if err != nil {
			return fmt.Errorf("assets: %w", err)
		}
		sum := sha256.Sum256(data)
		ext := path.Ext(p)
		out := "assets/" + strings.TrimSuffix(p, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		b.site.Assets[p] = out
		b.assetData[out] = data
		return nil
	})
	if err != nil {
		return err
	}
	b.site.CSS, b.site.JS = b.site.Assets["style.css"], b.site.Assets["site.js"]
	if b.site.CSS == "" || b.site.JS == "" || b.site.Assets["search.js"] == "" {
		return fmt.Errorf("assets: style.css, site.js and search.js are needed")
	}
	return nil
}

// markdownPages reads the Markdown pages, in navigation order.
func (b *builder) markdownPages() ([]markdownPage, error) {
	names, err := fs.Glob(b.cfg.Pages, "*.md")
	if err != nil {
		return nil, fmt.Errorf("pages: %w", err)
	}
	var pages []markdownPage
	for _, n := range names {
		src, err := fs.ReadFile(b.cfg.Pages, n)
		if err != nil {
			return nil, fmt.Errorf("pages: %w", err)
		}
		name := strings.TrimSuffix(n, ".md")
		if err := checkPageName(name); err != nil {
			return nil, fmt.Errorf("pages: %s: %w", n, err)
		}
		title, _, err := render.Markdown(src)
		if err != nil {
			return nil, fmt.Errorf("pages: %s: %w", n, err)
		}
		if title == "" {
			title = name
		}
		pages = append(pages, markdownPage{name: name, title: title, src: src})
	}
	sort.SliceStable(pages, func(i, j int) bool {
		oi, oj := pageOrder[pages[i].name], pageOrder[pages[j].name]
		if oi == 0 {
			oi = 100
		}
		if oj == 0 {
			oj = 100
		}
		if oi != oj {
			return oi < oj
		}
		return pages[i].name < pages[j].name
	})
	return pages, nil
}

// checkPageName refuses Markdown page names that would clash with the
// site's own files.
func checkPageName(name string) error {
	switch name {
	case "index", "404", "search":
		return fmt.Errorf("the name %q is the site's own", name)
	}
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return fmt.Errorf("page names are lower-case letters, digits, - and _")
		}
	}
	return nil
}

// listPage gathers what page p of facet f shows.
func (b *builder) listPage(f *index.Facet, p int) *render.ListPage {
	pagePath := f.PagePath(p)
	root := rootOf(pagePath)
	kind, heading := kindTitle(f.Kind), f.Name
	lp := &render.ListPage{
		Page:    b.page(pagePath, fmt.Sprintf("%s %s, page %d", kind, f.Name, p+1), f.Kind.Dir()),
		Heading: heading,
		Kind:    kind,
		Total:   len(f.Entries),
		First:   p*index.PageSize + 1,
		Pager:   pager(f, p),
		Up:      render.Link{Text: "All " + pluralKind(f.Kind), Href: "index.html"},
	}
	if p == 0 {
		lp.Title = fmt.Sprintf("%s %s", kind, f.Name)
	}
	for _, e := range f.Page(p) {
		lp.Rows = append(lp.Rows, b.row(e, root))
	}
	lp.Last = lp.First + len(lp.Rows) - 1
	lp.Description = fmt.Sprintf("%d cables, %s %s.", len(f.Entries), strings.ToLower(kind), f.Name)
	if f.Kind == index.Tag {
		lp.Kind = tagKindTitle(f.Name)
		if m := tags.Meaning(f.Name); m != "" {
			lp.Intro = m + "."
			lp.Description = fmt.Sprintf("%d cables tagged %s: %s.", len(f.Entries), f.Name, m)
		}
	}
	return lp
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
	return [...]string{"Released", "Created", "Origin", "Tag", "Classification"}[k]
}

func pluralKind(k index.Kind) string {
	return [...]string{"release days", "months", "origins", "tags", "classifications"}[k]
}

// pager returns the pager of page p of f: links to the first, previous,
// next and last pages, and numbered links to the first, the last and the
// pages near p.
func pager(f *index.Facet, p int) render.Pager {
	n := f.Pages()
	href := func(i int) string { return path.Base(f.PagePath(i)) }
	pg := render.Pager{Page: p, Pages: n}
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
			pg.Links = append(pg.Links, render.Link{Text: "…"})
		}
		l := render.Link{Text: strconv.Itoa(i + 1)}
		if i != p {
			l.Href = href(i)
		}
		pg.Links = append(pg.Links, l)
		last = i
	}
	return pg
}

// directory gathers what the directory page of a kind shows.
func (b *builder) directory(k index.Kind) *render.DirPage {
	p := k.Dir() + "/index.html"
	facets := b.arch.Facets(k)
	dp := &render.DirPage{
		Page:    b.page(p, "Browse by "+k.Title(), k.Dir()),
		Heading: "Browse by " + k.Title(),
	}
	link := func(f *index.Facet, text string) render.Link {
		return render.Link{Text: text, Href: path.Base(f.PagePath(0)), Count: len(f.Entries), Title: f.Name}
	}
	switch k {
	case index.Reldate:
		dp.Intro = fmt.Sprintf("%d release days, the latest first.", len(facets))
		if n := b.arch.Unreleased(); n > 0 {
			dp.Intro += fmt.Sprintf(" %d cables have no known release date; they are listed by every other facet.", n)
		}
		groups := map[string]*render.Group{}
		var order []string
		for i := len(facets) - 1; i >= 0; i-- {
			f := facets[i]
			month := f.Key[:7]
			g := groups[month]
			if g == nil {
				t, _ := cable.ParseTime(month + "-01 00:00")
				g = &render.Group{ID: "m" + month, Title: t.Std().Format("January 2006")}
				groups[month] = g
				order = append(order, month)
			}
			g.Links = append(g.Links, link(f, f.Key))
		}
		for _, m := range order {
			dp.Groups = append(dp.Groups, *groups[m])
			dp.Jump = append(dp.Jump, render.Link{Text: m, Href: "#m" + m})
		}
	case index.Date:
		dp.Intro = fmt.Sprintf("%d months, from %s to %s.", len(facets), facets[0].Name, facets[len(facets)-1].Name)
		groups := map[string]*render.Group{}
		var order []string
		for i := len(facets) - 1; i >= 0; i-- {
			f := facets[i]
			year := f.Key[:4]
			g := groups[year]
			if g == nil {
				g = &render.Group{ID: "y" + year, Title: year}
				groups[year] = g
				order = append(order, year)
			}
			g.Links = append(g.Links, link(f, f.Name))
		}
		for _, y := range order {
			dp.Groups = append(dp.Groups, *groups[y])
			dp.Jump = append(dp.Jump, render.Link{Text: y, Href: "#y" + y})
		}
	case index.Origin:
		dp.Intro = fmt.Sprintf("%d embassies, consulates and offices, by the name of their place.", len(facets))
		sorted := slices.Clone(facets)
		sort.SliceStable(sorted, func(i, j int) bool { return placeKey(sorted[i].Name) < placeKey(sorted[j].Name) })
		dp.Groups, dp.Jump = letterGroups(sorted, func(f *index.Facet) string { return placeKey(f.Name) }, link)
	case index.Tag:
		dp.Intro = fmt.Sprintf("%d tags: the codes of the TAGS line, which say what a cable is about, by subject, country, organisation and person.", len(facets))
		byKind := map[tags.Kind][]render.Link{}
		for _, f := range facets {
			l := link(f, f.Name)
			l.Note = tags.Meaning(f.Name)
			l.Title = tags.Describe(f.Name)
			k := tags.Of(f.Name)
			byKind[k] = append(byKind[k], l)
		}
		for _, k := range tags.Kinds {
			if len(byKind[k]) == 0 {
				continue
			}
			id := "k-" + k.String()
			dp.Groups = append(dp.Groups, render.Group{ID: id, Title: fmt.Sprintf("%s (%d)", k.Title(), len(byKind[k])), Links: byKind[k]})
			dp.Jump = append(dp.Jump, render.Link{Text: k.Title(), Href: "#" + id})
		}
	case index.Class:
		dp.Intro = "How each cable was classified when it was sent."
		sorted := slices.Clone(facets)
		rank := func(name string) int {
			if i := slices.Index(cable.Classifications, name); i > 0 {
				return i
			}
			return len(cable.Classifications)
		}
		sort.SliceStable(sorted, func(i, j int) bool { return rank(sorted[i].Name) < rank(sorted[j].Name) })
		g := render.Group{}
		for _, f := range sorted {
			g.Links = append(g.Links, link(f, f.Name))
		}
		dp.Groups = []render.Group{g}
	}
	return dp
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
func letterGroups(facets []*index.Facet, key func(*index.Facet) string, link func(*index.Facet, string) render.Link) ([]render.Group, []render.Link) {
	var groups []render.Group
	var jump []render.Link
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
			groups = append(groups, render.Group{ID: id, Title: letter})
			jump = append(jump, render.Link{Text: letter, Href: "#" + id})
		}
		g := &groups[len(groups)-1]
		g.Links = append(g.Links, link(f, f.Name))
	}
	return groups, jump
}

// home gathers what the front page shows.
func (b *builder) home() *render.HomePage {
	hp := &render.HomePage{Page: b.page("index.html", b.site.Name, "")}
	hp.Description = fmt.Sprintf("%s of the %s US diplomatic cables released in 2010 and 2011, by release date, creation date, origin, tag and classification.", render.Commas(b.arch.Len()), render.Commas(ArchiveSize))
	days := b.arch.Facets(index.Reldate)
	for i := len(days) - 1; i >= 0 && len(hp.Days) < 12; i-- {
		hp.Days = append(hp.Days, render.Link{Text: days[i].Name, Href: days[i].PagePath(0), Count: len(days[i].Entries)})
	}
	for i := len(days) - 1; i >= 0 && len(hp.Latest) < 20; i-- {
		for _, e := range days[i].Entries {
			if len(hp.Latest) == 20 {
				break
			}
			hp.Latest = append(hp.Latest, b.row(e, ""))
		}
	}
	count := func(k index.Kind) int { return len(b.arch.Facets(k)) }
	hp.Browse = []render.Link{
		{Text: "Release date", Href: "reldate/index.html", Title: fmt.Sprintf("%d release days", count(index.Reldate))},
		{Text: "Creation date", Href: "date/index.html", Title: fmt.Sprintf("%d months", count(index.Date))},
		{Text: "Origin", Href: "origin/index.html", Title: fmt.Sprintf("%d embassies and offices", count(index.Origin))},
		{Text: "Tag", Href: "tag/index.html", Title: fmt.Sprintf("%d tags", count(index.Tag))},
		{Text: "Classification", Href: "classification/index.html", Title: fmt.Sprintf("%d classifications", count(index.Class))},
	}
	for _, f := range b.arch.Facets(index.Class) {
		hp.Classes = append(hp.Classes, render.Link{Text: f.Name, Href: f.PagePath(0), Count: len(f.Entries)})
	}
	hp.Released = b.arch.Len() - b.arch.Unreleased()
	return hp
}

// markdown gathers what a Markdown page shows.
func (b *builder) markdown(p markdownPage) (*render.MarkdownPage, error) {
	_, body, err := render.Markdown(p.src)
	if err != nil {
		return nil, fmt.Errorf("pages: %s: %w", p.name, err)
	}
	out := p.name + ".html"
	return &render.MarkdownPage{Page: b.page(out, p.title, ""), Body: body}, nil
}

// legacyPage gathers what the page at the old path of page p of a legacy
// facet shows: where it moved.
func (b *builder) legacyPage(l index.Legacy, p int) *render.RedirectPage {
	old, to := l.Path(p), l.Facet.PagePath(p)
	rp := &render.RedirectPage{
		Page: b.page(old, fmt.Sprintf("%s %s, page %d", kindTitle(l.Kind), l.Facet.Name, p+1), l.Kind.Dir()),
		To:   path.Base(to),
	}
	rp.Canonical = b.url(to)
	return rp
}

// aliasPage gathers what the page at the canonical ID of entry e (whose ID
// is malformed) shows: where the cable is.
func (b *builder) aliasPage(e int32) *render.RedirectPage {
	en := &b.arch.Entries[e]
	canon := cable.Canonical(en.ID)
	rp := &render.RedirectPage{
		Page: b.page(cable.Path(canon, en.Created), canon+": "+en.Subject, ""),
		To:   en.ID + ".html",
	}
	rp.Canonical = b.url(en.Path())
	return rp
}

// redirects returns the _redirects file of the site: for a host such as
// Netlify, a 301 from each numbered page of the original site to its new
// path.
func (b *builder) redirects() []byte {
	var rules strings.Builder
	rules.WriteString("# The original site's numbered origin and classification pages.\n")
	prefix := "/"
	if b.cfg.BaseURL != "" {
		if u, err := url.Parse(b.cfg.BaseURL); err == nil {
			prefix = u.Path
		}
	}
	for _, l := range b.legacies {
		for p := 0; p < l.Facet.Pages(); p++ {
			fmt.Fprintf(&rules, "%s%s %s%s 301!\n", prefix, l.Path(p), prefix, l.Facet.PagePath(p))
		}
	}
	if len(b.aliases) > 0 {
		rules.WriteString("# Malformed reference IDs of the archive, by their canonical ID.\n")
	}
	for _, e := range b.aliases {
		en := &b.arch.Entries[e]
		fmt.Fprintf(&rules, "%s%s %s%s 301!\n", prefix, cable.Path(cable.Canonical(en.ID), en.Created), prefix, en.Path())
	}
	return []byte(rules.String())
}

// notFound gathers what 404.html shows. A host serves it at any depth, so
// its links are absolute: from the base URL, or from the host's root
// without one.
func (b *builder) notFound() any {
	pg := b.page("404.html", "Page not found", "")
	pg.Root = "/"
	if b.cfg.BaseURL != "" {
		pg.Root = b.cfg.BaseURL
	}
	pg.Canonical = ""
	return &struct{ render.Page }{pg}
}

// searchPage gathers what the search page shows.
func (b *builder) searchPage() *render.SearchPage {
	p := &render.SearchPage{
		Page:   b.page("search.html", "Search", "search"),
		Script: b.site.Assets["search.js"],
		Meta:   "search/meta.js",
	}
	p.Description = fmt.Sprintf("Search the text of %s US diplomatic cables, from disk or on the web.", render.Commas(b.arch.Len()))
	for _, k := range index.Kinds {
		p.Browse = append(p.Browse, render.Link{Text: k.Title(), Href: k.Dir() + "/index.html"})
	}
	return p
}
