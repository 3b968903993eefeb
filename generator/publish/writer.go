// Package publish writes a site so that a failed or interrupted build never
// leaves it half written.
//
// A build that writes the whole site uses a Writer: it writes into a
// staging folder beside the published one and swaps the two when the build
// is done. A build that changes a few pages uses a Patch: it writes the
// changed pages into a staging folder, then records in a journal what it is
// about to move and remove, and only then moves them into the published
// folder; a patch interrupted while moving is completed by Recover before
// the next build.
//
// Paths come in slash-separated and relative to the site root; a path that
// would leave the folder ("..", an absolute path) is refused, and so is a
// folder that would hold more than MaxFilesPerDir files (static hosts such
// as Netlify refuse more).
//
// Files are written in the background by a few writer goroutines, each
// owning a share of the folders: creating files in one folder from two
// threads makes them wait on the folder's lock in the kernel, spinning.
package publish

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

// Writers is the number of goroutines that write files.
const Writers = 2

// Marker is the file at the root of every site this package writes; it
// holds the ID of the build that wrote the site. A folder that is not empty
// and has no Marker is never replaced: it was not written here, and
// replacing it would delete someone's files.
const Marker = ".cablesite"

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

// CheckDirCounts checks that no folder of a site whose folders hold the
// given numbers of files holds more than MaxFilesPerDir entries: the files,
// and the folders in it.
func CheckDirCounts(files map[string]int) error {
	count := map[string]int{}
	seenDir := map[string]bool{}
	for dir, n := range files {
		count[dir] += n
		for d := dir; d != "." && !seenDir[d]; d = path.Dir(d) {
			seenDir[d] = true
			count[path.Dir(d)]++
		}
	}
	for dir, n := range count {
		if n > MaxFilesPerDir {
			return fmt.Errorf("output: folder %s would hold %d files, more than %d", dir, n, MaxFilesPerDir)
		}
	}
	return nil
}

// stager writes files under a folder in the background.
type stager struct {
	dir   string // where files go
	limit int    // files per folder at most

	mu     sync.Mutex
	dirs   map[string]int // files per folder (folders created so far)
	closed bool

	files atomic.Int64
	bytes atomic.Int64

	queues []chan file // one per writer goroutine
	done   sync.WaitGroup
	errMu  sync.Mutex
	err    error // the first write that failed
	bufs   sync.Pool
}

// file is a file waiting to be written.
type file struct {
	path string // absolute
	data *[]byte
}

func newStager(dir string) *stager {
	s := &stager{dir: dir, limit: MaxFilesPerDir, dirs: map[string]int{".": 0}}
	s.queues = make([]chan file, Writers)
	for i := range s.queues {
		q := make(chan file, 64)
		s.queues[i] = q
		s.done.Add(1)
		go func() {
			defer s.done.Done()
			for f := range q {
				if err := writeFile(f.path, *f.data); err != nil {
					s.fail(err)
				}
				s.bufs.Put(f.data)
			}
		}()
	}
	return s
}

// Files is the number of files written so far.
func (s *stager) Files() int64 { return s.files.Load() }

// Bytes is the number of bytes written so far.
func (s *stager) Bytes() int64 { return s.bytes.Load() }

func (s *stager) fail(err error) {
	s.errMu.Lock()
	if s.err == nil {
		s.err = fmt.Errorf("output: %w", err)
	}
	s.errMu.Unlock()
}

func (s *stager) failed() error {
	s.errMu.Lock()
	defer s.errMu.Unlock()
	return s.err
}

// reserve checks p, counts it in its folder and creates the folder when
// new. It fails when the folder is full. (Writing a path twice is not
// checked here: the build checks its plan, and a second write would leave
// the last file written.)
func (s *stager) reserve(p string) error {
	if err := CheckPath(p); err != nil {
		return err
	}
	dir := path.Dir(p)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errors.New("write after the end")
	}
	n, ok := s.dirs[dir]
	if !ok {
		if err := s.mkdirLocked(dir); err != nil {
			return err
		}
	}
	if n+1 > s.limit {
		return fmt.Errorf("%s: folder %s would hold more than %d files", p, dir, s.limit)
	}
	s.dirs[dir] = n + 1
	return nil
}

// mkdirLocked creates dir and counts it in its parent.
func (s *stager) mkdirLocked(dir string) error {
	if _, ok := s.dirs[dir]; ok {
		return nil
	}
	parent := path.Dir(dir)
	if err := s.mkdirLocked(parent); err != nil {
		return err
	}
	if s.dirs[parent]+1 > s.limit {
		return fmt.Errorf("folder %s would hold more than %d entries", parent, s.limit)
	}
	if err := os.Mkdir(filepath.Join(s.dir, filepath.FromSlash(dir)), 0o755); err != nil && !errors.Is(err, os.ErrExist) {
		return err
	}
	s.dirs[parent]++
	s.dirs[dir] = 0
	return nil
}

// WriteFile writes the file at p, a copy of data, in the background: a
// failure to write it is returned by a later call or by Wait. It is safe to
// call from several goroutines.
func (s *stager) WriteFile(p string, data []byte) error {
	buf := s.Buffer()
	*buf = append(*buf, data...)
	return s.WriteBuffer(p, buf)
}

// Buffer returns an empty buffer for WriteBuffer, one that a file written
// before was in.
func (s *stager) Buffer() *[]byte {
	buf, _ := s.bufs.Get().(*[]byte)
	if buf == nil {
		return new([]byte)
	}
	*buf = (*buf)[:0]
	return buf
}

// WriteBuffer is WriteFile of the bytes in buf, which it takes: the caller
// must not use buf again. A file made in a buffer from Buffer is written
// without being copied.
func (s *stager) WriteBuffer(p string, buf *[]byte) error {
	if err := s.failed(); err != nil {
		return err
	}
	if err := s.reserve(p); err != nil {
		return fmt.Errorf("output: %w", err)
	}
	h := fnv.New32a()
	h.Write([]byte(path.Dir(p)))
	n := len(*buf)
	s.queues[int(h.Sum32()%uint32(len(s.queues)))] <- file{path: filepath.Join(s.dir, filepath.FromSlash(p)), data: buf}
	s.files.Add(1)
	s.bytes.Add(int64(n))
	return nil
}

// Wait waits until every file is written and returns the first error.
// WriteFile must not be called after it.
func (s *stager) Wait() error {
	s.mu.Lock()
	if !s.closed {
		s.closed = true
		for _, q := range s.queues {
			close(q)
		}
	}
	s.mu.Unlock()
	s.done.Wait()
	return s.failed()
}

// Writer writes a whole site into a staging folder that replaces the
// published one at the end.
type Writer struct {
	*stager
	final string // the published folder
}

// Create starts writing a site that will replace dir. The staging folder is
// created beside dir (same file system, so the swap is a rename).
func Create(dir string) (*Writer, error) {
	dir = filepath.Clean(dir)
	if err := checkReplaceable(dir); err != nil {
		return nil, err
	}
	stage, err := tempDir(dir, ".new-")
	if err != nil {
		return nil, err
	}
	return &Writer{stager: newStager(stage), final: dir}, nil
}

// TempDir creates an empty folder beside the site in dir, named after it
// and kind (".public.index-123"), for a build's temporary files: a build
// that is killed leaves it, and Recover removes it.
func TempDir(dir, kind string) (string, error) { return tempDir(filepath.Clean(dir), "."+kind+"-") }

// tempDir creates an empty folder beside dir, named after it.
func tempDir(dir, suffix string) (string, error) {
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", fmt.Errorf("output: %w", err)
	}
	stage, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+suffix)
	if err != nil {
		return "", fmt.Errorf("output: %w", err)
	}
	if err := os.Chmod(stage, 0o755); err != nil {
		return "", fmt.Errorf("output: %w", err)
	}
	return stage, nil
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
func (w *Writer) Dir() string { return w.dir }

// Commit puts the staged site, marked as written by the build buildID, in
// the place of the published one (see swap). The previous site, if any, is
// removed after the swap.
func (w *Writer) Commit(buildID string) error {
	if err := w.Wait(); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(w.dir, Marker), markerText(buildID), 0o644); err != nil {
		return fmt.Errorf("output: %w", err)
	}
	return swap(w.dir, w.final)
}

// Abort removes the staged site and leaves the published one as it was.
func (w *Writer) Abort() error {
	w.Wait()
	return os.RemoveAll(w.dir)
}

// markerText is the content of the Marker file.
func markerText(buildID string) []byte {
	return []byte("This folder is written by cablesite build, which replaces or updates it as a whole.\nbuild " + buildID + "\n")
}

// BuildID returns the ID of the build that wrote the site in dir, or "".
func BuildID(dir string) string {
	data, err := os.ReadFile(filepath.Join(dir, Marker))
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(data), "\n") {
		if id, ok := strings.CutPrefix(line, "build "); ok {
			return strings.TrimSpace(id)
		}
	}
	return ""
}
