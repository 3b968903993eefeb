package generator

import (
	"strings"

	"cablesite/generator/cabletext"
	"cablesite/generator/render"
	"cablesite/generator/tags"
)

// cablePage gathers what the page of entry e shows.
func (b *builder) cablePage(e int32, header, text string, d *cabletext.Doc) (*render.CablePage, error) {
	en := &b.arch.Entries[e]
	path := en.Path()
	root := rootOf(path)
	reldate, date, origin, class := b.arch.EntryFacets(e)
	url := b.url(path)
	selfHref := en.ID + ".html"
	hashtags := "#cablegate #" + en.ID
	p := &render.CablePage{
		Page:           b.page(path, en.ID+": "+en.Subject, ""),
		ID:             en.ID,
		Subject:        en.Subject,
		Created:        en.Created.String(),
		Released:       en.Released.String(),
		Classification: b.arch.Classes[en.Class],
		Origin:         b.arch.Origins[en.Origin],
		CreatedHref:    root + date.PagePath(0),
		ClassHref:      root + class.PagePath(0),
		OriginHref:     root + origin.PagePath(0),
		Header:         header,
		Hashtags:       hashtags,
		Signer:         d.Signer,
		Partial:        d.PartialExtract,
		Format:         string(en.Format()),
	}
	if reldate != nil {
		p.ReleasedHref = root + reldate.PagePath(0)
	}
	p.Description = describe(en.Subject, text, d)
	shareURL := url
	if shareURL == "" {
		shareURL = selfHref
	}
	p.Share = render.NewShare(en.ID+": "+cabletext.Clip(en.Subject, 120), shareURL, hashtags)
	for _, t := range b.arch.EntryTags(e) {
		f := b.arch.TagFacet(t)
		p.Tags = append(p.Tags, render.Link{Text: f.Name, Href: root + f.PagePath(0), Title: tags.Describe(f.Name)})
	}
	link := func(l cabletext.Link) (string, string) {
		switch l.Kind {
		case cabletext.LinkTag:
			if f := b.arch.TagFacetOf(l.Target); f != nil {
				return root + f.PagePath(0), tags.Describe(l.Target)
			}
		case cabletext.LinkCable:
			if j, ok := b.arch.Lookup(l.Target); ok && j != e {
				cited := &b.arch.Entries[j]
				return root + cited.Path(), cited.ID + ": " + cited.Subject
			}
		}
		return "", ""
	}
	p.Text = render.Text(text, d, link, func(id, label string) render.Share {
		return render.NewShare(en.ID+" ¶"+label, shareURL+"#"+id, hashtags)
	})
	for _, r := range d.References {
		if r.ID == "" {
			p.References = append(p.References, render.Link{Text: r.Text, Class: "note"})
			continue
		}
		l := render.Link{Text: r.ID}
		if j, ok := b.arch.Lookup(r.ID); ok && j != e {
			cited := &b.arch.Entries[j]
			l.Href = root + cited.Path()
			l.Text = r.ID + ": " + cited.Subject
		}
		p.References = append(p.References, l)
	}
	for _, j := range b.arch.CitedBy(e) {
		p.CitedBy = append(p.CitedBy, b.row(j, root))
	}
	return p, nil
}

// describe returns a short description of a cable for search engines and
// link previews: the start of its first paragraph, or its subject.
func describe(subject, text string, d *cabletext.Doc) string {
	for _, p := range d.Paragraphs {
		// The start of the paragraph, spaces folded: enough for 200 bytes.
		s := strings.Join(strings.Fields(text[p.Start:min(p.End, p.Start+400)]), " ")
		if len(s) > 40 {
			return cabletext.Clip(s, 200)
		}
	}
	return subject
}

// interleave returns 0..n-1 ordered so that items of the same group (the
// same output folder) are spread out: the first item of each group, then the
// second of each, and so on.
func interleave(n int, group func(i int) string) []int32 {
	idx := map[string]int{}
	var groups [][]int32
	for i := 0; i < n; i++ {
		g := group(i)
		k, ok := idx[g]
		if !ok {
			k = len(groups)
			idx[g] = k
			groups = append(groups, nil)
		}
		groups[k] = append(groups[k], int32(i))
	}
	order := make([]int32, 0, n)
	for round := 0; len(order) < n; round++ {
		for _, g := range groups {
			if round < len(g) {
				order = append(order, g[round])
			}
		}
	}
	return order
}
