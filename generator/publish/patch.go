package publish

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Patch changes some files of a published site: the new files are written
// into a staging folder, and Commit moves them into the site after writing
// down in a journal what it is about to do, so that an interruption while
// moving leaves a journal that Recover completes.
//
// The journal (a file beside the site) reads:
//
//	cablesite-journal 1
//	stage <staging folder>
//	W <path>            move the staged file into the site
//	D <path>            remove the file from the site
//	R <from>\t<to>      rename a file outside the site (the build's state)
//	end
//
// The staging folder and the files renamed are named relative to the
// folder that holds the site, so that any build of the site completes the
// journal, whatever its working folder.
//
// A journal without its end line was cut short while being written: the
// site was not touched yet, and Recover only removes the staging folder.
type Patch struct {
	*stager
	live    string
	writes  []string
	removes []string
}

// journalHeader is the first line of a journal.
const journalHeader = "cablesite-journal 1"

// journalFile is the journal of the site in dir.
func journalFile(dir string) string { return sibling(dir, ".journal") }

// NewPatch starts changing the site in dir, which must exist and have been
// written here.
func NewPatch(dir string) (*Patch, error) {
	dir = filepath.Clean(dir)
	if _, err := os.Stat(filepath.Join(dir, Marker)); err != nil {
		return nil, fmt.Errorf("output: %s is not a site written by cablesite: %w", dir, err)
	}
	stage, err := tempDir(dir, ".patch-")
	if err != nil {
		return nil, err
	}
	p := &Patch{stager: newStager(stage), live: dir}
	p.limit = int(^uint(0) >> 1) // the caller checks the folders of the whole site (CheckDirCounts)
	return p, nil
}

// WriteFile writes the file at p into the staging folder (see
// stager.WriteFile), to be moved into the site by Commit.
func (p *Patch) WriteFile(path string, data []byte) error {
	buf := p.Buffer()
	*buf = append(*buf, data...)
	return p.WriteBuffer(path, buf)
}

// WriteBuffer is WriteFile of the bytes in buf, which it takes (see
// stager.WriteBuffer).
func (p *Patch) WriteBuffer(path string, buf *[]byte) error {
	if err := p.stager.WriteBuffer(path, buf); err != nil {
		return err
	}
	p.mu.Lock()
	p.writes = append(p.writes, path)
	p.mu.Unlock()
	return nil
}

// Written returns the paths written so far, sorted.
func (p *Patch) Written() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := slices.Clone(p.writes)
	slices.Sort(out)
	return out
}

// Remove marks a file of the site for removal.
func (p *Patch) Remove(path string) error {
	if err := CheckPath(path); err != nil {
		return fmt.Errorf("output: %w", err)
	}
	p.removes = append(p.removes, path)
	return nil
}

// Commit writes the journal, then moves the staged files into the site,
// removes the files marked for removal, renames each of renames (pairs of
// absolute paths: from, to) and removes the journal.
func (p *Patch) Commit(renames [][2]string) error {
	if err := p.Wait(); err != nil {
		return err
	}
	parent := filepath.Dir(p.live)
	var b strings.Builder
	b.WriteString(journalHeader + "\n")
	b.WriteString("stage " + rel(parent, p.dir) + "\n")
	for _, path := range p.writes {
		b.WriteString("W " + path + "\n")
	}
	for _, path := range p.removes {
		b.WriteString("D " + path + "\n")
	}
	for _, r := range renames {
		b.WriteString("R " + rel(parent, r[0]) + "\t" + rel(parent, r[1]) + "\n")
	}
	b.WriteString("end\n")
	journal := journalFile(p.live)
	if err := writeSynced(journal, []byte(b.String())); err != nil {
		return fmt.Errorf("output: journal: %w", err)
	}
	if fault("journal written") {
		return errFault
	}
	if _, err := completePatch(p.live); err != nil {
		return err
	}
	return nil
}

// Abort removes the staged files and leaves the site as it was.
func (p *Patch) Abort() error {
	p.Wait()
	return os.RemoveAll(p.dir)
}

// writeSynced writes a file and waits until it is on disk.
func writeSynced(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// completePatch completes a patch of the site in dir that was interrupted
// after its journal was written, and clears away one that was interrupted
// before. It returns how many files it moved or removed.
func completePatch(dir string) (int, error) {
	journal := journalFile(dir)
	data, err := os.ReadFile(journal)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("output: journal: %w", err)
	}
	parent := filepath.Dir(dir)
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	complete := len(lines) >= 2 && lines[0] == journalHeader && lines[len(lines)-1] == "end"
	stage := ""
	if len(lines) >= 2 {
		if s, ok := strings.CutPrefix(lines[1], "stage "); ok {
			stage = abs(parent, s)
		}
	}
	// Only a staging folder of this site is ever removed.
	ours := filepath.Dir(stage) == parent && strings.HasPrefix(filepath.Base(stage), "."+filepath.Base(dir)+".patch-")
	if !complete {
		if ours {
			os.RemoveAll(stage)
		}
		return 0, os.Remove(journal)
	}
	if !ours {
		return 0, fmt.Errorf("output: journal %s names %q as its staging folder", journal, stage)
	}
	n := 0
	for _, line := range lines[2 : len(lines)-1] {
		moved, err := replay(dir, stage, line)
		if err != nil {
			return n, fmt.Errorf("output: journal %s: %w", journal, err)
		}
		n += moved
	}
	if err := os.RemoveAll(stage); err != nil {
		return n, fmt.Errorf("output: %w", err)
	}
	if err := os.Remove(journal); err != nil {
		return n, fmt.Errorf("output: %w", err)
	}
	return n, nil
}

// replay does what one line of a journal says, if it is not done yet, and
// returns the number of files of the site it moved or removed.
func replay(dir, stage, line string) (int, error) {
	op, arg, _ := strings.Cut(line, " ")
	switch op {
	case "W":
		if err := CheckPath(arg); err != nil {
			return 0, err
		}
		from := filepath.Join(stage, filepath.FromSlash(arg))
		to := filepath.Join(dir, filepath.FromSlash(arg))
		if _, err := os.Stat(from); errors.Is(err, os.ErrNotExist) {
			return 0, nil // moved before the interruption
		}
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return 0, err
		}
		if err := os.Rename(from, to); err != nil {
			return 0, err
		}
		return 1, nil
	case "D":
		if err := CheckPath(arg); err != nil {
			return 0, err
		}
		err := os.Remove(filepath.Join(dir, filepath.FromSlash(arg)))
		if err == nil {
			return 1, nil
		}
		if errors.Is(err, os.ErrNotExist) {
			return 0, nil
		}
		return 0, err
	case "R":
		parent := filepath.Dir(dir)
		from, to, _ := strings.Cut(arg, "\t")
		if err := os.Rename(abs(parent, from), abs(parent, to)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return 0, err
		}
		return 0, nil
	}
	return 0, fmt.Errorf("bad line %q", line)
}
