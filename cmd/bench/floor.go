package main

import (
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"
)

// siteFile is a file of a site: its path in the site and its size.
type siteFile struct {
	path string
	size int64
}

// listSite returns the folders and files of the site in dir, and the size
// of the largest file.
func listSite(dir string) (folders []string, files []siteFile, largest int64, err error) {
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			folders = append(folders, rel)
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		files = append(files, siteFile{rel, info.Size()})
		largest = maxInt(largest, info.Size())
		return nil
	})
	return folders, files, largest, err
}

// floor measures the floor of a build's output: the time to write the same
// files as the site in dir (same paths, same sizes) into the folder out,
// with two writers that each own a share of the folders, as package
// publish writes them, and no rendering. It drops the page cache first,
// as before a cold build, and removes out after.
func floor(dir, out string) (result, error) {
	folders, files, largest, err := listSite(dir)
	if err != nil {
		return result{}, err
	}
	data := make([]byte, largest)
	for i := range data {
		data[i] = byte('a' + i%26)
	}
	dropCaches()
	r, err := timed(func() error {
		for _, f := range folders {
			if err := os.MkdirAll(filepath.Join(out, f), 0o755); err != nil {
				return err
			}
		}
		return writeFiles(out, files, data)
	})
	for _, f := range files {
		r.files++
		r.bytes += f.size
	}
	if err != nil {
		return r, fmt.Errorf("floor: %w", err)
	}
	return r, os.RemoveAll(out)
}

// timed runs fn in this process and measures its wall, user and system
// time.
func timed(fn func() error) (result, error) {
	var before, after syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &before)
	start := time.Now()
	err := fn()
	r := result{wall: time.Since(start)}
	syscall.Getrusage(syscall.RUSAGE_SELF, &after)
	r.user = time.Duration(after.Utime.Nano() - before.Utime.Nano())
	r.sys = time.Duration(after.Stime.Nano() - before.Stime.Nano())
	return r, err
}

// writeFiles writes files into out, each with the first bytes of data, on
// two goroutines that each own the files of half the folders.
func writeFiles(out string, files []siteFile, data []byte) error {
	queues := [2]chan siteFile{make(chan siteFile, 64), make(chan siteFile, 64)}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	for _, q := range queues {
		wg.Go(func() {
			for f := range q {
				if err := writeRaw(filepath.Join(out, f.path), data[:f.size]); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		})
	}
	for _, f := range files {
		h := fnv.New32a()
		h.Write([]byte(filepath.Dir(f.path)))
		queues[h.Sum32()%2] <- f
	}
	for _, q := range queues {
		close(q)
	}
	wg.Wait()
	return first
}

// writeRaw creates a file with data by the system calls alone, as package
// publish does.
func writeRaw(name string, data []byte) error {
	fd, err := syscall.Open(name, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, 0o644)
	if err != nil {
		return &fs.PathError{Op: "open", Path: name, Err: err}
	}
	for len(data) > 0 {
		n, err := syscall.Write(fd, data)
		if err != nil {
			syscall.Close(fd)
			return &fs.PathError{Op: "write", Path: name, Err: err}
		}
		data = data[n:]
	}
	return syscall.Close(fd)
}

func maxInt(a, b int64) int64 {
	if a > b {
		return a
	}
	return b
}
