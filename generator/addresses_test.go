package generator

import (
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cablesite/generator/internal/testcorpus"
)

// TestOriginalAddresses builds the April 2011 build of the original site
// and asks for every browse page of that site (the 2,340 pages of
// cablegate-index.tar.xz: origins, tags, classifications, months and
// release days by number and page) as its host would serve them, with the
// site's _redirects: each must lead to a page of the site, not to the
// missing page.
func TestOriginalAddresses(t *testing.T) {
	testcorpus.RequireFull(t)
	paths := indexPaths(t)
	cfg := config(t)
	cfg.Inputs = []string{testcorpus.Unpacked(t, "cablegate-html.tar.xz")}
	mustBuild(t, cfg)
	url := hostServer(t, cfg.Out, false)
	var missing []string
	landed := map[string]string{}
	for _, p := range paths {
		resp, err := http.Get(url + "/" + p)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			missing = append(missing, fmt.Sprintf("%s (%d)", p, resp.StatusCode))
		}
		landed[p] = resp.Request.URL.Path + " " + string(body)
		// On disk, with no host to redirect: a file at the old path.
		if _, err := os.Stat(filepath.Join(cfg.Out, filepath.FromSlash(p))); err != nil {
			t.Errorf("original address %s: no file on disk", p)
		}
	}
	for _, m := range missing {
		t.Errorf("original address %s does not resolve", m)
	}
	t.Logf("%d original addresses, %d resolve", len(paths), len(paths)-len(missing))
	for _, tc := range []struct{ old, lands, holds string }{
		{"origin/132_0.html", "/origin/embassy-beijing_0.html", ""},
		// Beyond the count here: the last page.
		{"reldate/2010-11-28_4.html", "/reldate/2010-11-28_3.html", ""},
		{"origin/75_8.html", "/origin/75_8.html", "Embassy London"},
		// A number of two origins in two builds: a page that names both.
		{"origin/22_3.html", "/origin/22_3.html", "Embassy Tunis"},
		{"origin/22_3.html", "/origin/22_3.html", "Embassy Tripoli"},
		// Tags read otherwise: a misspelling, a word of a name, glued codes.
		{"tag/AGMT_0.html", "/tag/AMGT_0.html", ""},
		{"tag/CLINTON_0.html", "/tag/CLINTON-HILLARY_0.html", ""},
		{"tag/ETRDECONWTOCS_0.html", "/tag/ETRDECONWTOCS_0.html", `href="WTO_0.html"`},
	} {
		got := landed[tc.old]
		if !strings.HasPrefix(got, tc.lands+" ") || !strings.Contains(got, tc.holds) {
			t.Errorf("%s lands at %.80q, want %s holding %q", tc.old, got, tc.lands, tc.holds)
		}
	}
}

// indexPaths returns the paths of the browse pages of the original site,
// from cablegate-index.tar.xz.
func indexPaths(t *testing.T) []string {
	t.Helper()
	dir := testcorpus.Unpacked(t, "cablegate-index.tar.xz")
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			rel, _ := filepath.Rel(dir, p)
			paths = append(paths, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return paths
}
