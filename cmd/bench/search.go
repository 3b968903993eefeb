package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// benchQuery is a search that bench runs in headless Chromium.
type benchQuery struct {
	name  string
	query string // the search page's query string, without "?"
}

// benchQueries are typical searches: common words, a word and a filter, a
// phrase, a prefix, a rare word, a filter alone, a reference ID.
var benchQueries = []benchQuery{
	{"two common words", "q=" + url.QueryEscape("government minister")},
	{"word and origin", "q=nuclear&origin=" + url.QueryEscape("Embassy Moscow")},
	{"word and year", "q=election&year=2009"},
	{"phrase", "q=" + url.QueryEscape(`"prime minister"`)},
	{"prefix", "q=" + url.QueryEscape("terror*")},
	{"rare word", "q=qadhafi"},
	{"three words, newest", "q=" + url.QueryEscape("oil gas pipeline") + "&sort=new"},
	{"origin alone, newest", "origin=" + url.QueryEscape("Embassy Paris") + "&sort=new"},
	{"reference ID", "q=" + url.QueryEscape("10 BEIJING 326")},
}

// benchSearch opens the search page of the site in dir from disk in
// headless Chromium, with the cache off, first with no query and then for
// each of benchQueries, and prints the bytes each loaded and how long the
// first results took from the start of the page's navigation.
func benchSearch(ctx context.Context, dir string, stdout io.Writer) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	bctx, done, err := startChromium(ctx)
	if err != nil {
		return err
	}
	defer done()
	page := "file://" + filepath.ToSlash(filepath.Join(abs, "search.html"))
	fmt.Fprintf(stdout, "\nsearch from disk (file://) in headless Chromium, cache off; time from navigation to the first results, then to their passages (read from the cables' pages):\n")
	fmt.Fprintf(stdout, "%-22s %9s %8s %9s %7s   %s\n", "", "results", "time", "passages", "loaded", "files")
	for _, q := range append([]benchQuery{{"first load, no query", ""}}, benchQueries...) {
		href := page
		if q.query != "" {
			href += "?" + q.query
		}
		res, err := runQuery(bctx, href, strings.Contains(q.name, "ID"))
		if err != nil {
			return fmt.Errorf("%s: %w", q.name, err)
		}
		files, total := loadedFiles(abs, res.Loaded)
		count := res.Status
		if i := strings.Index(count, " · "); i >= 0 {
			count = count[:i]
		}
		if strings.HasSuffix(res.Where, ".html") && !strings.HasSuffix(res.Where, "search.html") {
			count = "→ " + filepath.Base(res.Where)
		}
		passages := "-"
		if res.Pass > 0 {
			passages = fmt.Sprintf("%.0fms", res.Pass)
		}
		fmt.Fprintf(stdout, "%-22s %9s %6.0fms %9s %7s   %d (%s)\n", q.name, shortCount(count), res.Ms, passages, bytesText(total), files, count)
	}
	return nil
}

// startChromium starts headless Chromium with a fresh profile and the
// cache off; done stops it.
func startChromium(ctx context.Context) (bctx context.Context, done func(), err error) {
	exe := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			exe = p
			break
		}
	}
	if exe == "" {
		return nil, nil, errors.New("no Chromium to run the queries in (apt-get install -y chromium)")
	}
	profile, err := os.MkdirTemp("", "cablesite-bench-chromium-")
	if err != nil {
		return nil, nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.UserDataDir(profile),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancel := chromedp.NewContext(actx)
	done = func() {
		cancel()
		cancelAlloc()
		os.RemoveAll(profile)
	}
	noCache := chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, t, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true})
		return err
	})
	if err := chromedp.Do(bctx, noCache); err != nil {
		done()
		return nil, nil, fmt.Errorf("chromium: %w", err)
	}
	return bctx, done, nil
}

// queryResult is what the search page says of a query.
type queryResult struct {
	Status string   `json:"status"`
	Ms     float64  `json:"ms"`
	Pass   float64  `json:"passages"`
	Loaded []string `json:"loaded"`
	Where  string   `json:"where"`
}

// runQuery opens href and waits for the search page's results. A query
// for a reference ID leaves the page for the cable's: then what the search
// page left in session storage is read.
func runQuery(bctx context.Context, href string, toCable bool) (queryResult, error) {
	var res queryResult
	qctx, cancel := context.WithTimeout(bctx, 60*time.Second)
	defer cancel()
	err := chromedp.Do(qctx,
		chromedp.Navigate(href),
		chromedp.Poll[chromedp.Void](`window.cablesite && (cablesite.timing.done || cablesite.timing.redirect)`, chromedp.WithPollingTimeout(50*time.Second)),
	)
	if err != nil && !toCable {
		return res, err
	}
	if toCable {
		for i := 0; i < 100; i++ {
			where, _ := chromedp.Run(qctx, chromedp.Evaluate[string](`location.pathname`))
			if !strings.HasSuffix(where, "search.html") {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	js, err := chromedp.Run(qctx, chromedp.Evaluate[string](`(function () {
		var r = null;
		try { r = JSON.parse(sessionStorage.getItem("cablesite-redirect") || "null"); sessionStorage.removeItem("cablesite-redirect"); } catch (e) {}
		if (!window.cablesite && r) { return JSON.stringify({status: "", ms: r.ms, loaded: r.loaded, where: location.pathname}); }
		return JSON.stringify({
			status: (document.getElementById("search-status") || {}).textContent || "",
			ms: window.cablesite ? (cablesite.timing.results || cablesite.timing.done || 0) : 0,
			passages: window.cablesite ? (cablesite.timing.passages || 0) : 0,
			loaded: window.cablesite ? cablesite.loaded : [],
			where: location.pathname
		});
	})()`))
	if err != nil {
		return res, err
	}
	return res, json.Unmarshal([]byte(js), &res)
}

// loadedFiles counts the files a query loaded, what the page itself loads
// and then the files of the index, and their bytes in the site abs.
func loadedFiles(abs string, loaded []string) (n int, total int64) {
	files := []string{"search.html", "search/meta.js"}
	for _, m := range []string{"assets/search.*.js", "assets/style.*.css", "assets/site.*.js"} {
		if ms, _ := filepath.Glob(filepath.Join(abs, m)); len(ms) > 0 {
			rel, _ := filepath.Rel(abs, ms[0])
			files = append(files, filepath.ToSlash(rel))
		}
	}
	files = append(files, loaded...)
	for _, f := range files {
		if info, err := os.Stat(filepath.Join(abs, filepath.FromSlash(f))); err == nil {
			total += info.Size()
		}
	}
	return len(files), total
}

// shortCount is the number that a status line starts with.
func shortCount(status string) string {
	f := strings.Fields(status)
	switch {
	case len(f) == 0:
		return "-"
	case f[0] == "Up" && len(f) > 2:
		return "≤" + f[2]
	case f[0] == "No":
		return "0"
	case f[0] == "→":
		return "ID"
	}
	return f[0]
}
