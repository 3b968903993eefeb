package cable

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/gosimple/slug"
)

// MaxIDLength bounds a reference ID; the longest in the archive has 35 bytes.
const MaxIDLength = 64

// NormalizeID trims an ID and upper-cases it. It does not validate it.
func NormalizeID(id string) string {
	return strings.ToUpper(strings.TrimSpace(id))
}

// ValidateID reports whether id can be used as a reference ID and so as a file
// name: two digits of year, then upper-case letters and digits only, with at
// least one letter. This admits every ID of the archive, malformed ones such as
// 08ECTION01OF02MANAMA492 and 06ASTANA included, and nothing that could leave
// a folder ("..", "/", "\", NUL).
func ValidateID(id string) error {
	if id == "" {
		return errors.New("reference ID is empty")
	}
	if len(id) > MaxIDLength {
		return fmt.Errorf("reference ID %.20q... is longer than %d bytes", id, MaxIDLength)
	}
	if len(id) < 3 || !isDigit(id[0]) || !isDigit(id[1]) {
		return fmt.Errorf("reference ID %q does not start with two digits of year", id)
	}
	letter := false
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case isDigit(c):
		case c >= 'A' && c <= 'Z':
			letter = true
		default:
			return fmt.Errorf("reference ID %q holds %q: only A-Z and 0-9 are allowed", id, c)
		}
	}
	if !letter {
		return fmt.Errorf("reference ID %q names no origin", id)
	}
	return nil
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// Path is the path of a cable's page in the output, as on the original site:
// "cable/2010/02/10BEIJING326.html" for a cable created in February 2010. The
// ID must have passed ValidateID and created must be known.
func Path(id string, created Time) string {
	t := created.Std()
	y, m := t.Year(), int(t.Month())
	if y < 0 || y > 9999 {
		return "cable/" + t.Format("2006/01") + "/" + id + ".html"
	}
	b := make([]byte, 0, len("cable/2006/01/.html")+len(id))
	b = append(b, "cable/"...)
	b = append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '/', byte('0'+m/10), byte('0'+m%10), '/')
	b = append(b, id...)
	b = append(b, ".html"...)
	return string(b)
}

// Path returns the path of c's page; see Path.
func (c *Cable) Path() string { return Path(c.ID, c.Created) }

// NormalizeClassification upper-cases a classification and folds its spaces,
// so that "Secret//Noforn " and "SECRET//NOFORN" are one.
func NormalizeClassification(s string) string {
	return strings.Join(strings.Fields(strings.ToUpper(s)), " ")
}

// NormalizeOrigin folds the spaces of an origin name.
func NormalizeOrigin(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// Classifications are the six classifications of the archive, numbered as the
// original site numbered its classification pages (classification/1_0.html is
// CONFIDENTIAL).
var Classifications = []string{
	1: "CONFIDENTIAL",
	2: "CONFIDENTIAL//NOFORN",
	3: "SECRET",
	4: "SECRET//NOFORN",
	5: "UNCLASSIFIED",
	6: "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
}

// Slug turns a name (an origin, a classification) into the lower-case ASCII
// form used in file names: "Embassy Beijing" -> "embassy-beijing". A name with
// no letter or digit gives "". An archive has a few hundred names, each on
// thousands of cables, so slugs are remembered (up to maxSlugs of them).
func Slug(name string) string {
	if s, ok := slugs.Load(name); ok {
		return s.(string)
	}
	s := slug.Make(name)
	if slugCount.Add(1) <= maxSlugs {
		slugs.Store(name, s)
	}
	return s
}

const maxSlugs = 10000

var (
	slugs     sync.Map
	slugCount atomic.Int64
)
