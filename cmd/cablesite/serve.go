package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"cablesite"
	"cablesite/generator"
	"cablesite/generator/serve"
)

const serveDoc = `Serve builds the site (incrementally, as build does), serves the output
folder over HTTP and prints its address. It serves the site as the host
does: the headers of netlify.toml (the Content-Security-Policy among them),
the rules of _redirects (301s, splats), 404.html with the status 404, and
the site under the path of -base-url, so that a broken header, a blocked
script or a wrong redirect shows before publishing.

It watches the inputs and the templates, assets and Markdown pages, and
on a change builds again and reloads the pages open in a browser. The
script that reloads them is only in what serve sends, never in the site.
Run from the project folder, it uses its templates/, assets/ and content/
folders, so that an edit shows at once.`

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", "[flags] [PATH ...]", serveDoc, stdout)
	f := newBuildFlags(fs)
	addr := fs.String("addr", "localhost:1313", "`address` to listen on")
	netlify := fs.String("netlify", "", "the host's settings `file` (default: netlify.toml of the working folder, or the built-in one)")
	watch := fs.Bool("watch", true, "rebuild and reload the pages when an input, template, asset or page changes")
	args, err := parseFlags(fs, args, stderr)
	if err != nil {
		return err
	}
	paths, err := f.inputs(args)
	if err != nil {
		return err
	}
	local := localFolders(f)
	cfg := f.config(paths)
	if !*f.quiet {
		cfg.Log = stderr
	}
	if err := serveBuild(ctx, cfg, stderr, *f.quiet); err != nil {
		return err
	}
	rules, err := hostRules(*netlify)
	if err != nil {
		return err
	}
	prefix := "/"
	if u, err := url.Parse(cfg.BaseURL); err == nil && u.Path != "" {
		prefix = u.Path
	}
	srv, err := serve.New(*f.out, prefix, rules, *watch)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	fmt.Fprintf(stdout, "serving %s at http://%s%s (Ctrl-C stops)\n", *f.out, ln.Addr(), prefix)
	if *watch {
		watched := append(paths, local...)
		for _, r := range f.releases {
			watched = append(watched, r.Inputs...)
		}
		go watchAndBuild(ctx, cfg, watched, srv, stderr, *f.quiet)
	}
	<-ctx.Done()
	srv.Close()
	shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	hs.Shutdown(shut)
	return nil
}

// localFolders makes the build use the working folder's templates/,
// assets/ and content/ over the built-in ones, when they are there and no
// flag names others, and returns the folders to watch.
func localFolders(f *buildFlags) []string {
	var watch []string
	for _, l := range []struct {
		flag *string
		dir  string
	}{{f.templates, "templates"}, {f.assets, "assets"}, {f.content, "content"}} {
		if *l.flag == "" {
			if info, err := os.Stat(l.dir); err == nil && info.IsDir() {
				*l.flag = l.dir
			}
		}
		if *l.flag != "" {
			watch = append(watch, *l.flag)
		}
	}
	return watch
}

// hostRules reads the host's settings: the file named, or netlify.toml of
// the working folder, or the built-in one.
func hostRules(name string) (*serve.Rules, error) {
	data := cablesite.Netlify()
	if name == "" {
		if d, err := os.ReadFile("netlify.toml"); err == nil {
			data = d
		}
	} else {
		d, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		data = d
	}
	return serve.ParseNetlify(data)
}

// serveBuild builds the site and says what the build did.
func serveBuild(ctx context.Context, cfg generator.Config, stderr io.Writer, quiet bool) error {
	rep, err := generator.Build(ctx, cfg)
	report(stderr, rep, quiet)
	if err != nil {
		return err
	}
	if !quiet {
		fmt.Fprintf(stderr, "built %s in %s\n", cfg.Out, rep.Elapsed.Round(time.Millisecond))
	}
	return nil
}

// watchAndBuild builds again when a file under paths changes, a quarter
// of a second after the last change, and tells the server.
func watchAndBuild(ctx context.Context, cfg generator.Config, paths []string, srv *serve.Server, stderr io.Writer, quiet bool) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		fmt.Fprintf(stderr, "cablesite serve: cannot watch for changes: %v\n", err)
		return
	}
	defer w.Close()
	out, _ := filepath.Abs(cfg.Out)
	for _, p := range paths {
		if err := watchTree(w, p, out); err != nil {
			fmt.Fprintf(stderr, "cablesite serve: cannot watch %s: %v\n", p, err)
		}
	}
	var timer <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			if abs, _ := filepath.Abs(ev.Name); abs == out || strings.HasPrefix(abs, out+string(filepath.Separator)) || strings.HasPrefix(filepath.Base(ev.Name), ".") {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
					watchTree(w, ev.Name, out)
				}
			}
			timer = time.After(250 * time.Millisecond)
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			fmt.Fprintf(stderr, "cablesite serve: watching: %v\n", err)
		case <-timer:
			timer = nil
			if err := serveBuild(ctx, cfg, stderr, quiet); err != nil {
				if errors.Is(err, context.Canceled) {
					return
				}
				fmt.Fprintf(stderr, "cablesite serve: %v (the site served is the last one built)\n", err)
				continue
			}
			if err := srv.Load(); err != nil {
				fmt.Fprintf(stderr, "cablesite serve: %v\n", err)
			}
			srv.Changed()
		}
	}
}

// watchTree watches p, or the folder of the file p, and every folder under
// it but the output folder.
func watchTree(w *fsnotify.Watcher, p, out string) error {
	info, err := os.Stat(p)
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return w.Add(filepath.Dir(p))
	}
	return filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if abs, _ := filepath.Abs(q); abs == out {
			return filepath.SkipDir
		}
		return w.Add(q)
	})
}
