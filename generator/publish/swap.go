package publish

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// swap puts the staged site in stage in the place of the site in final,
// then removes the previous site.
//
// Where the system can exchange two folders in one step (Linux's
// renameat2 with RENAME_EXCHANGE), it does: there is no moment without a
// site at final. Elsewhere it takes two renames, the old site aside and the
// new one in, after writing down in a swap journal (".public.swap") what it
// is about to do; a build interrupted between the two finds the journal,
// and Recover puts the previous site back.
func swap(stage, final string) error {
	if _, err := os.Lstat(final); errors.Is(err, os.ErrNotExist) {
		if err := os.Rename(stage, final); err != nil {
			return fmt.Errorf("output: put the new site in place: %w", err)
		}
		return nil
	}
	err := exchange(stage, final)
	if err == nil {
		if fault("exchanged") {
			return errFault
		}
		// The previous site is now in stage.
		if err := os.RemoveAll(stage); err != nil {
			return fmt.Errorf("output: remove the previous site: %w", err)
		}
		return nil
	}
	if !errors.Is(err, errNoExchange) {
		return fmt.Errorf("output: swap in the new site: %w", err)
	}
	return swapInTwo(stage, final)
}

// swapInTwo is swap without an exchange: two renames, under a journal.
func swapInTwo(stage, final string) error {
	old := stage + ".old"
	journal := swapFile(final)
	parent := filepath.Dir(final)
	text := swapHeader + "\nstage " + rel(parent, stage) + "\nold " + rel(parent, old) + "\nend\n"
	if err := writeSynced(journal, []byte(text)); err != nil {
		return fmt.Errorf("output: swap journal: %w", err)
	}
	if err := os.Rename(final, old); err != nil {
		os.Remove(journal)
		return fmt.Errorf("output: move the previous site aside: %w", err)
	}
	if fault("moved aside") {
		return errFault
	}
	if err := os.Rename(stage, final); err != nil {
		if err2 := os.Rename(old, final); err2 == nil {
			os.Remove(journal)
		}
		return fmt.Errorf("output: put the new site in place: %w", err)
	}
	if fault("moved in") {
		return errFault
	}
	if err := os.Remove(journal); err != nil {
		return fmt.Errorf("output: swap journal: %w", err)
	}
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("output: remove the previous site: %w", err)
	}
	return nil
}

// swapHeader is the first line of a swap journal.
const swapHeader = "cablesite-swap 1"

// swapFile is the swap journal of the site in dir.
func swapFile(dir string) string { return sibling(dir, ".swap") }

// rel returns path relative to the folder parent, where the site's
// journals name it: a journal then reads the same from any working folder.
func rel(parent, path string) string {
	if r, err := filepath.Rel(parent, path); err == nil {
		return filepath.ToSlash(r)
	}
	return path
}

// abs is the inverse of rel.
func abs(parent, path string) string {
	if filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(parent, filepath.FromSlash(path))
}

// recoverSwap finishes a swap of the site in dir that a swap journal says
// was under way: with the new site in place it removes the previous one;
// otherwise it puts the previous site back. It reports what it did, or "".
func recoverSwap(dir string) (string, error) {
	journal := swapFile(dir)
	data, err := os.ReadFile(journal)
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("output: swap journal: %w", err)
	}
	parent := filepath.Dir(dir)
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) != 4 || lines[0] != swapHeader || lines[3] != "end" ||
		!strings.HasPrefix(lines[1], "stage ") || !strings.HasPrefix(lines[2], "old ") {
		// Cut short while being written: nothing was moved yet.
		return "", os.Remove(journal)
	}
	stage := abs(parent, strings.TrimPrefix(lines[1], "stage "))
	old := abs(parent, strings.TrimPrefix(lines[2], "old "))
	prefix := "." + filepath.Base(dir) + ".new-"
	for _, p := range []string{stage, old} {
		if filepath.Dir(p) != parent || !strings.HasPrefix(filepath.Base(p), prefix) {
			return "", fmt.Errorf("output: swap journal %s names %q, not a staging folder of %s", journal, p, dir)
		}
	}
	_, errNew := os.Lstat(stage)
	_, errOld := os.Lstat(old)
	_, errSite := os.Lstat(dir)
	var did string
	switch {
	case errSite == nil && errNew != nil:
		// The new site is in place: the swap was done but for removing
		// the previous site.
		did = "completed the swap of an interrupted build"
	case errSite != nil && errOld == nil:
		if err := os.Rename(old, dir); err != nil {
			return "", fmt.Errorf("output: put the previous site back: %w", err)
		}
		did = "put the previous site back in place after an interrupted swap"
	default:
		// Nothing was moved.
		did = "undid the swap of an interrupted build"
	}
	os.RemoveAll(old)
	os.RemoveAll(stage)
	if err := os.Remove(journal); err != nil {
		return "", fmt.Errorf("output: swap journal: %w", err)
	}
	return did, nil
}

// errFault is what a build stopped by an injected fault returns.
var errFault = errors.New("output: stopped by an injected fault")

// faultAt, when a test sets it, names the step of a commit at which it
// stops as if the process were killed there: "exchanged", "moved aside"
// and "moved in" (a swap), "journal written" (a patch).
var faultAt string

func fault(step string) bool { return faultAt == step }

// errNoExchange says that the system cannot exchange two folders in one
// step.
var errNoExchange = errors.New("no exchange of folders here")

// noExchange, when a test sets it, makes swap take two steps where it
// could take one.
var noExchange bool

// InjectFault makes commits stop at step (see faultAt) as if the process
// were killed there, and take the swap in two steps when twoSteps is set,
// until the function it returns is called. It is for tests of what uses
// this package: a build interrupted at each step.
func InjectFault(step string, twoSteps bool) (undo func()) {
	faultAt, noExchange = step, twoSteps
	return func() { faultAt, noExchange = "", false }
}

// IsFault reports whether err is that of a fault InjectFault injected.
func IsFault(err error) bool { return errors.Is(err, errFault) }
