package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"cablesite/generator"
	"cablesite/generator/render"
)

func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("bench", "[flags]", `Bench measures the build on a synthetic archive of the full size: a cold
build without the search index and one with it, typical searches in
headless Chromium, a rebuild with nothing changed, and a rebuild after one
cable's text changed. Each build runs as a process of its own; bench
prints its wall time, cables read a second, pages and bytes written and
peak memory (RSS), and what the index added to the cold build; -repeat
runs the two cold builds again, as the time of the same build varies,
the one with the index first in every second pair.

The archive is made by ../shared/tools/synth-archive (all 251,287 cables by
default, about 2.3 GB; -n for fewer) and kept in the work folder for the
next run; -archive takes an existing one. For the third build, one word of
one record is changed in place, and put back afterwards.`, stderr)
	n := fs.Int("n", 0, "number of cables of the synthetic archive (0: all 251,287)")
	archive := fs.String("archive", "", "use this cables.csv `file` instead of making one")
	dir := fs.String("dir", "bench", "work `folder`: the archive and the site")
	synth := fs.String("synth", filepath.Join("..", "shared", "tools", "synth-archive"), "the `program` that makes synthetic archives")
	keep := fs.Bool("keep", false, "keep the site built")
	queries := fs.Bool("queries", true, "run typical searches in headless Chromium after the cold build")
	repeat := fs.Int("repeat", 1, "run the two cold builds `n` times, for the spread of what the index adds")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *repeat < 1 {
		return errors.New("-repeat must be at least 1")
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return err
	}
	if *archive == "" {
		name := "cables-all.csv"
		if *n > 0 {
			name = fmt.Sprintf("cables-%d.csv", *n)
		}
		*archive = filepath.Join(*dir, name)
		if _, err := os.Stat(*archive); err != nil {
			synthArgs := []string{*archive}
			if *n > 0 {
				synthArgs = []string{"-n", fmt.Sprint(*n), *archive}
			}
			fmt.Fprintf(stderr, "making %s with %s\n", *archive, *synth)
			cmd := exec.CommandContext(ctx, *synth, synthArgs...)
			cmd.Stdout, cmd.Stderr = stderr, stderr
			if err := cmd.Run(); err != nil {
				return fmt.Errorf("synthetic archive: %w", err)
			}
		}
	}
	info, err := os.Stat(*archive)
	if err != nil {
		return err
	}
	// Every pair's sites are kept until the end, so that no build runs
	// while the kernel deletes another's files: on disk, a site of the
	// full archive takes about 3.7 times its size without the index and
	// 4.9 times with it.
	need := int64(*repeat) * info.Size() * 9
	if free, ok := freeSpace(*dir); ok && free < need {
		return fmt.Errorf("%s has %s free; -repeat %d on %s needs about %s", *dir, bytesText(free), *repeat, bytesText(info.Size()), bytesText(need))
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	run := filepath.Join(*dir, "run-"+time.Now().Format("20060102-150405"))
	site := filepath.Join(run, "public")
	if !*keep {
		defer os.RemoveAll(run)
	}

	fmt.Fprintf(stdout, "cablesite bench: %s (%s), %s, %s/%s, %d CPUs, %s memory\n",
		*archive, bytesText(info.Size()), runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), memoryText())
	fmt.Fprintf(stdout, "%-22s %8s %8s %8s %10s %14s %14s %10s\n", "", "wall", "user", "system", "cables/s", "files written", "bytes written", "peak RSS")
	var results []benchResult
	fileName := strings.NewReplacer(" ", "-", ",", "", "(", "", ")", "")
	step := func(name string, args ...string) (benchResult, error) {
		if len(args) == 0 {
			args = []string{"-o", site}
		}
		r, err := benchBuild(ctx, self, *archive, filepath.Join(run, fileName.Replace(name)+".json"), args...)
		if err != nil {
			return r, fmt.Errorf("%s: %w", name, err)
		}
		r.name = name
		results = append(results, r)
		fmt.Fprintf(stdout, "%-22s %7.1fs %7.1fs %7.1fs %10s %14s %14s %10s\n", name, r.wall.Seconds(), r.user.Seconds(), r.sys.Seconds(),
			render.Commas(int(float64(r.report.Read)/r.wall.Seconds())), render.Commas(int(r.report.Written)),
			bytesText(r.report.Bytes), bytesText(r.maxRSS))
		return r, nil
	}
	// The same cold build without the search index, beside, for what the
	// index adds; with -repeat, each pair into folders of its own, the last
	// pair's site for what follows.
	var dropped bool
	var added []string
	for i := 1; i <= *repeat; i++ {
		name, out := func(s string) string { return s }, site
		if *repeat > 1 {
			name = func(s string) string { return fmt.Sprintf("%s (%d)", s, i) }
			if i < *repeat {
				out = fmt.Sprintf("%s-%d", site, i)
			}
		}
		// The builds of a pair take turns going first, so that what a
		// build leaves to the next (the disk fuller, the kernel's
		// writing back) weighs on both alike.
		var base, full benchResult
		runs := []func() error{
			func() (err error) {
				base, err = step(name("cold, no search"), "-search=false", "-o", out+"-nosearch")
				return err
			},
			func() (err error) {
				full, err = step(name("cold build"), "-o", out)
				return err
			},
		}
		if i%2 == 0 {
			runs[0], runs[1] = runs[1], runs[0]
		}
		for _, run := range runs {
			dropped = dropCaches()
			if err := run(); err != nil {
				return err
			}
		}
		d := full.wall - base.wall
		added = append(added, fmt.Sprintf("%.1fs (%.0f%%)", d.Seconds(), 100*d.Seconds()/base.wall.Seconds()))
	}
	if dropped {
		fmt.Fprintln(stdout, "(the page cache was dropped before each cold build)")
	}
	fmt.Fprintf(stdout, "the search index added %s to the cold build\n", strings.Join(added, ", "))
	if *queries {
		if err := benchSearch(ctx, site, stdout); err != nil {
			return err
		}
		fmt.Fprintln(stdout)
	}
	if _, err := step("rebuild, unchanged"); err != nil {
		return err
	}
	restore, what, err := changeOneRecord(*archive)
	if err != nil {
		return err
	}
	_, err = step("rebuild, 1 changed")
	if rerr := restore(); rerr != nil && err == nil {
		err = rerr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "(changed: %s)\n", what)
	for _, r := range results {
		var parts []string
		for _, p := range r.report.Phases {
			parts = append(parts, fmt.Sprintf("%s %.1fs", p.Name, p.Duration.Seconds()))
		}
		fmt.Fprintf(stdout, "%s: %s (%s cables, %s pages, %s records parsed)\n", r.name, strings.Join(parts, ", "),
			render.Commas(r.report.Cables), render.Commas(r.report.Pages), render.Commas(r.report.Read-r.report.Reused))
	}
	return nil
}

// benchResult is one measured build.
type benchResult struct {
	name   string
	wall   time.Duration
	user   time.Duration // CPU time in the program
	sys    time.Duration // and in the kernel
	maxRSS int64
	report generator.Report
}

// benchBuild runs one build as its own process.
func benchBuild(ctx context.Context, self, archive, reportFile string, args ...string) (benchResult, error) {
	var r benchResult
	cmd := exec.CommandContext(ctx, self, append(append([]string{"build", "-q", "-report", reportFile}, args...), archive)...)
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	start := time.Now()
	err := cmd.Run()
	r.wall = time.Since(start)
	if err != nil {
		return r, fmt.Errorf("%w: %s", err, errOut.String())
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.maxRSS = ru.Maxrss * 1024 // kilobytes on Linux
	}
	r.user, r.sys = cmd.ProcessState.UserTime(), cmd.ProcessState.SystemTime()
	data, err := os.ReadFile(reportFile)
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal(data, &r.report); err != nil {
		return r, err
	}
	return r, nil
}

// freeSpace returns the bytes free for this user on the file system of
// dir, when it can tell.
func freeSpace(dir string) (int64, bool) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, false
	}
	return int64(st.Bavail) * int64(st.Bsize), true
}

// dropCaches writes dirty pages out and drops the kernel's page cache, when
// allowed (as root on Linux), so that a cold build starts from the disk and
// does not pay for what the builds before it deleted: ext4 without a
// journal checks cached inode blocks of deleted files at every file it
// creates. It reports whether it could.
func dropCaches() bool {
	syscall.Sync()
	return os.WriteFile("/proc/sys/vm/drop_caches", []byte("3\n"), 0o200) == nil
}

// changeOneRecord changes one word of the text of a record near the middle
// of a cables.csv file, in place and to a word of the same length, and
// returns the function that puts it back.
func changeOneRecord(file string) (restore func() error, what string, err error) {
	f, err := os.OpenFile(file, os.O_RDWR, 0)
	if err != nil {
		return nil, "", err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, "", err
	}
	buf := make([]byte, 1<<20)
	off := info.Size() / 2
	n, err := f.ReadAt(buf, off)
	if err != nil && !errors.Is(err, io.EOF) {
		f.Close()
		return nil, "", err
	}
	buf = buf[:n]
	// The next record, its first numbered paragraph, a " the " in it.
	rec := bytes.Index(buf, []byte("\n\""))
	para := -1
	if rec >= 0 {
		if p := bytes.Index(buf[rec:], []byte("\n1. ")); p >= 0 {
			para = rec + p
		}
	}
	word := -1
	if para >= 0 {
		if w := bytes.Index(buf[para:], []byte(" the ")); w >= 0 {
			word = para + w
		}
	}
	if word < 0 {
		f.Close()
		return nil, "", fmt.Errorf("%s: found no record text to change near its middle", file)
	}
	at := off + int64(word)
	if _, err := f.WriteAt([]byte(" thy "), at); err != nil {
		f.Close()
		return nil, "", err
	}
	id := ""
	if fields := bytes.SplitN(buf[rec+2:], []byte(`","`), 4); len(fields) == 4 {
		id = string(fields[2])
	}
	return func() error {
		defer f.Close()
		_, err := f.WriteAt([]byte(" the "), at)
		return err
	}, fmt.Sprintf(`"the" to "thy" in paragraph 1 of %s, at byte %d`, id, at), nil
}

// memoryText is the machine's memory, from /proc/meminfo.
func memoryText() string {
	data, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return "unknown"
	}
	var kb int64
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "MemTotal:") {
			fmt.Sscanf(strings.TrimPrefix(line, "MemTotal:"), "%d", &kb)
		}
	}
	return bytesText(kb * 1024)
}
