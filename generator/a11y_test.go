package generator

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"cablesite/generator/serve"
)

// axeScript finds axe-core (npm axe-core): the file CABLESITE_AXE names,
// which .ci/run sets, or one installed in the user's cache folder or the
// project; with none, the test is skipped, unless CABLESITE_AXE is set.
func axeScript(t *testing.T) []byte {
	if p := os.Getenv("CABLESITE_AXE"); p != "" {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("CABLESITE_AXE: %v", err)
		}
		return data
	}
	cache, _ := os.UserCacheDir()
	for _, p := range []string{
		filepath.Join(cache, "cablesite-npm", "node_modules", "axe-core", "axe.min.js"),
		filepath.Join("..", "node_modules", "axe-core", "axe.min.js"),
	} {
		if data, err := os.ReadFile(p); err == nil {
			return data
		}
	}
	t.Skip("no axe-core (npm install --prefix ~/.cache/cablesite-npm axe-core, or set CABLESITE_AXE)")
	return nil
}

// colorScheme makes the page's prefers-color-scheme light or dark.
func colorScheme(scheme string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return err
	})
}

// axeViolation is what axe-core reports of a rule a page breaks.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// TestAxe runs axe-core on a page of each kind of the sample site, in the
// light and the dark theme, and fails on any violation of impact serious
// or critical: a long cable with a table, a browse list, a directory, the
// home page, a Markdown page, the search page with results, the 404 page
// (served for a missing page).
func TestAxe(t *testing.T) {
	axe := axeScript(t)
	exe := chromium(t)
	cfg := config(t, sample(t))
	mustBuild(t, cfg)
	// Over HTTP, as a host serves it: 404.html's links are from the root.
	srv, err := serve.New(cfg.Out, "/", nil, false)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	defer hs.Close()
	ctx := browser(t, exe)
	pages := []string{
		"cable/2003/05/03ROME2045.html", "origin/embassy-beijing_0.html", "tag/index.html", "classification/index.html",
		"index.html", "reading.html", "search.html?q=china", "no/such/page.html",
	}
	for _, scheme := range []string{"light", "dark"} {
		for _, p := range pages {
			err := chromedp.Do(ctx, colorScheme(scheme), chromedp.Navigate(hs.URL+"/"+p),
				chromedp.Poll[chromedp.Void](`document.readyState === "complete" && (!window.cablesite || !document.getElementById("search-results") || cablesite.timing.done)`, chromedp.WithPollingTimeout(20*time.Second)))
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](string(axe)+";true")); err != nil {
				t.Fatalf("axe-core: %v", err)
			}
			js, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations.map(v => ({
				id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}))))`, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatalf("%s: axe.run: %v", p, err)
			}
			var vs []axeViolation
			if err := json.Unmarshal([]byte(js), &vs); err != nil {
				t.Fatal(err)
			}
			for _, v := range vs {
				msg := fmt.Sprintf("%s (%s): %s: %s %s", p, scheme, v.Impact, v.ID, v.Help)
				if v.Impact == "serious" || v.Impact == "critical" {
					t.Errorf("%s, at %s", msg, strings.Join(v.Nodes, "; "))
				} else {
					t.Log(msg)
				}
			}
		}
	}
}

// TestScreenshots takes screenshots of a long cable of the corpus with
// tables (03ROME2045: 33 paragraphs, a table in ¶4), at ¶4, on a desktop
// (1280×900) and a phone (390×844), light and dark, for a person to look
// at; they are kept in the folder CABLESITE_SCREENSHOTS names. On the phone the paragraphs
// flow, and the table keeps its columns: its lines are wider than the
// screen, so the page scrolls sideways inside the text only.
func TestScreenshots(t *testing.T) {
	exe := chromium(t)
	cfg := config(t, sample(t))
	mustBuild(t, cfg)
	dir := os.Getenv("CABLESITE_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	url := "file://" + filepath.ToSlash(filepath.Join(cfg.Out, "cable", "2003", "05", "03ROME2045.html"))
	for _, size := range []struct {
		name          string
		width, height int64
		mobile        bool
	}{{"desktop", 1280, 900, false}, {"phone", 390, 844, true}} {
		for _, scheme := range []string{"light", "dark"} {
			ctx := browser(t, exe)
			var opts []chromedp.EmulateViewportOption
			if size.mobile {
				opts = append(opts, chromedp.EmulateScale(2), chromedp.EmulateMobile)
			}
			err := chromedp.Do(ctx,
				chromedp.EmulateViewport(size.width, size.height, opts...), colorScheme(scheme),
				chromedp.Navigate(url+"#par4"), chromedp.WaitVisible(chromedp.CSS("#par4")),
			)
			if err != nil {
				t.Fatal(err)
			}
			png1, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth + 1`))
			if err != nil {
				t.Fatal(err)
			}
			if overflow {
				t.Errorf("%s %s: the page is wider than the screen", size.name, scheme)
			}
			img, err := png.Decode(bytes.NewReader(png1))
			if err != nil {
				t.Fatal(err)
			}
			if w := img.Bounds().Dx(); w < int(size.width) {
				t.Errorf("%s %s: screenshot %d pixels wide", size.name, scheme, w)
			}
			name := filepath.Join(dir, fmt.Sprintf("03ROME2045-%s-%s.png", size.name, scheme))
			if err := os.WriteFile(name, png1, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s", name)
		}
	}
}
