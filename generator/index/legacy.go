package index

import (
	_ "embed"
	"slices"
	"strconv"
	"strings"

	"cablesite/generator/cable"
)

//go:embed legacy-origins.tsv
var legacyOriginsFile string

// Legacy is a browse page of the original site that has a new path here:
// its number ("origin/132_0.html") leads to the facet's page by name
// ("origin/embassy-beijing_0.html").
type Legacy struct {
	Kind   Kind
	Number int
	Facet  *Facet
}

// Path is the old path of page p: "origin/132_0.html".
func (l Legacy) Path(p int) string {
	return l.Kind.Dir() + "/" + strconv.Itoa(l.Number) + "_" + strconv.Itoa(p) + ".html"
}

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

// Legacies returns the numbered pages of the original site whose origin or
// classification is in the archive, by kind and number.
func (a *Archive) Legacies() []Legacy {
	var out []Legacy
	for n, name := range cable.Classifications {
		if f := a.ClassFacet(name); f != nil {
			out = append(out, Legacy{Kind: Class, Number: n, Facet: f})
		}
	}
	nums := make([]int, 0, len(legacyOrigins))
	for n := range legacyOrigins {
		nums = append(nums, n)
	}
	slices.Sort(nums)
	for _, n := range nums {
		if f := a.OriginFacet(cable.NormalizeOrigin(legacyOrigins[n])); f != nil {
			out = append(out, Legacy{Kind: Origin, Number: n, Facet: f})
		}
	}
	return out
}
