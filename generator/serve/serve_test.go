package serve

import (
	"bufio"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cablesite"
)

func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		pattern, path string
		ok            bool
		splat         string
	}{
		{"/origin/132_*", "/origin/132_0.html", true, "0.html"},
		{"/origin/132_*", "/origin/1320_0.html", false, ""},
		{"/*", "/cable/2010/02/X.html", true, "cable/2010/02/X.html"},
		{"/assets/*", "/assets/style.1a2b.css", true, "style.1a2b.css"},
		{"/assets/*", "/index.html", false, ""},
		{"/mirror/cable/2009/06/09SANJOSE525.html", "/mirror/cable/2009/06/09SANJOSE525.html", true, ""},
		{"/cable/:year/:month/x.html", "/cable/2010/02/x.html", true, ""},
		{"/cable/:year/x.html", "/cable/2010/02/x.html", false, ""},
	} {
		vals, ok := match(tc.pattern, tc.path)
		if ok != tc.ok || ok && vals["splat"] != tc.splat {
			t.Errorf("match(%q, %q) = %v, %v", tc.pattern, tc.path, vals, ok)
		}
	}
	if got := fill("/origin/embassy-beijing_:splat", map[string]string{"splat": "3.html"}); got != "/origin/embassy-beijing_3.html" {
		t.Errorf("fill: %q", got)
	}
}

func TestParseRedirects(t *testing.T) {
	rules, err := ParseRedirects([]byte("# comment\n/a/* /b/:splat 301!\n\n/c /d 302\n/e /f\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rules) != 3 || !rules[0].Force || rules[1].Status != 302 || rules[2].Status != 301 || rules[2].Line != 5 {
		t.Errorf("%+v", rules)
	}
	for _, bad := range []string{"/a\n", "/a /b 3xx\n", "a /b\n", "/a /b 301 extra\n", "/a /b 999\n"} {
		if _, err := ParseRedirects([]byte(bad)); err == nil || !strings.Contains(err.Error(), "_redirects:1:") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

// TestNetlifyToml reads the project's netlify.toml.
func TestNetlifyToml(t *testing.T) {
	r, err := ParseNetlify(cablesite.Netlify())
	if err != nil {
		t.Fatal(err)
	}
	csp := ""
	for _, h := range r.Headers {
		if h.For == "/*" {
			csp = h.Values["Content-Security-Policy"]
		}
	}
	if !strings.Contains(csp, "script-src 'self'") || len(r.Redirects) == 0 {
		t.Errorf("netlify.toml: %+v", r)
	}
	if _, err := ParseNetlify([]byte("[[headers]]\nfor = 3\n")); err == nil {
		t.Error("a bad netlify.toml was read")
	}
}

// site writes a small site: pages, a forwarding page, _redirects.
func site(t *testing.T) string {
	dir := t.TempDir()
	for name, data := range map[string]string{
		"index.html":                    "<html><body><p>home</p></body></html>",
		"404.html":                      "<html><body><p>missing</p></body></html>",
		"origin/embassy-beijing_0.html": "<html><body>beijing</body></html>",
		"origin/132_0.html":             "<html><body>forwarding</body></html>",
		"assets/style.1a2b.css":         "body{}",
		"favicon.ico":                   "ico",
		".public.state":                 "secret",
		"_redirects":                    "/origin/132_* /origin/embassy-beijing_:splat 301!\n/old.html /index.html 301\n/index.html /elsewhere.html 301\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestServer serves a site as Netlify would: the headers of netlify.toml,
// the rules of _redirects (a forced splat, a rule shadowed by a file), the
// 404 page with its status, no host or build files.
func TestServer(t *testing.T) {
	rules, err := ParseNetlify(cablesite.Netlify())
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(site(t), "/", rules, false)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, tc := range []struct {
		path, location string
		status         int
		body           string
	}{
		{"/", "", 200, "home"},
		{"/index.html", "", 200, "home"}, // the file shadows the rule that is not forced
		{"/origin/132_0.html", "/origin/embassy-beijing_0.html", 301, ""},
		{"/origin/132_7.html", "/origin/embassy-beijing_7.html", 301, ""},
		{"/old.html", "/index.html", 301, ""},
		{"/origin/embassy-beijing_0", "", 200, "beijing"},
		{"/nowhere.html", "", 404, "missing"},
		{"/_redirects", "", 404, "missing"},
		{"/.public.state", "", 404, "missing"},
	} {
		resp, err := client.Get(srv.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		body := readAll(resp)
		if resp.StatusCode != tc.status || resp.Header.Get("Location") != tc.location || !strings.Contains(body, tc.body) {
			t.Errorf("%s: %d %q %q", tc.path, resp.StatusCode, resp.Header.Get("Location"), body)
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
			t.Errorf("%s: Content-Security-Policy %q", tc.path, csp)
		}
		if strings.Contains(body, reloadScript) {
			t.Errorf("%s: the reload script outside a preview", tc.path)
		}
	}
	resp, _ := client.Get(srv.URL + "/assets/style.1a2b.css")
	readAll(resp)
	if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") || resp.Header.Get("Content-Type") != "text/css; charset=utf-8" {
		t.Errorf("asset: Cache-Control %q, Content-Type %q", cc, resp.Header.Get("Content-Type"))
	}
}

// TestServerPrefix serves a site under the path of its base URL.
func TestServerPrefix(t *testing.T) {
	s, err := New(site(t), "/mirror/", nil, false)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	for path, status := range map[string]int{"/mirror/": 200, "/mirror/origin/embassy-beijing_0.html": 200, "/index.html": 404, "/mirrorx/index.html": 404} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		readAll(resp)
		if resp.StatusCode != status {
			t.Errorf("%s: %d, want %d", path, resp.StatusCode, status)
		}
	}
}

// TestLiveReload checks that a preview's pages carry the reload script and
// that a change reaches the page that waits for it.
func TestLiveReload(t *testing.T) {
	dir := site(t)
	s, err := New(dir, "/", nil, true)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	defer s.Close()
	resp, _ := http.Get(srv.URL + "/")
	if body := readAll(resp); !strings.Contains(body, `<script src="`+reloadScript+`" defer></script></body>`) {
		t.Errorf("the page lacks the reload script: %s", body)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "index.html")); strings.Contains(string(data), reloadScript) {
		t.Error("the reload script went into the site")
	}
	resp, err = http.Get(srv.URL + reloadEvents)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	if l := <-lines; l != "retry: 1000" {
		t.Fatalf("first line %q", l)
	}
	<-lines
	// The stream waits for a change once it has said its first line: tell
	// it of changes until it passes one on.
	for i := 0; ; i++ {
		s.Changed()
		select {
		case l := <-lines:
			if l != "data: reload" {
				t.Errorf("after a change: %q", l)
			}
			return
		case <-time.After(50 * time.Millisecond):
		}
		if i == 100 {
			t.Fatal("no message after a change")
		}
	}
}

func readAll(resp *http.Response) string {
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			return b.String()
		}
	}
}
