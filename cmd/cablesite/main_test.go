package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// corpus returns a path in the corpus: the one CABLESITE_CORPUS names,
// or ../shared/corpus beside the project, or the sample of it in
// testdata/corpus.
func corpus(t *testing.T, elem ...string) string {
	dir := os.Getenv("CABLESITE_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "corpus")
		if _, err := os.Stat(dir); err != nil {
			dir = filepath.Join("..", "..", "testdata", "corpus")
		}
	}
	return filepath.Join(append([]string{dir}, elem...)...)
}

func runCmd(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestParse(t *testing.T) {
	code, out, errOut := runCmd("parse", corpus(t, "samples"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var lines []map[string]any
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("not JSON: %s", sc.Text())
		}
		lines = append(lines, m)
	}
	if len(lines) != 11 || !strings.Contains(errOut, "11 cables read, 0 rejected") {
		t.Fatalf("%d lines; stderr %s", len(lines), errOut)
	}
	for _, m := range lines {
		for _, field := range []string{"id", "created", "released", "classification", "origin", "subject", "tags", "references", "paragraphs", "source", "format"} {
			if _, ok := m[field]; !ok {
				t.Errorf("%v lacks %s", m["id"], field)
			}
		}
	}
	seed := lines[2]
	if seed["id"] != "10BEIJING326" || seed["created"] != "2010-02-08 07:11" || seed["released"] != "2011-08-23 00:00" ||
		seed["format"] != "text" || seed["paragraphs"] != float64(6) || seed["subject"] != "IOM DEEMS CHINA TAKING POSITIVE STEPS TO FIGHT HUMAN TRAFFICKING" {
		t.Errorf("seed cable: %v", seed)
	}
	csv := lines[0]
	if csv["format"] != "csv" || csv["released"] != "2011-08-30 01:44" || csv["line"] != float64(1) {
		t.Errorf("CSV record: %v", csv)
	}
	if code, out, _ := runCmd("parse", "-released", "", corpus(t, "samples", "csv")); code != 0 || !strings.Contains(out, `"released":""`) {
		t.Errorf("-released \"\": exit %d, %s", code, out)
	}
}

// TestCommandLine runs command lines and checks the exit status and what
// goes to stdout and stderr: help to stdout, a mistake in one line and a
// hint to stderr.
func TestCommandLine(t *testing.T) {
	empty := t.TempDir()
	for _, tc := range []struct {
		args           []string
		code           int
		stdout, stderr string
	}{
		{nil, 2, "", "Usage:"},
		{[]string{"-h"}, 0, "cablesite build", ""},
		{[]string{"help"}, 0, "cablesite serve", ""},
		{[]string{"help", "build"}, 0, "Usage: cablesite build", ""},
		{[]string{"version"}, 0, "cablesite ", ""},
		{[]string{"frobnicate"}, 2, "", `unknown command "frobnicate"` + "\nRun \"cablesite help\" for the commands.\n"},
		{[]string{"build", "-h"}, 0, "-description sentence", ""},
		{[]string{"parse", "-h"}, 0, "Usage: cablesite parse", ""},
		{[]string{"check", "-h"}, 0, "Usage: cablesite check", ""},
		{[]string{"build", "-nope"}, 2, "", "cablesite build: flag provided but not defined: -nope\nRun \"cablesite build -h\" for its flags.\n"},
		{[]string{"build", "/no/such/folder"}, 1, "", "/no/such/folder: no such file or directory"},
		{[]string{"parse", "/no/such/file.csv"}, 1, "", "/no/such/file.csv: no such file or directory"},
		{[]string{"parse", corpus(t, "samples", "txt"), "-released", "yesterday"}, 2, "", "is not YYYY-MM-DD HH:MM"},
		{[]string{"check", "/no/such/site"}, 1, "", "no such file or directory"},
		{[]string{"check", empty}, 1, "", "not a built site: it has no index.html"},
		{[]string{"check", empty, empty}, 2, "", "one folder at most"},
	} {
		code, stdout, stderr := runCmd(tc.args...)
		if code != tc.code || !strings.Contains(stdout, tc.stdout) || !strings.Contains(stderr, tc.stderr) {
			t.Errorf("cablesite %q: exit %d, stdout %.80q, stderr %q; want exit %d with %q and %q", tc.args, code, stdout, stderr, tc.code, tc.stdout, tc.stderr)
		}
		if code == 2 && len(tc.args) > 0 && strings.Contains(stderr, "Usage:") {
			t.Errorf("cablesite %q prints the whole help for a mistake", tc.args)
		}
	}
	// Flags after the paths work, and "--" ends the flags.
	code, stdout, _ := runCmd("parse", corpus(t, "samples", "txt"), "-released", "")
	if code != 0 || !strings.Contains(stdout, `"released":""`) {
		t.Errorf("a flag after the path: exit %d", code)
	}
	if code, _, stderr := runCmd("parse", "--", "-released"); code != 1 || !strings.Contains(stderr, "-released: no such file") {
		t.Errorf("a path after --: exit %d, %s", code, stderr)
	}
}

func TestBuildAndCheck(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	bad := filepath.Join(t.TempDir(), "bad.txt")
	os.WriteFile(bad, []byte("10X1\nS\nnot a date\nSECRET\nEmbassy X\n"), 0o644)
	code, _, stderr := runCmd("build", "-o", out, corpus(t, "samples"), bad)
	if code != 0 {
		t.Fatalf("build: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "11 cables read, ") || !strings.Contains(stderr, " pages written, 1 rejected") ||
		!strings.Contains(stderr, "rejected: "+bad+":3: created:") {
		t.Errorf("build report:\n%s", stderr)
	}
	if code, _, stderr := runCmd("check", out); code != 0 || !strings.Contains(stderr, ", 0 broken") {
		t.Errorf("check: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCmd("build", "-strict", "-q", "-o", out, corpus(t, "samples"), bad); code != 1 || !strings.Contains(stderr, "rejected records (strict)") {
		t.Errorf("strict build: exit %d: %s", code, stderr)
	}
	os.Remove(filepath.Join(out, "about.html"))
	if code, stdout, _ := runCmd("check", out); code != 1 || !strings.Contains(stdout, "about.html: no such file") {
		t.Errorf("check of a broken site: exit %d: %s", code, stdout)
	}
}

// TestServe runs cablesite serve on a copy of a sample cable: it answers
// as the host would (the Content-Security-Policy header, a 301 for a
// numbered page of the original site, 404 for a missing page), and when
// the cable's file changes it builds again and tells the open pages to
// reload.
func TestServe(t *testing.T) {
	in := filepath.Join(t.TempDir(), "in")
	os.MkdirAll(in, 0o755)
	seed, err := os.ReadFile(corpus(t, "samples", "seed", "10BEIJING326.txt"))
	if err != nil {
		t.Fatal(err)
	}
	cable := filepath.Join(in, "10BEIJING326.txt")
	os.WriteFile(cable, seed, 0o644)
	out := filepath.Join(t.TempDir(), "site")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr, done := startServe(t, ctx, out, in)
	get := getter(t, addr)
	resp, body := get("cable/2010/02/10BEIJING326.html")
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "script-src 'self'") || !strings.Contains(body, "/__cablesite/reload.js") {
		t.Errorf("cable page: %d, CSP %q", resp.StatusCode, resp.Header.Get("Content-Security-Policy"))
	}
	if resp, _ := get("origin/132_0.html"); resp.StatusCode != 301 || resp.Header.Get("Location") != "/origin/embassy-beijing_0.html" {
		t.Errorf("numbered page: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp, body := get("no/such/page.html"); resp.StatusCode != 404 || !strings.Contains(body, "Page not found") {
		t.Errorf("missing page: %d", resp.StatusCode)
	}
	checkReload(t, addr, func() {
		os.WriteFile(cable, bytes.ReplaceAll(seed, []byte("IOM DEEMS CHINA"), []byte("IOM FINDS CHINA")), 0o644)
	})
	if _, body := get("cable/2010/02/10BEIJING326.html"); !strings.Contains(body, "IOM FINDS CHINA") {
		t.Error("the page was not built again")
	}
	if data, _ := os.ReadFile(filepath.Join(out, "cable", "2010", "02", "10BEIJING326.html")); bytes.Contains(data, []byte("__cablesite")) {
		t.Error("the reload script is in the site")
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("serve ended with %d", code)
	}
}

// startServe runs `cablesite serve` on in, building into out, and returns
// the address it serves and a channel that receives its exit code.
func startServe(t *testing.T, ctx context.Context, out, in string) (string, chan int) {
	t.Helper()
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "-q", "-addr", "127.0.0.1:0", "-o", out, in}, pw, io.Discard)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, pr)
	addr := regexp.MustCompile(`http://\S+/`).FindString(line)
	if addr == "" {
		t.Fatalf("serve said %q", line)
	}
	return addr, done
}

// getter returns a function that fetches a path of addr without following
// redirects, with its body read.
func getter(t *testing.T, addr string) func(string) (*http.Response, string) {
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return func(p string) (*http.Response, string) {
		resp, err := client.Get(addr + p)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
}

// checkReload listens to the server's reload events, calls edit, and fails
// unless a reload event follows.
func checkReload(t *testing.T, addr string, edit func()) {
	t.Helper()
	events, err := http.Get(addr + "__cablesite/events")
	if err != nil {
		t.Fatal(err)
	}
	defer events.Body.Close()
	lines := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(events.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	<-lines // retry:
	<-lines
	time.Sleep(100 * time.Millisecond)
	edit()
	select {
	case l := <-lines:
		if l != "data: reload" {
			t.Errorf("after an edit: %q", l)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no reload after an edit")
	}
}
