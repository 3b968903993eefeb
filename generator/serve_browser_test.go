package generator

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"cablesite"
	"cablesite/generator/index"
	"cablesite/generator/serve"
)

// pageTrouble gathers what goes wrong in a browser while it shows pages:
// console errors, exceptions, security reports (a Content-Security-Policy
// violation among them), requests that fail or get an error status.
type pageTrouble struct {
	mu       sync.Mutex
	problems []string
	allow404 string // the URL that is meant to be missing
}

func (p *pageTrouble) add(format string, args ...any) {
	p.mu.Lock()
	p.problems = append(p.problems, fmt.Sprintf(format, args...))
	p.mu.Unlock()
}

func (p *pageTrouble) take() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := p.problems
	p.problems = nil
	return out
}

func (p *pageTrouble) listen(ctx context.Context) {
	chromedp.Listen(ctx, func(ev any) {
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeWarning {
				var args []string
				for _, a := range e.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				p.add("console %s: %s", e.Type, strings.Join(args, " "))
			}
		case *runtime.EventExceptionThrown:
			p.add("exception: %s %s", e.ExceptionDetails.Text, describe(e.ExceptionDetails.Exception))
		case *log.EventEntryAdded:
			if e.Entry.Level == log.EntryLevelError || e.Entry.Source == log.EntrySourceSecurity || e.Entry.Source == log.EntrySourceViolation {
				if e.Entry.URL == p.allow404 && strings.Contains(e.Entry.Text, "404") {
					return
				}
				p.add("log %s/%s: %s (%s)", e.Entry.Source, e.Entry.Level, e.Entry.Text, e.Entry.URL)
			}
		case *network.EventLoadingFailed:
			if e.Canceled {
				break // the page let the request go: a frame it removed, the events of a page left
			}
			p.add("request failed: %s %s (%s)", e.ErrorText, e.BlockedReason, e.Type)
		case *network.EventResponseReceived:
			if e.Response.Status >= 400 && e.Response.URL != p.allow404 {
				p.add("%d for %s", e.Response.Status, e.Response.URL)
			}
		}
	})
}

// hostServer serves the site in dir as its host would (package serve,
// with netlify.toml's headers and rules, the site's _redirects and its
// 404 page), with the preview's reload script when live, and returns its
// address; the server closes when the test ends.
func hostServer(t *testing.T, dir string, live bool) string {
	t.Helper()
	rules, err := serve.ParseNetlify(cablesite.Netlify())
	if err != nil {
		t.Fatal(err)
	}
	srv, err := serve.New(dir, "/", rules, live)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(func() { hs.Close(); srv.Close() })
	return hs.URL
}

// TestServeBrowser serves the sample site as its host would (package
// serve, with netlify.toml's headers, the Content-Security-Policy among
// them, and a preview's reload script) and opens a page of every kind in
// headless Chromium: a cable, the first page of each browse list and each
// directory, the home page, a Markdown page, the search page with a query,
// a numbered page of the original site, a missing page. Any console error,
// exception, security report or failed request fails it.
func TestServeBrowser(t *testing.T) {
	exe := chromium(t)
	cfg := config(t, sample(t))
	mustBuild(t, cfg)
	url := hostServer(t, cfg.Out, true)

	pages := []string{"/", "/cable/2010/02/10BEIJING326.html", "/about.html"}
	for _, k := range index.Kinds {
		pages = append(pages, "/"+k.Dir()+"/index.html", "/"+firstList(t, cfg.Out, k.Dir()))
	}
	ctx := browser(t, exe)
	trouble := &pageTrouble{allow404: url + "/no/such/page.html"}
	trouble.listen(ctx)
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, log.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	open := func(path, wait string) string {
		t.Helper()
		err := chromedp.Do(ctx,
			chromedp.Navigate(url+path),
			chromedp.Poll[chromedp.Void](wait, chromedp.WithPollingTimeout(20*time.Second)),
			chromedp.Sleep(200*time.Millisecond), // for late reports
		)
		if err != nil {
			t.Errorf("%s: %v", path, err)
		}
		title, _ := chromedp.Run(ctx, chromedp.Title())
		for _, p := range trouble.take() {
			t.Errorf("%s: %s", path, p)
		}
		return title
	}
	const loaded = `document.readyState === "complete" && !!document.querySelector('script[src="/__cablesite/reload.js"]')`
	for _, p := range pages {
		open(p, loaded)
	}
	if title := open("/search.html?q=china", `window.cablesite && cablesite.timing && cablesite.timing.done`); !strings.HasPrefix(title, "china") && !strings.Contains(title, "Search") {
		t.Errorf("search page title %q", title)
	}
	open("/origin/132_0.html", loaded+` && location.pathname === "/origin/embassy-beijing_0.html"`)
	if title := open("/no/such/page.html", loaded); !strings.Contains(title, "Page not found") {
		t.Errorf("missing page: title %q", title)
	}
}

// firstList returns the path of the first page of the first list of a
// browse kind in the site.
func firstList(t *testing.T, out, dir string) string {
	names, err := filepath.Glob(filepath.Join(out, dir, "*_0.html"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no list in %s", dir)
	}
	slices.Sort(names)
	for _, n := range names {
		base := filepath.Base(n)
		if base[0] < '0' || base[0] > '9' || dir == "reldate" || dir == "date" {
			if data, _ := os.ReadFile(n); !strings.Contains(string(data), `http-equiv="refresh"`) {
				return dir + "/" + base
			}
		}
	}
	t.Fatalf("no list in %s", dir)
	return ""
}

// describe returns what a remote object says of itself.
func describe(o *runtime.RemoteObject) string {
	if o == nil {
		return ""
	}
	return o.Description
}
