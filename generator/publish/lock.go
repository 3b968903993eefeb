//go:build unix

package publish

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Lock is a build's hold on a site: while one build holds it, no other
// build writes into the site, its staging folders or its state.
//
// The lock is a file beside the site (".public.lock") that names its
// holder: its process ID and when it started. It is held with flock(2),
// which the system lets go of when the holder ends, however it ends; a
// lock file left by a build that was killed is taken over, and the build
// that takes it over says whose it was.
type Lock struct {
	f    *os.File
	path string
	// Stale names the holder of the lock file before this one, when that
	// build ended without letting go of it (it was killed): "" otherwise.
	Stale string
}

// LockedError is returned by Acquire when another build holds the lock.
type LockedError struct {
	Site   string
	Holder string // "PID 1234, started 2026-12-03 10:00:00 UTC", or "" when it could not be read
}

func (e *LockedError) Error() string {
	holder := "another build"
	if e.Holder != "" {
		holder = "another build (" + e.Holder + ")"
	}
	return fmt.Sprintf("output: %s is being written by %s; wait until it ends, or stop it", e.Site, holder)
}

// lockFile is the lock of the site in dir.
func lockFile(dir string) string { return sibling(dir, ".lock") }

// sibling is the hidden file or folder beside the site in dir whose name
// is the site's followed by suffix: ".public.lock".
func sibling(dir, suffix string) string {
	return filepath.Join(filepath.Dir(dir), "."+filepath.Base(dir)+suffix)
}

// Acquire takes the lock of the site in dir, creating the folder that
// holds it if need be. It fails with a *LockedError when another build
// holds it.
func Acquire(dir string) (*Lock, error) {
	dir = filepath.Clean(dir)
	name := lockFile(dir)
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	for {
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, fmt.Errorf("output: lock: %w", err)
		}
		if err := flock(f); err != nil {
			holder, _ := readHolder(f)
			f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, &LockedError{Site: dir, Holder: holder}
			}
			return nil, fmt.Errorf("output: lock %s: %w", name, err)
		}
		// The holder before may have removed the file between our open
		// and our flock: then the lock held is of a file no one else
		// sees, and the file must be opened again.
		if same, err := sameFile(f, name); err != nil || !same {
			f.Close()
			if err != nil && !errors.Is(err, os.ErrNotExist) {
				return nil, fmt.Errorf("output: lock: %w", err)
			}
			continue
		}
		l := &Lock{f: f, path: name}
		l.Stale, _ = readHolder(f)
		if err := writeHolder(f); err != nil {
			l.Release()
			return nil, fmt.Errorf("output: lock %s: %w", name, err)
		}
		return l, nil
	}
}

// Release lets go of the lock and removes its file.
func (l *Lock) Release() {
	if l == nil || l.f == nil {
		return
	}
	os.Remove(l.path) // while still holding it: see Acquire
	l.f.Close()
	l.f = nil
}

func flock(f *os.File) error {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err != syscall.EINTR {
			return err
		}
	}
}

// sameFile reports whether the open file f is the file at name.
func sameFile(f *os.File, name string) (bool, error) {
	a, err := f.Stat()
	if err != nil {
		return false, err
	}
	b, err := os.Stat(name)
	if err != nil {
		return false, err
	}
	return os.SameFile(a, b), nil
}

// readHolder returns who the lock file f says holds it.
func readHolder(f *os.File) (string, error) {
	buf := make([]byte, 256)
	n, err := f.ReadAt(buf, 0)
	if n == 0 {
		return "", err
	}
	var pid, started string
	for _, line := range strings.Split(string(buf[:n]), "\n") {
		if v, ok := strings.CutPrefix(line, "pid "); ok {
			pid = v
		}
		if v, ok := strings.CutPrefix(line, "started "); ok {
			started = v
		}
	}
	if pid == "" {
		return "", nil
	}
	s := "PID " + pid
	if started != "" {
		s += ", started " + started
	}
	return s, nil
}

// writeHolder writes this process's ID and start time into the lock file.
func writeHolder(f *os.File) error {
	if err := f.Truncate(0); err != nil {
		return err
	}
	text := "cablesite build\npid " + strconv.Itoa(os.Getpid()) + "\nstarted " + time.Now().UTC().Format("2006-01-02 15:04:05 UTC") + "\n"
	_, err := f.WriteAt([]byte(text), 0)
	return err
}
