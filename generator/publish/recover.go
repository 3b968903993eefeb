package publish

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Recovery says what Recover did.
type Recovery struct {
	Swap    string   // what became of an interrupted swap, or ""
	Patched int      // files of an interrupted update moved or removed
	Removed []string // what interrupted builds left beside the site, removed
}

// Recover puts the site in dir back in a whole state after builds that
// were interrupted or failed: it finishes or undoes an interrupted swap
// (see swap), completes an update whose journal was written (see Patch),
// and removes what such builds left beside the site: staging folders of a
// new site or of an update, temporary folders (see TempDir) and files of
// the build's state. The caller must hold the site's lock (see Acquire):
// what it removes would otherwise be another build's work in progress.
func Recover(dir string) (*Recovery, error) {
	dir = filepath.Clean(dir)
	rec := &Recovery{}
	var err error
	if rec.Swap, err = recoverSwap(dir); err != nil {
		return rec, err
	}
	if rec.Patched, err = completePatch(dir); err != nil {
		return rec, err
	}
	rec.Removed, err = removeLeftovers(dir)
	return rec, err
}

// leftovers are the names, beside the site public, of what a build makes
// and removes before it ends: staging folders (".public.new-*",
// ".public.patch-*"), temporary folders (".public.index-*", see TempDir)
// and the state's files in the making ("..public.state.tmp-*",
// ".public.state.next").
var leftovers = []string{".%s.*-*", "..%s.state.tmp-*", ".%s.state.next"}

// removeLeftovers removes what builds that ended early left beside the
// site in dir, and returns their names.
func removeLeftovers(dir string) ([]string, error) {
	parent, base := filepath.Dir(dir), filepath.Base(dir)
	seen := map[string]bool{}
	var removed []string
	for _, pattern := range leftovers {
		pattern = strings.ReplaceAll(pattern, "%s", escapeGlob(base))
		matches, err := filepath.Glob(filepath.Join(parent, pattern))
		if err != nil {
			return removed, fmt.Errorf("output: %w", err)
		}
		for _, m := range matches {
			if seen[m] || !isLeftover(base, filepath.Base(m)) {
				continue
			}
			seen[m] = true
			if err := os.RemoveAll(m); err != nil {
				return removed, fmt.Errorf("output: remove %s: %w", m, err)
			}
			removed = append(removed, filepath.Base(m))
		}
	}
	return removed, nil
}

// isLeftover reports whether name, beside the site base, is a temporary
// folder of TempDir (".public.KIND-RANDOM", KIND a word) or one of the
// other leftovers; the lock, the journals and the state are not.
func isLeftover(base, name string) bool {
	rest, ok := strings.CutPrefix(name, "."+base+".")
	if !ok {
		return strings.HasPrefix(name, ".."+base+".state.tmp-")
	}
	if rest == "state.next" {
		return true
	}
	kind, _, ok := strings.Cut(rest, "-")
	if !ok || kind == "" {
		return false
	}
	for _, c := range kind {
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// escapeGlob escapes the characters of name that filepath.Match reads as
// a pattern.
func escapeGlob(name string) string {
	var b strings.Builder
	for _, c := range name {
		if strings.ContainsRune(`*?[\`, c) {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}
