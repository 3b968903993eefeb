package publish

import (
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"cablesite/generator/state"
)

// Site is the folder a build publishes into, held under its lock from Open
// to Close, with what the build before left beside it.
type Site struct {
	Dir      string
	Recovery *Recovery // what Open did to put the site back in a whole state
	Stale    string    // the holder of a lock that a killed build left, taken over
	lock     *Lock
}

// Open takes the lock of the site in dir (see Acquire) and puts it back in
// a whole state after builds that were interrupted (see Recover).
func Open(dir string) (*Site, error) {
	dir = filepath.Clean(dir)
	l, err := Acquire(dir)
	if err != nil {
		return nil, err
	}
	s := &Site{Dir: dir, lock: l, Stale: l.Stale}
	if s.Recovery, err = Recover(dir); err != nil {
		l.Release()
		return nil, err
	}
	return s, nil
}

// Close lets go of the site's lock.
func (s *Site) Close() { s.lock.Release() }

// StateFile is where the build of the site in dir keeps what the next
// build needs: a hidden file beside the site, not in it.
func StateFile(dir string) string { return sibling(filepath.Clean(dir), ".state") }

// Previous returns the state that the build of the published site left,
// or nil when there is none or it does not describe the site as it is (its
// build ID is not the one the site's marker names). A state that cannot
// be read is reported to log and ignored.
func (s *Site) Previous(log io.Writer) *state.State { return s.previous(log, state.Load) }

// PreviousHead is Previous without the records (see state.LoadHead).
func (s *Site) PreviousHead(log io.Writer) *state.State { return s.previous(log, state.LoadHead) }

func (s *Site) previous(log io.Writer, load func(string) (*state.State, error)) *state.State {
	st, err := load(StateFile(s.Dir))
	if err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			fmt.Fprintf(log, "ignoring the state of the previous build: %v\n", err)
		}
		return nil
	}
	if id := BuildID(s.Dir); id == "" || id != st.BuildID {
		return nil
	}
	return st
}

// Listing is the files of the published site, listed in the background
// (see List).
type Listing struct {
	done  chan struct{}
	Paths []string
	Keys  []state.Key // state.PathKey of each path
	err   error
}

// List lists the files of the published site in the background, in the
// order of their paths; Wait waits for the list.
func (s *Site) List() *Listing {
	l := &Listing{done: make(chan struct{})}
	go func() {
		defer close(l.done)
		l.err = eachFolder(s.Dir, func(paths []string) {
			l.Paths = append(l.Paths, paths...)
		})
		slices.Sort(l.Paths)
		l.Keys = make([]state.Key, len(l.Paths))
		for i, p := range l.Paths {
			l.Keys[i] = state.PathKey(p)
		}
	}()
	return l
}

// ListingOf returns a listing of the given paths, listed already.
func ListingOf(paths []string) *Listing {
	l := &Listing{done: make(chan struct{}), Paths: paths}
	for _, p := range paths {
		l.Keys = append(l.Keys, state.PathKey(p))
	}
	close(l.done)
	return l
}

// Wait waits until the files are listed.
func (l *Listing) Wait() error {
	<-l.done
	return l.err
}

// CommitFull puts the site that w wrote in the place of the published one
// (see Writer.Commit), then saves next, with the records given, as its
// state. The previous site's state stays until then: it names the previous
// site's build, so it is never taken for the new one's, and a swap that
// fails leaves both as they were.
func (s *Site) CommitFull(w *Writer, next *state.State, records iter.Seq[*state.Record]) error {
	if err := w.Commit(next.BuildID); err != nil {
		return err
	}
	return next.SaveRecords(StateFile(s.Dir), records)
}

// CommitUpdate moves what the patch p wrote into the published site, with
// next, and the records given, as its state, all under p's journal (see
// Patch.Commit).
func (s *Site) CommitUpdate(p *Patch, next *state.State, records iter.Seq[*state.Record]) error {
	tmp := sibling(s.Dir, ".state.next")
	if err := next.SaveRecords(tmp, records); err != nil {
		p.Abort()
		return err
	}
	return p.Commit([][2]string{{tmp, StateFile(s.Dir)}})
}

// Digest returns the digest of the paths of the files of the site in dir
// but its marker (see state.Digest). It reads the folders on a few
// goroutines and in no order (see eachFolder): it is how a rebuild with
// nothing to do tells that no file went missing, in a fraction of a
// second for 361,000 files.
func Digest(dir string) (state.Digest, error) {
	var total state.Digest
	err := eachFolder(dir, func(files []string) {
		var d state.Digest
		for _, p := range files {
			d.Add(p)
		}
		total.Merge(d)
	})
	if err != nil {
		return state.Digest{}, err
	}
	return total, nil
}

// Files lists the files of the site in dir but its marker (see
// eachFolder).
func Files(dir string) (map[string]bool, error) {
	files := map[string]bool{}
	err := eachFolder(dir, func(paths []string) {
		for _, p := range paths {
			files[p] = true
		}
	})
	return files, err
}

// folderReaders is how many folders eachFolder reads at once: on a disk
// that has not the folders in memory, reading several at once takes a
// fraction of the time of one after the other.
const folderReaders = 4

// eachFolder reads the folders of the site in dir on folderReaders
// goroutines, in no order, and calls files with the paths (slash-separated,
// from dir) of the files of each folder but the marker, one call at a time.
func eachFolder(dir string, files func([]string)) error {
	var (
		mu    sync.Mutex
		first error
		wg    sync.WaitGroup
		queue = []string{""} // folders to read, from the site's root
		busy  = 0
		cond  = sync.NewCond(&mu)
	)
	read := func(rel string) (dirs, paths []string, err error) {
		f, err := os.Open(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			return nil, nil, err
		}
		defer f.Close()
		entries, err := f.ReadDir(-1)
		if err != nil {
			return nil, nil, err
		}
		for _, e := range entries {
			p := e.Name()
			if rel != "" {
				p = rel + "/" + p
			}
			if e.IsDir() {
				dirs = append(dirs, p)
			} else if p != Marker {
				paths = append(paths, p)
			}
		}
		return dirs, paths, nil
	}
	for range folderReaders {
		wg.Go(func() {
			for {
				mu.Lock()
				for len(queue) == 0 && busy > 0 {
					cond.Wait()
				}
				if len(queue) == 0 {
					mu.Unlock()
					cond.Broadcast()
					return
				}
				rel := queue[len(queue)-1]
				queue = queue[:len(queue)-1]
				busy++
				mu.Unlock()
				dirs, paths, err := read(rel)
				mu.Lock()
				busy--
				if err != nil && first == nil {
					first = err
				}
				if len(paths) > 0 {
					files(paths)
				}
				queue = append(queue, dirs...)
				mu.Unlock()
				cond.Broadcast()
			}
		})
	}
	wg.Wait()
	if first != nil {
		return fmt.Errorf("output: %w", first)
	}
	return nil
}
