package publish

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestLock(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	l, err := Acquire(dir)
	if err != nil {
		t.Fatal(err)
	}
	if l.Stale != "" {
		t.Errorf("a new lock says it took over %q", l.Stale)
	}
	// A second build, while the first holds it.
	_, err = Acquire(dir)
	var locked *LockedError
	if !errors.As(err, &locked) || !strings.Contains(locked.Holder, "PID "+strconv.Itoa(os.Getpid())+", started ") {
		t.Fatalf("second Acquire: %v, want a LockedError naming this process", err)
	}
	if msg := err.Error(); !strings.Contains(msg, dir+" is being written by another build (PID ") {
		t.Errorf("message %q", msg)
	}
	l.Release()
	if _, err := os.Stat(lockFile(dir)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the lock file is left: %v", err)
	}
	// A lock file left by a build that was killed (no one holds it) is
	// taken over, saying whose it was.
	os.WriteFile(lockFile(dir), []byte("cablesite build\npid 4194999\nstarted 2026-12-01 10:00:00 UTC\n"), 0o644)
	l, err = Acquire(dir)
	if err != nil {
		t.Fatalf("a stale lock: %v", err)
	}
	if l.Stale != "PID 4194999, started 2026-12-01 10:00:00 UTC" {
		t.Errorf("Stale = %q", l.Stale)
	}
	data, _ := os.ReadFile(lockFile(dir))
	if !strings.Contains(string(data), "pid "+strconv.Itoa(os.Getpid())+"\n") {
		t.Errorf("the lock file holds %q", data)
	}
	l.Release()
}
