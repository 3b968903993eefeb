package generator

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"cablesite/generator/cabletext"
	"cablesite/generator/index"
	"cablesite/generator/render"
	"cablesite/generator/source"
)

// cables renders the page of every cable (pass 2).
func (b *builder) cables(ctx context.Context) error {
	return parallel(ctx, b.arch.Len(), b.cfg.Workers, func(i int) error {
		e := &b.arch.Entries[i]
		c, err := source.At(e.Format, e.Source).Parse(b.opt)
		if err != nil {
			return fmt.Errorf("read %s again: %w", e.ID, err)
		}
		if c.ID != e.ID {
			return fmt.Errorf("read %s again: %s now holds %s (did it change during the build?)", e.ID, e.Source, c.ID)
		}
		d := cabletext.Analyze(c)
		page := b.cablePage(int32(i), c.Header, c.Text, d)
		return b.r.Render(render.KindCable, page, func(html []byte) error {
			return b.w.WriteFile(page.Path, html)
		})
	})
}

// cablePage gathers what the page of entry e shows.
func (b *builder) cablePage(e int32, header, text string, d *cabletext.Doc) *render.CablePage {
	en := &b.arch.Entries[e]
	path := en.Path()
	root := rootOf(path)
	reldate, date, origin, class, tags := b.arch.EntryFacets(e)
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
		Format:         string(en.Format),
	}
	if reldate != nil {
		p.ReleasedHref = root + reldate.PagePath(0)
	}
	p.Description = describe(en.Subject, text, d)
	shareURL := url
	if shareURL == "" {
		shareURL = selfHref
	}
	p.Share = render.NewShare(en.ID+": "+truncate(en.Subject, 120), shareURL, hashtags)
	for i, t := range tags {
		p.Tags = append(p.Tags, render.Link{Text: t.Name, Href: root + t.PagePath(0), Title: b.arch.Tags[en.Tags[i]]})
	}
	p.Blocks = render.Blocks(text, d, func(l cabletext.Link) (string, string) {
		switch l.Kind {
		case cabletext.LinkTag:
			if f := b.arch.Facet(index.Tag, l.Target); f != nil {
				return root + f.PagePath(0), "Cables tagged " + l.Target
			}
		case cabletext.LinkCable:
			if j, ok := b.arch.Lookup(l.Target); ok && j != e {
				cited := &b.arch.Entries[j]
				return root + cited.Path(), cited.ID + ": " + cited.Subject
			}
		}
		return "", ""
	})
	for i := range p.Blocks {
		blk := &p.Blocks[i]
		if blk.ID == "" {
			continue
		}
		u := shareURL + "#" + blk.ID
		label := en.ID + " ¶" + blk.Label
		if blk.Label == "" {
			label = en.ID + " ¶" + blk.ID
		}
		s := render.NewShare(label, u, hashtags)
		blk.Share = &s
	}
	for _, id := range d.IDs() {
		l := render.Link{Text: id}
		if j, ok := b.arch.Lookup(id); ok {
			cited := &b.arch.Entries[j]
			l.Href = root + cited.Path()
			l.Text = id + ": " + cited.Subject
		}
		p.References = append(p.References, l)
	}
	for _, j := range b.arch.CitedBy(e) {
		p.CitedBy = append(p.CitedBy, b.row(j, root))
	}
	return p
}

// describe returns a short description of a cable for search engines and
// link previews: the start of its first paragraph, or its subject.
func describe(subject, text string, d *cabletext.Doc) string {
	for _, p := range d.Paragraphs {
		if s := strings.Join(strings.Fields(text[p.Start:p.End]), " "); len(s) > 40 {
			return truncate(s, 200)
		}
	}
	return subject
}

// truncate cuts s to at most n bytes at a word boundary, adding "…".
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := s[:n]
	for len(cut) > 0 && !utf8.ValidString(cut) {
		cut = cut[:len(cut)-1]
	}
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.") + "…"
}
