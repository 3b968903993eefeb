package generator

import (
	"context"
	"fmt"

	"cablesite/generator/cable"
	"cablesite/generator/cabletext"
	"cablesite/generator/scan"
	"cablesite/generator/source"
)

// CableInfo is what the generator knows of a cable without its text: the
// line that `cablesite parse` prints for it, and the JSON a cable page has
// beside it.
type CableInfo struct {
	ID             string   `json:"id"`
	Created        string   `json:"created"`
	Released       string   `json:"released"`
	Classification string   `json:"classification"`
	Origin         string   `json:"origin"`
	Subject        string   `json:"subject"`
	Tags           []string `json:"tags"`
	References     []string `json:"references"`
	Paragraphs     int      `json:"paragraphs"`
	Signer         string   `json:"signer,omitempty"`
	PartialExtract bool     `json:"partial_extract,omitempty"`
	Source         string   `json:"source"`
	Line           int      `json:"line,omitempty"`
	Format         string   `json:"format"`
}

// Info summarises a cable and what its text says.
func Info(c *cable.Cable, d *cabletext.Doc) CableInfo {
	info := CableInfo{
		ID:             c.ID,
		Created:        c.Created.String(),
		Released:       c.Released.String(),
		Classification: c.Classification,
		Origin:         c.Origin,
		Subject:        d.Subject,
		Tags:           d.Tags,
		References:     d.IDs(),
		Paragraphs:     d.Numbered,
		Signer:         d.Signer,
		PartialExtract: d.PartialExtract,
		Source:         c.Source.File,
		Format:         string(c.Format),
	}
	if c.Format == cable.FormatCSV {
		info.Line = c.Source.Line
	}
	if info.Tags == nil {
		info.Tags = []string{}
	}
	if info.References == nil {
		info.References = []string{}
	}
	return info
}

// ParseConfig says what Parse reads.
type ParseConfig struct {
	Inputs   []string   // files and folders, read in this order
	Released cable.Time // release time of cables whose source has none
	Workers  int        // goroutines parsing; all cores when 0
}

// ParseStats counts what Parse read.
type ParseStats struct {
	Read     int
	Rejected []error
	Ignored  []source.Ignored // files and folders passed over, and why
}

// Parse reads every cable of the inputs and calls fn with each, in input
// order. Records that cannot be read are collected in the stats, and with
// strict the first one ends Parse with its error.
func Parse(ctx context.Context, cfg ParseConfig, strict bool, fn func(CableInfo) error) (ParseStats, error) {
	var st ParseStats
	files, ignored, err := source.Files(cfg.Inputs)
	if err != nil {
		return st, err
	}
	res, err := scan.Each(ctx, files, scan.Options{Source: source.Options{Released: cfg.Released}, Workers: cfg.Workers}, func(s *scan.Scanned) error {
		if s.Err != nil {
			st.Rejected = append(st.Rejected, s.Err)
			if strict {
				return fmt.Errorf("rejected (strict): %w", s.Err)
			}
			return nil
		}
		st.Read++
		return fn(Info(s.Cable, s.Doc))
	})
	st.Ignored = append(ignored, res...)
	return st, err
}
