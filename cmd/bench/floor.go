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

// floor measures the floor of a build's output: the time to write the same
// files as the site in dir (same paths, same sizes) into the folder out,
// with two writers that each own a share of the folders, as package
// publish writes them, and no rendering. It drops the page cache first,
// as before a cold build, and removes out after.
func floor(dir, out string) (result, error) {
	type file struct {
		path string
		size int64
	}
	var files []file
	var folders []string
	max := int64(0)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
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
		files = append(files, file{rel, info.Size()})
		max = maxInt(max, info.Size())
		return nil
	})
	if err != nil {
		return result{}, err
	}
	data := make([]byte, max)
	for i := range data {
		data[i] = byte('a' + i%26)
	}
	dropCaches()
	var r result
	start := time.Now()
	var before syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &before)
	for _, f := range folders {
		if err := os.MkdirAll(filepath.Join(out, f), 0o755); err != nil {
			return r, err
		}
	}
	queues := [2]chan file{make(chan file, 64), make(chan file, 64)}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	for _, q := range queues {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range q {
				if err := writeRaw(filepath.Join(out, f.path), data[:f.size]); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	for _, f := range files {
		h := fnv.New32a()
		h.Write([]byte(filepath.Dir(f.path)))
		queues[h.Sum32()%2] <- f
		r.files++
		r.bytes += f.size
	}
	for _, q := range queues {
		close(q)
	}
	wg.Wait()
	r.wall = time.Since(start)
	var after syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &after)
	r.user = time.Duration(after.Utime.Nano() - before.Utime.Nano())
	r.sys = time.Duration(after.Stime.Nano() - before.Stime.Nano())
	if first != nil {
		return r, fmt.Errorf("floor: %w", first)
	}
	return r, os.RemoveAll(out)
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
