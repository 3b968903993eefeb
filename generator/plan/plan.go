// Package plan lists every file of a site with its key, and decides which
// to write: all of them, or, when a previous build left a site and a state
// that describe it, only those whose key changed, and which files of the
// published site to remove.
//
// A file of the plan is a Job: numbers that say what it is (a cable, page
// 3 of an origin's list, a file of the search index), from which its path
// and its page's data follow (Plan.Path, Plan.Page). Its key is derived
// from that data (see package page), with the build's config key: what
// every page depends on (the generator, the templates, the base URL).
package plan

import (
	"context"
	"fmt"
	"path"

	"cablesite/generator/cable"
	"cablesite/generator/index"
	"cablesite/generator/internal/work"
	"cablesite/generator/page"
	"cablesite/generator/publish"
	"cablesite/generator/search"
	"cablesite/generator/search/number"
	"cablesite/generator/state"
)

// Kind says what a job writes.
type Kind uint8

// The kinds of job, with what their numbers A, B, C say.
const (
	Cable     Kind = iota // A: entry; B: 1 when its page is written again only because it went missing
	List                  // A: facet kind, B: facet, C: page
	Legacy                // A: legacy facet, B: page
	Alias                 // A: entry whose malformed ID has a canonical one
	Directory             // A: facet kind
	Home
	Markdown  // A: index into Content.Markdown
	Search    // the search page
	NotFound  // 404.html
	Redirects // _redirects
	Asset     // A: index into Content.Assets
	DocGroup  // A: group of cables of the search index
	Sitemap   // A: sitemap file
	SitemapIndex
	Robots
	Feed
	Image // A: 0 the card, 1 the SVG icon, 2 the ICO icon
)

// Job is one file of the site, with the key of what it holds. A site has
// hundreds of thousands: a job is numbers that say what it is, not its path
// or its data, which Plan.Path and Plan.Page give.
type Job struct {
	Key     state.Key
	PathKey state.Key // state.PathKey of its path
	Kind    Kind
	A, B, C int32
	N       int32 // its index in Plan.Jobs
}

// Input is what a plan is made from.
type Input struct {
	Archive   *index.Archive
	Content   *page.Content
	ConfigKey state.Key    // what every page depends on
	Previous  *state.State // the published site's state, its records loaded; nil for a whole new site
	// Live lists the files of the published site (nil with no Previous).
	Live     *publish.Listing
	NoSearch bool
	Workers  int
}

// Modes of a build.
const (
	ModeFull      = "full"      // the whole site, into a new folder
	ModeUpdate    = "update"    // the files that changed, into the published site
	ModeUnchanged = "unchanged" // nothing to write
)

// Plan is every file of a site and what a build writes of them.
type Plan struct {
	Builder   *page.Builder
	Content   *page.Content
	Index     *number.Numbering // nil without search
	Legacies  []index.Legacy
	Aliases   []int32 // entries whose canonical ID has a page of its own
	ConfigKey state.Key

	Jobs []Job // every file of the site but those of the search index other than its files of cables
	// KeysLater says that the Jobs have their paths' keys but not their
	// keys yet: whoever writes a job's file sets its key (SetKey).
	KeysLater bool
	Write     []Job    // the jobs to write: all of them, or those that changed
	Remove    []string // in an update, files of the published site that the site no longer has
	Mode      string
	// IndexKeys are the keys of the other files of the search index, by
	// their path's key, as the published site has them (in an update).
	IndexKeys map[state.Key]state.Key
	// Sitemap lists the pages of the sitemap, when the site knows its
	// address (a base URL); nil without.
	Sitemap []page.SitemapItem
}

// updateShare is the share of the site's files up to which a rebuild
// writes only the files that changed; past it, it writes the whole site.
const updateShare = 4 // one file in four

// Make lists the files of the site with their keys and decides what to
// write.
func Make(ctx context.Context, in Input) (*Plan, error) {
	a := in.Archive
	p := &Plan{
		Builder:   page.NewBuilder(a, in.Content.Site),
		Content:   in.Content,
		ConfigKey: in.ConfigKey,
		Legacies:  a.Legacies(),
	}
	if !in.NoSearch {
		p.Index = number.Cables(a, in.Previous)
	}
	p.list()
	// A whole new site needs no keys to decide what to write: the keys
	// of its files, for the next build, come from the data that emit
	// gathers for each anyway (see SetKey).
	p.KeysLater = in.Previous == nil || in.Live == nil
	if err := p.keys(ctx, in.Workers); err != nil {
		return nil, err
	}
	if err := p.checkPaths(); err != nil {
		return nil, err
	}
	p.decide(in)
	return p, nil
}

// list lists every job of the site.
func (p *Plan) list() {
	a := p.Builder.Archive()
	add := func(k Kind, a, b, c int32) { p.Jobs = append(p.Jobs, Job{Kind: k, A: a, B: b, C: c}) }
	for i := range a.Entries {
		add(Cable, int32(i), 0, 0)
	}
	if p.Index != nil {
		for g := 0; g < p.Index.Groups(); g++ {
			for _, e := range p.Index.Members(int32(g)) {
				if e >= 0 {
					add(DocGroup, int32(g), 0, 0)
					break
				}
			}
		}
	}
	for _, k := range a.Kinds() {
		for fi, f := range a.Facets(k) {
			for pg := 0; pg < f.Pages(); pg++ {
				add(List, int32(k), int32(fi), int32(pg))
			}
		}
		add(Directory, int32(k), 0, 0)
	}
	// A malformed ID (08ECTION01OF02MANAMA492) keeps its page, and its
	// canonical ID (08MANAMA492), when no cable of the archive has it, gets
	// a page that leads there.
	aliased := map[string]bool{}
	for i := range a.Entries {
		if canon := cable.Canonical(a.Entries[i].ID); canon != "" && !aliased[canon] {
			if _, ok := a.Lookup(canon); !ok {
				aliased[canon] = true
				add(Alias, int32(i), 0, 0)
				p.Aliases = append(p.Aliases, int32(i))
			}
		}
	}
	for li, l := range p.Legacies {
		for pg := l.From; pg < l.Pages; pg++ {
			add(Legacy, int32(li), int32(pg), 0)
		}
	}
	add(Home, 0, 0, 0)
	for i := range p.Content.Markdown {
		add(Markdown, int32(i), 0, 0)
	}
	if p.Index != nil {
		add(Search, 0, 0, 0)
	}
	add(NotFound, 0, 0, 0)
	add(Redirects, 0, 0, 0)
	for i := range p.Content.Assets {
		add(Asset, int32(i), 0, 0)
	}
	p.publishing(add)
}

// publishing lists the files that tell search engines, feed readers and
// social networks about the site: the sitemap (with a base URL: a sitemap
// lists absolute URLs), robots.txt, the feed, the card of link previews
// (with a base URL: og:image is an absolute URL) and the icons.
func (p *Plan) publishing(add func(k Kind, a, b, c int32)) {
	site := p.Content.Site
	if site.BaseURL != "" {
		var md []string
		for _, m := range p.Content.Markdown {
			md = append(md, m.Name)
		}
		p.Sitemap = p.Builder.SitemapItems(md, p.Index != nil)
		for n := 0; n*page.SitemapURLs < len(p.Sitemap); n++ {
			add(Sitemap, int32(n), 0, 0)
		}
		add(SitemapIndex, 0, 0, 0)
		add(Image, 0, 0, 0)
	}
	add(Robots, 0, 0, 0)
	add(Feed, 0, 0, 0)
	add(Image, 1, 0, 0)
	add(Image, 2, 0, 0)
}

// Path returns the path of the file of job j.
func (p *Plan) Path(j *Job) string {
	a := p.Builder.Archive()
	switch j.Kind {
	case Cable:
		return a.Entries[j.A].Path()
	case List:
		return a.Facets(index.Kind(j.A))[j.B].PagePath(int(j.C))
	case Legacy:
		return p.Legacies[j.A].Path(int(j.B))
	case Alias:
		en := &a.Entries[j.A]
		return cable.Path(cable.Canonical(en.ID), en.Created)
	case Directory:
		return index.Kind(j.A).Dir() + "/index.html"
	case Home:
		return "index.html"
	case Markdown:
		return p.Content.Markdown[j.A].Name + ".html"
	case Search:
		return "search.html"
	case NotFound:
		return "404.html"
	case Redirects:
		return "_redirects"
	case Asset:
		return p.Content.Assets[j.A].Path
	case DocGroup:
		return docGroupPath(j.A)
	case Sitemap:
		return page.SitemapPath(int(j.A))
	case SitemapIndex:
		return "sitemap.xml"
	case Robots:
		return "robots.txt"
	case Feed:
		return page.FeedPath
	case Image:
		return [...]string{page.CardPath, page.IconSVGPath, page.IconICOPath}[j.A]
	}
	panic(fmt.Sprintf("plan: job of kind %d", j.Kind))
}

// Page returns the data of the file of job j and the template that renders
// it ("" for a file that is not an HTML page). A cable's page comes without
// its text, which its record gives (see page.Cable.SetText); a file of
// cables of the search index without the cables' text.
func (p *Plan) Page(j *Job) (template string, data any) {
	b := p.Builder
	a := b.Archive()
	switch j.Kind {
	case Cable:
		return page.KindCable, b.Cable(j.A)
	case List:
		return page.KindList, b.List(a.Facets(index.Kind(j.A))[j.B], int(j.C))
	case Legacy:
		return page.KindRedirect, b.Legacy(p.Legacies[j.A], int(j.B))
	case Alias:
		return page.KindRedirect, b.Alias(j.A)
	case Directory:
		return page.KindDirectory, b.Directory(index.Kind(j.A))
	case Home:
		return page.KindHome, b.Home()
	case Markdown:
		m := p.Content.Markdown[j.A]
		return page.KindMarkdown, b.MarkdownPage(m.Name, m.Title, m.Body)
	case Search:
		return page.KindSearch, b.SearchPage(searchMetaPath)
	case NotFound:
		return page.KindNotFound, b.NotFound()
	case Redirects:
		return "", b.Redirects(p.Legacies, p.Aliases)
	case Asset:
		return "", &p.Content.Assets[j.A]
	case DocGroup:
		return "", b.DocGroup(uint32(j.A), p.Index.Members(j.A))
	case Sitemap:
		return "", b.Sitemap(p.Sitemap, int(j.A))
	case SitemapIndex:
		return "", b.SitemapIndex(p.Sitemap)
	case Robots:
		return "", b.Robots(p.Sitemap != nil)
	case Feed:
		return "", b.Feed()
	case Image:
		return "", b.Image([...]string{"card", "icon.svg", "icon.ico"}[j.A])
	}
	panic(fmt.Sprintf("plan: job of kind %d", j.Kind))
}

// searchMetaPath is the path of the search index's meta file, which the
// search page loads.
const searchMetaPath = search.MetaPath

func docGroupPath(g int32) string { return search.GroupPath(uint32(g)) }

// keys computes the key and the path's key of every job, or only the
// path's key when the keys come later.
func (p *Plan) keys(ctx context.Context, workers int) error {
	return work.Parallel(ctx, len(p.Jobs), workers, func(i int) error {
		j := &p.Jobs[i]
		j.N = int32(i)
		to := p.Path(j)
		j.PathKey = state.PathKey(to)
		if !p.KeysLater {
			j.Key = p.key(j, to)
		}
		return nil
	})
}

// SetKey sets the key of job j from the data of its page, as Page gives
// it, when the keys come later (KeysLater); a list's, from the keys of its
// rows, as the plan of a rebuild derives it (see key). Each job's key is
// set by one goroutine.
func (p *Plan) SetKey(j *Job, data any) {
	if !p.KeysLater {
		return
	}
	if j.Kind == List {
		p.Jobs[j.N].Key = p.key(j, p.Path(j))
		return
	}
	p.Jobs[j.N].Key = p.KeyOf(j, p.Path(j), data)
}

// CableJob returns the job of the page of entry e.
func (p *Plan) CableJob(e int32) *Job { return &p.Jobs[e] }

// KeyOf returns the key of job j, whose path is to and whose page's data
// (as Page gives it) is data: of the data (see package page), the job's
// kind, its path and the config key.
func (p *Plan) KeyOf(j *Job, to string, data any) state.Key {
	if f, ok := data.(*page.File); ok {
		return p.jobKey(j, to, f.Sum)
	}
	return p.jobKey(j, to, page.Key(data))
}

// key returns KeyOf(j, to, data) for the data that Page gives, but for a
// list, whose key comes from the keys of its rows without making them
// (see page.Builder.ListKey).
func (p *Plan) key(j *Job, to string) state.Key {
	if j.Kind == List {
		f := p.Builder.Archive().Facets(index.Kind(j.A))[j.B]
		return p.jobKey(j, to, p.Builder.ListKey(f, int(j.C)))
	}
	_, data := p.Page(j)
	return p.KeyOf(j, to, data)
}

// jobKey returns the key of job j, whose path is to, from the key of its
// page's data.
func (p *Plan) jobKey(j *Job, to string, data state.Key) state.Key {
	return new(state.Hasher).Key(p.ConfigKey).Int(int64(j.Kind)).String(to).Key(data).Sum()
}

// checkPaths fails when two jobs have one path, which would be a bug, and
// when a folder of the site would hold more files than hosts take.
func (p *Plan) checkPaths() error {
	seen := make(map[state.Key]int32, len(p.Jobs))
	files := map[string]int{}
	for i := range p.Jobs {
		k := p.Jobs[i].PathKey
		if j, ok := seen[k]; ok {
			return fmt.Errorf("plan: two files at %s (jobs %d and %d)", p.Path(&p.Jobs[i]), j, i)
		}
		seen[k] = int32(i)
		files[path.Dir(p.Path(&p.Jobs[i]))]++
	}
	return publish.CheckDirCounts(files)
}

// decide chooses what to write: every job, or, when the published site
// and its state allow an update, the jobs whose key changed or whose file
// went missing; and the files to remove.
func (p *Plan) decide(in Input) {
	p.Mode, p.Write = ModeFull, p.Jobs
	if in.Previous == nil || in.Live == nil {
		return
	}
	prev := in.Previous.Pages
	have := make(map[state.Key]bool, len(in.Live.Keys))
	for _, k := range in.Live.Keys {
		have[k] = true
	}
	next := make(map[state.Key]bool, len(p.Jobs))
	update := true
	if p.Index != nil {
		// The other files of the index are changed in place: the shards
		// and vocabulary must all be there, and an index to update.
		p.IndexKeys = map[state.Key]state.Key{}
		for i, f := range p.Index.IndexPaths() {
			pk := state.PathKey(f)
			k, ok := prev[pk]
			if i < p.Index.FixedFiles() && (!ok || !have[pk] || p.Index.PrevOrd == nil) {
				update = false
			}
			next[pk] = true
			p.IndexKeys[pk] = k
		}
	}
	var write []Job
	for _, j := range p.Jobs {
		next[j.PathKey] = true
		k, ok := prev[j.PathKey]
		if ok && k == j.Key && have[j.PathKey] {
			continue
		}
		if j.Kind == Cable && ok && k == j.Key {
			j.B = 1 // the same page, gone from the site
		}
		write = append(write, j)
	}
	for i, f := range in.Live.Paths {
		if !next[in.Live.Keys[i]] {
			p.Remove = append(p.Remove, f)
		}
	}
	if !update || len(write) > len(p.Jobs)/updateShare {
		p.Remove = nil
		return
	}
	p.Write = write
	p.Mode = ModeUpdate
	if len(write) == 0 && len(p.Remove) == 0 {
		p.Mode = ModeUnchanged
	}
}
