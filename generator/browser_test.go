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

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/device"
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
	build(t, cfg)

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
		chromedp.WaitVisible(chromedp.CSS("#par3 a.pilcrow")),
	)
	if err != nil {
		t.Fatal(err)
	}
	title := eval(`document.title`)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#par3 a.pilcrow"))); err != nil {
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
		chromedp.Click(chromedp.CSS(`table.meta td[data-label="Origin"] a`)),
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

// TestBrowserShare serves the sample site over HTTP: the page's script puts
// the page's absolute address in the posts of the share links, which the
// site, built without its address, holds relative.
func TestBrowserShare(t *testing.T) {
	exe := chromium(t)
	cfg := config(t, sample(t))
	build(t, cfg)
	srv := httptest.NewServer(http.FileServer(http.Dir(cfg.Out)))
	defer srv.Close()

	ctx := browser(t, exe)
	err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/cable/2010/02/10BEIJING326.html"),
		chromedp.WaitVisible(chromedp.CSS("#par3 .share")),
	)
	if err != nil {
		t.Fatal(err)
	}
	links, err := chromedp.Run(ctx, chromedp.Evaluate[[]map[string]string](
		`Array.from(document.querySelectorAll("#par3 .share a")).map(a => ({href: a.href, target: a.target}))`))
	if err != nil {
		t.Fatal(err)
	}
	self := srv.URL + "/cable/2010/02/10BEIJING326.html#par3"
	if len(links) != 4 || links[0]["href"] != self {
		t.Fatalf("share links of ¶3: %v", links)
	}
	post := "10BEIJING326 ¶3 " + self + " #cablegate #10BEIJING326"
	for i, prefix := range []string{"https://twitter.com/intent/tweet?text=", "https://share.joinmastodon.org/#text=", "https://bsky.app/intent/compose?text="} {
		href := links[i+1]["href"]
		got, err := url.QueryUnescape(strings.TrimPrefix(href, prefix))
		if !strings.HasPrefix(href, prefix) || err != nil || got != post {
			t.Errorf("share link %s: post %q, want %q", href, got, post)
		}
		if links[i+1]["target"] != "_blank" {
			t.Errorf("share link %s opens in the same tab", href)
		}
	}
}
