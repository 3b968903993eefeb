// Package output writes a site into a staging folder beside the published
// one and swaps it in when the build is done, so that a failed or
// interrupted build leaves the previous site whole.
//
// Paths come in slash-separated and relative to the site root; a path that
// would leave the folder ("..", an absolute path) is refused, and so is a
// folder that would hold more than MaxFilesPerDir files (static hosts such
// as Netlify refuse more).
//
// Files are written in the background by a few writer goroutines, each
// owning a share of the folders: creating files in one folder from two
// threads makes them wait on the folder's lock in the kernel, spinning.
package output

import (
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
)

// MaxFilesPerDir is the most files a folder of the output may hold.
const MaxFilesPerDir = 54000

// Writer writes the files of a site into a staging folder.
type Writer struct {
	final string // the published folder
	stage string // where this build writes

	limit int // files per folder at most

	mu    sync.Mutex
	dirs  map[string]int // files per folder (folders created so far)
	paths map[string]bool

	files atomic.Int64
	bytes atomic.Int64

	queues []chan file // one per writer goroutine
	done   sync.WaitGroup
	closed bool
	errMu  sync.Mutex
	err    error // the first write that failed
	bufs   sync.Pool
}

// file is a file waiting to be written.
type file struct {
	path string // in the staging folder
	data *[]byte
}

// Writers is the number of goroutines that write files.
const Writers = 2

// Marker is the file at the root of every site this package writes. A
// folder that is not empty and has no Marker is never replaced: it was not
// written here, and replacing it would delete someone's files.
const Marker = ".cablesite"

// Create starts writing a site that will replace dir. The staging folder is
// created beside dir (same file system, so the swap is a rename).
func Create(dir string) (*Writer, error) {
	dir = filepath.Clean(dir)
	if err := checkReplaceable(dir); err != nil {
		return nil, err
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	stage, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".new-")
	if err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	if err := os.Chmod(stage, 0o755); err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	w := &Writer{final: dir, stage: stage, limit: MaxFilesPerDir, dirs: map[string]int{".": 0}, paths: map[string]bool{}}
	w.start(Writers)
	return w, nil
}

// start starts n writer goroutines.
func (w *Writer) start(n int) {
	w.queues = make([]chan file, n)
	for i := range w.queues {
		q := make(chan file, 64)
		w.queues[i] = q
		w.done.Add(1)
		go func() {
			defer w.done.Done()
			for f := range q {
				if err := os.WriteFile(f.path, *f.data, 0o644); err != nil {
					w.fail(err)
				}
				w.bufs.Put(f.data)
			}
		}()
	}
}

// fail records the first error of a writer goroutine.
func (w *Writer) fail(err error) {
	w.errMu.Lock()
	if w.err == nil {
		w.err = fmt.Errorf("output: %w", err)
	}
	w.errMu.Unlock()
}

// failed returns the first error of a writer goroutine, if any.
func (w *Writer) failed() error {
	w.errMu.Lock()
	defer w.errMu.Unlock()
	return w.err
}

// checkReplaceable fails when dir exists and is not a site written here.
func checkReplaceable(dir string) error {
	info, err := os.Stat(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("output: %w", err)
	}
	if !info.IsDir() {
		return fmt.Errorf("output: %s is not a folder", dir)
	}
	if _, err := os.Stat(filepath.Join(dir, Marker)); err == nil {
		return nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("output: %w", err)
	}
	if len(entries) > 0 {
		return fmt.Errorf("output: refusing to replace %s: it is not empty and was not written by cablesite (it has no %s file); remove it or choose another output folder", dir, Marker)
	}
	return nil
}

// Dir is the staging folder.
func (w *Writer) Dir() string { return w.stage }

// Files is the number of files written so far.
func (w *Writer) Files() int64 { return w.files.Load() }

// Bytes is the number of bytes written so far.
func (w *Writer) Bytes() int64 { return w.bytes.Load() }

// CheckPath reports whether p can name a file of the site: relative,
// slash-separated, clean, inside the folder.
func CheckPath(p string) error {
	switch {
	case p == "" || p == ".":
		return errors.New("empty path")
	case strings.HasPrefix(p, "/") || filepath.IsAbs(p):
		return fmt.Errorf("path %q is absolute", p)
	case strings.ContainsAny(p, "\\\x00"):
		return fmt.Errorf("path %q holds a backslash or NUL", p)
	case path.Clean(p) != p:
		return fmt.Errorf("path %q is not clean", p)
	case p == ".." || strings.HasPrefix(p, "../"):
		return fmt.Errorf("path %q leaves the output folder", p)
	}
	return nil
}

// reserve checks p, counts it in its folder and creates the folder when
// new. It fails when p was written already or its folder is full.
func (w *Writer) reserve(p string) error {
	if err := CheckPath(p); err != nil {
		return err
	}
	dir := path.Dir(p)
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.paths[p] {
		return fmt.Errorf("%s is written twice", p)
	}
	n, ok := w.dirs[dir]
	if !ok {
		if err := w.mkdirLocked(dir); err != nil {
			return err
		}
	}
	if n+1 > w.limit {
		return fmt.Errorf("%s: folder %s would hold more than %d files", p, dir, w.limit)
	}
	w.dirs[dir] = n + 1
	w.paths[p] = true
	return nil
}

// mkdirLocked creates dir and counts it in its parent.
func (w *Writer) mkdirLocked(dir string) error {
	if _, ok := w.dirs[dir]; ok {
		return nil
	}
	parent := path.Dir(dir)
	if err := w.mkdirLocked(parent); err != nil {
		return err
	}
	if w.dirs[parent]+1 > w.limit {
		return fmt.Errorf("folder %s would hold more than %d entries", parent, w.limit)
	}
	if err := os.Mkdir(filepath.Join(w.stage, filepath.FromSlash(dir)), 0o755); err != nil && !errors.Is(err, os.ErrExist) {
		return err
	}
	w.dirs[parent]++
	w.dirs[dir] = 0
	return nil
}

// WriteFile writes the file at p, a copy of data, in the background: a
// failure to write it is returned by a later call or by Wait. It is safe to
// call from several goroutines.
func (w *Writer) WriteFile(p string, data []byte) error {
	if err := w.failed(); err != nil {
		return err
	}
	if err := w.reserve(p); err != nil {
		return fmt.Errorf("output: %w", err)
	}
	buf, _ := w.bufs.Get().(*[]byte)
	if buf == nil {
		buf = new([]byte)
	}
	*buf = append((*buf)[:0], data...)
	h := fnv.New32a()
	h.Write([]byte(path.Dir(p)))
	w.queues[int(h.Sum32())%len(w.queues)] <- file{path: filepath.Join(w.stage, filepath.FromSlash(p)), data: buf}
	w.files.Add(1)
	w.bytes.Add(int64(len(data)))
	return nil
}

// Wait waits until every file is written and returns the first error.
// WriteFile must not be called after it.
func (w *Writer) Wait() error {
	w.mu.Lock()
	if !w.closed {
		w.closed = true
		for _, q := range w.queues {
			close(q)
		}
	}
	w.mu.Unlock()
	w.done.Wait()
	return w.failed()
}

// Commit puts the staged site in the place of the published one. The
// previous site, if any, is removed after the swap.
func (w *Writer) Commit() error {
	if err := w.Wait(); err != nil {
		return err
	}
	marker := "This folder is written by cablesite build and replaced as a whole on each build.\n"
	if err := os.WriteFile(filepath.Join(w.stage, Marker), []byte(marker), 0o644); err != nil {
		return fmt.Errorf("output: %w", err)
	}
	old := ""
	if _, err := os.Lstat(w.final); err == nil {
		old = w.stage + ".old"
		if err := os.Rename(w.final, old); err != nil {
			return fmt.Errorf("output: move the previous site aside: %w", err)
		}
	}
	if err := os.Rename(w.stage, w.final); err != nil {
		if old != "" {
			os.Rename(old, w.final)
		}
		return fmt.Errorf("output: put the new site in place: %w", err)
	}
	if old != "" {
		if err := os.RemoveAll(old); err != nil {
			return fmt.Errorf("output: remove the previous site: %w", err)
		}
	}
	return nil
}

// Abort removes the staged site and leaves the published one as it was.
func (w *Writer) Abort() error {
	w.Wait()
	return os.RemoveAll(w.stage)
}
