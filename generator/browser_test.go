package generator

import (
	"bytes"
	"context"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cablesite/generator/render"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/device"
	"github.com/chromedp/chromedp/kb"
)

// chromium finds a Chromium or Chrome to drive, or skips the test.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no Chromium on this machine (apt-get install -y chromium)")
	return ""
}

// browser starts a headless Chromium for the test and returns its context.
func browser(t *testing.T, exe string) context.Context {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	ctx, cancel = context.WithTimeout(ctx, 120*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// TestBrowser opens the sample site from disk in headless Chromium, as a
// reader would: a cable page, a ¶ link, a browse link, on a phone.
func TestBrowser(t *testing.T) {
	exe := chromium(t)
	cfg := config(t, sample(t))
	mustBuild(t, cfg)

	ctx := browser(t, exe)

	page := "file://" + filepath.ToSlash(filepath.Join(cfg.Out, "cable", "2010", "02", "10BEIJING326.html"))
	eval := func(expr string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		return v
	}
	text := func(sel chromedp.CSS) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.TextContent(sel))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return v
	}
	err := chromedp.Do(ctx,
		chromedp.Emulate(device.IPhone12),
		chromedp.Navigate(page),
		chromedp.WaitVisible(chromedp.CSS("#par3 > a")),
	)
	if err != nil {
		t.Fatal(err)
	}
	title := eval(`document.title`)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#par3 > a"))); err != nil {
		t.Fatal(err)
	}
	hash := eval(`location.hash`)
	target := eval(`document.querySelector(':target') ? document.querySelector(':target').id : ''`)
	targetText := text("#par3 pre")
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`dl.meta div:last-child a`)),
		chromedp.WaitVisible(chromedp.CSS("table.cables")),
	)
	if err != nil {
		t.Fatal(err)
	}
	location := eval(`location.href`)
	heading := text("h1")
	if !strings.HasPrefix(title, "10BEIJING326: IOM DEEMS CHINA") {
		t.Errorf("title %q", title)
	}
	if hash != "#par3" || target != "par3" || !strings.HasPrefix(targetText, "3. (SBU) Sinkovits told U.S. officials") {
		t.Errorf("after the ¶ link: hash %q, :target %q holding %q", hash, target, targetText)
	}
	if !strings.HasSuffix(location, "/origin/embassy-beijing_0.html") || !strings.Contains(heading, "Embassy Beijing") {
		t.Errorf("the origin link led to %s (%q)", location, heading)
	}
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if w := img.Bounds().Dx(); w < 390 || w > 390*4 {
		t.Errorf("screenshot %d pixels wide, want a phone's", w)
	}
	dir := os.Getenv("CABLESITE_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	out := filepath.Join(dir, "phone-10BEIJING326-par3.png")
	if err := os.WriteFile(out, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("phone screenshot: %s", out)
}

// TestBrowserShare shares a paragraph and a quote of a cable of the
// sample site, from disk and over HTTP, with the keyboard and the mouse:
// two tab stops a paragraph, one menu whose posts carry the paragraph's
// address (the page's own on the web; none from disk, as the site has no
// base URL) and both hashtags, a quote whose link highlights it, copying,
// and Escape.
func TestBrowserShare(t *testing.T) {
	exe := chromium(t)
	cfg := config(t, sample(t))
	mustBuild(t, cfg)
	srv := httptest.NewServer(http.FileServer(http.Dir(cfg.Out)))
	defer srv.Close()
	const path = "/cable/2010/02/10BEIJING326.html"
	for _, tc := range []struct{ name, base, url string }{
		{"http", srv.URL, srv.URL + path + "#par3"},
		{"disk", "file://" + filepath.ToSlash(cfg.Out), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := browser(t, exe)
			shareParagraph(t, ctx, tc.base+path, tc.url)
		})
	}
}

// shareMenu is what the tests read of the share menu.
type shareMenu struct {
	Hidden  bool
	Label   string
	X, Bsky string
	Focus   string
}

// shareParagraph opens page, shares its ¶3 and a quote of it; url is the
// address the posts should carry ("" for none).
func shareParagraph(t *testing.T, ctx context.Context, page, url string) {
	err := chromedp.Do(ctx,
		chromedp.Navigate(page),
		chromedp.WaitVisible(chromedp.CSS("#par3 button.share")),
	)
	if err != nil {
		t.Fatal(err)
	}
	// Two tab stops a paragraph, each with its name.
	stops := evalJS[[]string](t, ctx, `Array.from(document.querySelectorAll("#par3 a[href], #par3 button")).filter(e => e.tabIndex >= 0 && !e.hidden).map(e => e.getAttribute("aria-label"))`)
	if len(stops) != 2 || stops[0] != "Paragraph 3" || stops[1] != "Share paragraph 3" {
		t.Errorf("tab stops of ¶3: %q", stops)
	}
	// The menu, opened from the keyboard.
	var menu shareMenu
	readMenu := func() {
		menu = evalJS[shareMenu](t, ctx, `(() => { const m = document.getElementById("share-menu");
			return {Hidden: m.hidden, Label: m.getAttribute("aria-label"),
				X: m.querySelector('[data-do="x"]').href, Bsky: m.querySelector('[data-do="bluesky"]').href,
				Focus: document.activeElement.getAttribute("aria-label") || document.activeElement.textContent}; })()`)
	}
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS("#par3 button.share")), chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	readMenu()
	if menu.Hidden || menu.Label != "Share 10BEIJING326 ¶3" || menu.Focus != "Copy the link" && menu.Focus != "Copy the reference" {
		t.Errorf("menu after Enter on the share button: %+v", menu)
	}
	post := "10BEIJING326 ¶3 #cablegate #10BEIJING326"
	if url != "" {
		post = "10BEIJING326 ¶3 " + url + " #cablegate #10BEIJING326"
	}
	for _, link := range []string{menu.X, menu.Bsky} {
		if got := postOf(t, link); got != post {
			t.Errorf("post %q, want %q", got, post)
		}
	}
	// Copying says so; Escape closes the menu and gives the focus back.
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#share-menu [data-do="copy"]`)), chromedp.Sleep(200*time.Millisecond))
	status := evalJS[string](t, ctx, `document.querySelector("#share-menu [role=status]").textContent`)
	if err != nil || status != "Copied." {
		t.Errorf("copy: %q, %v", status, err)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape)); err != nil {
		t.Fatal(err)
	}
	readMenu()
	if !menu.Hidden || menu.Focus != "Share paragraph 3" {
		t.Errorf("after Escape: %+v", menu)
	}
	shareQuote(t, ctx, url, readMenu, &menu)
}

// shareQuote selects a quote in ¶3 of the page open in ctx and shares it:
// the post carries the quote and a link to it (to url, when not ""), which
// scrolls to the quote. readMenu reads the share menu into menu.
func shareQuote(t *testing.T, ctx context.Context, url string, readMenu func(), menu *shareMenu) {
	t.Helper()
	// A quote: selected in ¶3, shared with a link to it.
	quote := evalJS[string](t, ctx, `(() => { const pre = document.querySelector("#par3 pre"), text = pre.textContent;
		const i = text.indexOf("IOM"), j = text.indexOf("projects") + "projects".length;
		const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
		let n, pos = 0, r = document.createRange();
		while ((n = walker.nextNode())) {
			const l = n.textContent.length;
			if (i >= pos && i < pos + l) r.setStart(n, i - pos);
			if (j > pos && j <= pos + l) r.setEnd(n, j - pos);
			pos += l;
		}
		getSelection().removeAllRanges(); getSelection().addRange(r);
		document.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
		return getSelection().toString().replace(/\s+/g, " "); })()`)
	err := chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.CSS("#share-quote")),
		chromedp.Click(chromedp.CSS("#share-quote")),
	)
	if err != nil {
		t.Fatal(err)
	}
	readMenu()
	got := postOf(t, menu.X)
	if menu.Label != "Share this quote of 10BEIJING326 ¶3" || !strings.HasPrefix(got, "“"+quote[:40]) || !strings.HasSuffix(got, " #cablegate #10BEIJING326") {
		t.Errorf("quote %q: menu %q, post %q", quote, menu.Label, got)
	}
	if url == "" {
		return
	}
	i := strings.Index(got, url+":~:text=")
	if i < 0 {
		t.Fatalf("the post %q has no link to the quote", got)
	}
	link := strings.Fields(got[i:])[0]
	// Opened, the link scrolls to the quote and highlights it.
	err = chromedp.Do(ctx,
		chromedp.Navigate("about:blank"),
		chromedp.Navigate(link),
		chromedp.WaitVisible(chromedp.CSS("#par3")),
		chromedp.Sleep(500*time.Millisecond),
	)
	if err != nil {
		t.Fatal(err)
	}
	type place struct{ Top, Height float64 }
	at := evalJS[place](t, ctx, `({Top: document.querySelector("#par3").getBoundingClientRect().top, Height: innerHeight})`)
	if at.Top < 0 || at.Top > at.Height {
		t.Errorf("the quote's link leaves ¶3 at %v in a window of %v", at.Top, at.Height)
	}
}

// postOf returns the post that a link to a network's compose page carries.
func postOf(t *testing.T, link string) string {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query().Get("text")
}

// evalJS evaluates a JavaScript expression in the page and returns its
// value.
func evalJS[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// TestContractBrowser frames cable pages of the sample site from disk, as
// the search page does, and checks that what their script (site.js) sends
// is what render.CableText reads of them: the contract of render's
// contract.go, from its other side.
func TestContractBrowser(t *testing.T) {
	exe := chromium(t)
	cfg := config(t, sample(t))
	mustBuild(t, cfg)
	pages, _ := filepath.Glob(filepath.Join(cfg.Out, "cable", "*", "*", "*.html"))
	if len(pages) > 60 {
		pages = pages[:60]
	}
	var srcs []string
	for _, p := range pages {
		rel, _ := filepath.Rel(cfg.Out, p)
		srcs = append(srcs, `"`+filepath.ToSlash(rel)+`"`)
	}
	harness := `<!DOCTYPE html><meta charset="utf-8"><body><script>
window.got = {};
addEventListener("message", e => { if (e.data && e.data.cablesite === "text") got[e.data.id] = e.data.b; });
for (const src of [` + strings.Join(srcs, ",") + `]) { const f = document.createElement("iframe"); f.src = src; document.body.appendChild(f); }
</script>`
	if err := os.WriteFile(filepath.Join(cfg.Out, "contract-test.html"), []byte(harness), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t, exe)
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+filepath.ToSlash(filepath.Join(cfg.Out, "contract-test.html")))); err != nil {
		t.Fatal(err)
	}
	var got map[string][][2]string
	for range 100 {
		got = evalJS[map[string][][2]string](t, ctx, `got`)
		if len(got) >= len(pages) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if len(got) != len(pages) {
		t.Fatalf("%d of %d framed pages sent their text", len(got), len(pages))
	}
	for _, p := range pages {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		want, err := render.CableText(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		id := strings.TrimSuffix(filepath.Base(p), ".html")
		var blocks [][2]string
		for _, b := range got[id] {
			if strings.TrimSpace(b[1]) != "" {
				blocks = append(blocks, b)
			}
		}
		if len(blocks) != len(want) {
			t.Errorf("%s: site.js sends %d blocks, CableText reads %d", id, len(blocks), len(want))
			continue
		}
		for i, b := range want {
			if blocks[i][0] != b.Anchor || blocks[i][1] != b.Text {
				t.Errorf("%s: block %d: site.js sends %q, CableText reads %q", id, i, blocks[i][0], b.Anchor)
				break
			}
		}
	}
}
