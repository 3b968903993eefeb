package serve

import (
	"bufio"
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// Rules are what a host does besides serving files: the headers of each
// path and the redirects, as Netlify reads them from netlify.toml and from
// the site's _redirects file.
type Rules struct {
	Headers   []HeaderRule
	Redirects []Redirect // netlify.toml's, which come after those of _redirects
}

// HeaderRule sets headers on the responses for the paths matching For
// ("/*", "/assets/*").
type HeaderRule struct {
	For    string
	Values map[string]string
}

// Redirect is a rule of _redirects or of netlify.toml: requests for From
// ("/origin/132_*", "/cable/:year/x.html") get To, with ":splat" and the
// placeholders filled in, with Status: 301, 302, 303, 307 or 308 redirect,
// 200 rewrites (the file at To is served at From), 404 serves To with that
// status. A file at the requested path is served rather than the rule
// unless the rule is forced ("301!").
type Redirect struct {
	From, To string
	Status   int
	Force    bool
	Line     int // in its file, for messages
}

// ParseNetlify reads the headers and redirects of netlify.toml.
func ParseNetlify(data []byte) (*Rules, error) {
	var f struct {
		Headers []struct {
			For    string            `toml:"for"`
			Values map[string]string `toml:"values"`
		} `toml:"headers"`
		Redirects []struct {
			From   string `toml:"from"`
			To     string `toml:"to"`
			Status int    `toml:"status"`
			Force  bool   `toml:"force"`
		} `toml:"redirects"`
	}
	if _, err := toml.Decode(string(data), &f); err != nil {
		return nil, fmt.Errorf("netlify.toml: %w", err)
	}
	r := &Rules{}
	for i, h := range f.Headers {
		if !strings.HasPrefix(h.For, "/") {
			return nil, fmt.Errorf("netlify.toml: headers %d: for = %q is not a path", i+1, h.For)
		}
		r.Headers = append(r.Headers, HeaderRule{For: h.For, Values: h.Values})
	}
	for i, rd := range f.Redirects {
		if rd.Status == 0 {
			rd.Status = 301
		}
		if err := checkRedirect(rd.From, rd.To, rd.Status); err != nil {
			return nil, fmt.Errorf("netlify.toml: redirects %d: %w", i+1, err)
		}
		r.Redirects = append(r.Redirects, Redirect{From: rd.From, To: rd.To, Status: rd.Status, Force: rd.Force, Line: i + 1})
	}
	return r, nil
}

// ParseRedirects reads a _redirects file: a rule a line, "FROM TO [STATUS]"
// with a "!" after the status to force it; # starts a comment.
func ParseRedirects(data []byte) ([]Redirect, error) {
	var rules []Redirect
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) < 2 || len(f) > 3 {
			return nil, fmt.Errorf("_redirects:%d: want FROM TO [STATUS], not %q", n, sc.Text())
		}
		r := Redirect{From: f[0], To: f[1], Status: 301, Line: n}
		if len(f) == 3 {
			st := f[2]
			r.Force = strings.HasSuffix(st, "!")
			code, err := strconv.Atoi(strings.TrimSuffix(st, "!"))
			if err != nil {
				return nil, fmt.Errorf("_redirects:%d: status %q is not a number", n, st)
			}
			r.Status = code
		}
		if err := checkRedirect(r.From, r.To, r.Status); err != nil {
			return nil, fmt.Errorf("_redirects:%d: %w", n, err)
		}
		rules = append(rules, r)
	}
	return rules, sc.Err()
}

func checkRedirect(from, to string, status int) error {
	if !strings.HasPrefix(from, "/") {
		return fmt.Errorf("from %q is not a path of the site", from)
	}
	if to == "" {
		return fmt.Errorf("no target for %q", from)
	}
	switch status {
	case 200, 301, 302, 303, 307, 308, 404, 410:
		return nil
	}
	return fmt.Errorf("status %d is not one a rule can have", status)
}

// match matches path against pattern, a path whose last segment may be
// "*" or end in "*" (the splat: the rest of the path) and whose segments
// may be placeholders (":name"). It returns the values of the splat and
// the placeholders.
func match(pattern, path string) (map[string]string, bool) {
	vals := map[string]string{}
	for {
		if pattern == "*" || strings.HasSuffix(pattern, "*") && !strings.Contains(pattern, "/") {
			prefix := strings.TrimSuffix(pattern, "*")
			if !strings.HasPrefix(path, prefix) {
				return nil, false
			}
			vals["splat"] = path[len(prefix):]
			return vals, true
		}
		pseg, prest, pmore := strings.Cut(pattern, "/")
		seg, rest, more := strings.Cut(path, "/")
		switch {
		case strings.HasPrefix(pseg, ":"):
			if seg == "" && pseg != "" {
				return nil, false
			}
			vals[pseg[1:]] = seg
		case pseg != seg:
			return nil, false
		}
		if !pmore || !more {
			if pmore && prest == "*" {
				vals["splat"] = ""
				return vals, true
			}
			return vals, pmore == more
		}
		pattern, path = prest, rest
	}
}

// fill puts the values of a match into a rule's target.
func fill(to string, vals map[string]string) string {
	if !strings.Contains(to, ":") {
		return to
	}
	segs := strings.Split(to, "/")
	for i, s := range segs {
		for name, v := range vals {
			if strings.Contains(s, ":"+name) {
				s = strings.ReplaceAll(s, ":"+name, v)
			}
		}
		segs[i] = s
	}
	return strings.Join(segs, "/")
}
