// Command bench measures cablesite on a synthetic archive of the full size,
// as ratios that hold however noisy the machine: a cold build against the
// floor of its own output (the same files written with no rendering),
// against Hugo doing the same job on 20,000 cables, and against another
// commit's build, side by side in one run; then rebuilds, the pages' sizes
// and typical searches in headless Chromium.
//
//	go run ./cmd/bench [-n N] [-archive FILE] [-dir DIR] [-against REV] [-hugo=false] [-queries=false]
//
// It is a command of its own so that the cablesite binary carries none of
// what it needs (a browser driver among it).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"cablesite/generator"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(os.Stderr, "bench: %v\n", err)
		}
		os.Exit(1)
	}
}

// options are bench's flags.
type options struct {
	n        int
	archive  string
	dir      string
	synth    string
	peerHugo string
	against  string
	repeat   int
	hugo     bool
	queries  bool
	keep     bool
	binary   string
	// twoReleases times the archive given as two releases.
	twoReleases bool
}

func parse(args []string, stderr io.Writer) (*options, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := &options{}
	fs.IntVar(&o.n, "n", 0, "cables of the synthetic archive (0: all 251,287)")
	fs.StringVar(&o.archive, "archive", "", "use this cables.csv `file` instead of making one")
	fs.StringVar(&o.dir, "dir", "bench", "work `folder`: the archives, the sites, the binaries")
	fs.StringVar(&o.synth, "synth", filepath.Join("..", "shared", "tools", "synth-archive"), "the `program` that makes synthetic archives")
	fs.StringVar(&o.peerHugo, "peer-hugo", filepath.Join("..", "shared", "tools", "peer-hugo"), "the `program` that lays an archive out as a Hugo site")
	fs.StringVar(&o.against, "against", "", "also time the cold build of this git `revision`, alternating with this one's")
	fs.IntVar(&o.repeat, "repeat", 1, "run the cold builds and their floor `n` times")
	fs.BoolVar(&o.hugo, "hugo", true, "compare with Hugo on 20,000 cables, when hugo is installed")
	fs.BoolVar(&o.queries, "queries", true, "run typical searches in headless Chromium")
	fs.BoolVar(&o.keep, "keep", false, "keep the sites built")
	fs.BoolVar(&o.twoReleases, "releases", true, "time the archive given as two releases, the second with one cable in a hundred changed, beside the second alone")
	fs.StringVar(&o.binary, "cablesite", "", "the cablesite `binary` to measure (default: built from this checkout)")
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: go run ./cmd/bench [flags]

Bench measures a cold build of a synthetic archive (made by synth-archive,
all 251,287 cables by default), the floor of its output (writing the same
files, same paths and sizes, with two writers and no rendering) and the
ratio of the two; with -against, the same cold build of another commit,
alternating; Hugo on 20,000 cables (peer-hugo), and this build on the same;
a rebuild with nothing changed and one after a word of one cable changed,
beside the time to read the input once from the disk;
the sizes of the pages; typical searches in headless Chromium. Each build
runs as a process of its own, its memory measured; the page cache is
dropped before each cold build when bench runs as root.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if o.repeat < 1 {
		return nil, errors.New("-repeat must be at least 1")
	}
	return o, nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parse(args, stderr)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(o.dir, 0o755); err != nil {
		return err
	}
	if o.dir, err = filepath.Abs(o.dir); err != nil {
		return err
	}
	self, err := o.cablesite(ctx, "", "cablesite")
	if err != nil {
		return err
	}
	if o.archive == "" {
		if o.archive, err = o.synthetic(ctx, o.n, stderr); err != nil {
			return err
		}
	}
	info, err := os.Stat(o.archive)
	if err != nil {
		return err
	}
	r := &report{out: stdout}
	fmt.Fprintf(stdout, "bench: %s (%s), %s, %s/%s, %d CPUs, %s memory\n",
		o.archive, bytesText(info.Size()), runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), memoryText())
	run := filepath.Join(o.dir, "run-"+time.Now().Format("20060102-150405"))
	if !o.keep {
		defer os.RemoveAll(run)
	}
	site, err := o.cold(ctx, r, self, run)
	if err != nil {
		return err
	}
	if err := pageSizes(site, stdout); err != nil {
		return err
	}
	if o.queries {
		if err := benchSearch(ctx, site, stdout); err != nil {
			return err
		}
	}
	if err := o.rebuilds(ctx, r, self, site); err != nil {
		return err
	}
	if o.twoReleases {
		if err := o.releases(ctx, r, self, run); err != nil {
			return err
		}
	}
	if o.hugo {
		if err := o.compareHugo(ctx, r, self, run, stderr); err != nil {
			return err
		}
	}
	r.phases()
	return nil
}

// cold times the cold builds, their floor and, with -against, the other
// commit's build, in turn; it returns the site of the last cold build.
func (o *options) cold(ctx context.Context, r *report, self, run string) (string, error) {
	var other string
	if o.against != "" {
		var err error
		if other, err = o.cablesite(ctx, o.against, "cablesite-"+strings.ReplaceAll(o.against, "/", "-")); err != nil {
			return "", err
		}
	}
	r.header()
	site := ""
	var ratios, vs []string
	for i := 1; i <= o.repeat; i++ {
		suffix := ""
		if o.repeat > 1 {
			suffix = fmt.Sprintf(" (%d)", i)
		}
		site = filepath.Join(run, fmt.Sprintf("public-%d", i))
		builds := []func() (result, error){
			func() (result, error) { return r.build(ctx, "cold build"+suffix, self, o.archive, "-o", site) },
		}
		if other != "" {
			otherSite := filepath.Join(run, fmt.Sprintf("against-%d", i))
			builds = append(builds, func() (result, error) {
				return r.build(ctx, o.against+suffix, other, o.archive, "-o", otherSite)
			})
			if i%2 == 0 {
				builds[0], builds[1] = builds[1], builds[0]
			}
		}
		var ours, theirs result
		for k, b := range builds {
			res, err := b()
			if err != nil {
				return "", err
			}
			if (k == 0) == (i%2 == 1 || other == "") {
				ours = res
			} else {
				theirs = res
			}
		}
		fl, err := floor(site, filepath.Join(run, fmt.Sprintf("floor-%d", i)))
		if err != nil {
			return "", err
		}
		r.row("floor"+suffix, fl)
		ratios = append(ratios, fmt.Sprintf("%.2f", ours.wall.Seconds()/fl.wall.Seconds()))
		if other != "" {
			vs = append(vs, fmt.Sprintf("%.2f", ours.wall.Seconds()/theirs.wall.Seconds()))
		}
	}
	if r.dropped {
		fmt.Fprintln(r.out, "(the page cache was dropped before each cold build and floor)")
	}
	fmt.Fprintf(r.out, "cold build / floor: %s\n", strings.Join(ratios, ", "))
	if other != "" {
		fmt.Fprintf(r.out, "cold build / %s: %s\n", o.against, strings.Join(vs, ", "))
	}
	return site, nil
}

// rebuilds times a rebuild with nothing changed and one after a word of
// one cable's text changed.
func (o *options) rebuilds(ctx context.Context, r *report, self, site string) error {
	fmt.Fprintln(r.out)
	r.header()
	// The files of the builds before are written out to the disk first,
	// so that a rebuild does not wait behind them.
	syscall.Sync()
	if _, err := r.build(ctx, "rebuild, unchanged", self, o.archive, "-o", site); err != nil {
		return err
	}
	restore, what, err := changeOneRecord(o.archive)
	if err != nil {
		return err
	}
	syscall.Sync()
	changed, err := r.build(ctx, "rebuild, 1 changed", self, o.archive, "-o", site)
	if rerr := restore(); rerr != nil && err == nil {
		err = rerr
	}
	if err != nil {
		return err
	}
	read, err := readInput(o.archive)
	if err != nil {
		return err
	}
	r.row("reading the input", read)
	fmt.Fprintf(r.out, "(changed: %s)\n", what)
	fmt.Fprintf(r.out, "rebuild, 1 changed / reading the input: %.2f\n", changed.wall.Seconds()/read.wall.Seconds())
	return nil
}

// readInput reads a file through once, from the disk when the page cache
// can be dropped: what any rebuild after a change to it must do.
func readInput(name string) (result, error) {
	dropCaches()
	var n int64
	r, err := timed(func() error {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		buf := make([]byte, 4<<20)
		for {
			k, err := f.Read(buf)
			n += int64(k)
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
		}
	})
	r.files, r.bytes = 1, n
	return r, err
}

// cablesite returns a cablesite binary: -cablesite's, or one built from
// this checkout (rev "") or from a git revision, into the work folder.
func (o *options) cablesite(ctx context.Context, rev, name string) (string, error) {
	if rev == "" && o.binary != "" {
		return filepath.Abs(o.binary)
	}
	out := filepath.Join(o.dir, name)
	src := "."
	if rev != "" {
		src = filepath.Join(o.dir, "src-"+strings.ReplaceAll(rev, "/", "-"))
		os.RemoveAll(src)
		if err := os.MkdirAll(src, 0o755); err != nil {
			return "", err
		}
		// The revision's files, without a worktree to clean up.
		archive := exec.CommandContext(ctx, "git", "archive", rev)
		untar := exec.CommandContext(ctx, "tar", "-x", "-C", src)
		pipe, err := archive.StdoutPipe()
		if err != nil {
			return "", err
		}
		untar.Stdin = pipe
		if err := untar.Start(); err != nil {
			return "", err
		}
		if err := archive.Run(); err != nil {
			return "", fmt.Errorf("git archive %s: %w", rev, err)
		}
		if err := untar.Wait(); err != nil {
			return "", err
		}
	}
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, "./cmd/cablesite")
	cmd.Dir = src
	if msg, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build cablesite %s: %v\n%s", rev, err, msg)
	}
	return out, nil
}

// synthetic returns a synthetic archive of n cables (0: all), made once
// into the work folder by synth-archive.
func (o *options) synthetic(ctx context.Context, n int, log io.Writer) (string, error) {
	name := "cables-all.csv"
	if n > 0 {
		name = fmt.Sprintf("cables-%d.csv", n)
	}
	file := filepath.Join(o.dir, name)
	if _, err := os.Stat(file); err == nil {
		return file, nil
	}
	args := []string{file}
	if n > 0 {
		args = []string{"-n", fmt.Sprint(n), file}
	}
	fmt.Fprintf(log, "making %s with %s\n", file, o.synth)
	cmd := exec.CommandContext(ctx, o.synth, args...)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("synthetic archive: %w", err)
	}
	return file, nil
}

// result is one measured run.
type result struct {
	name   string
	wall   time.Duration
	user   time.Duration // CPU time in the program
	sys    time.Duration // and in the kernel
	maxRSS int64
	files  int64
	bytes  int64
	report *generator.Report // of a build of ours, or nil
}

// report prints the runs of a bench as a table, and keeps them.
type report struct {
	out     io.Writer
	runs    []result
	dropped bool
}

func (r *report) header() {
	fmt.Fprintf(r.out, "%-24s %8s %8s %8s %12s %12s %10s\n", "", "wall", "user", "system", "files", "bytes", "peak RSS")
}

func (r *report) row(name string, res result) {
	res.name = name
	r.runs = append(r.runs, res)
	rss := "-"
	if res.maxRSS > 0 {
		rss = bytesText(res.maxRSS)
	}
	fmt.Fprintf(r.out, "%-24s %7.1fs %7.1fs %7.1fs %12s %12s %10s\n", name, res.wall.Seconds(), res.user.Seconds(), res.sys.Seconds(),
		commas(res.files), bytesText(res.bytes), rss)
}

// build runs one build of the cablesite binary exe as a process of its own
// and prints its row; a cold build ("-o" into a folder that does not
// exist) starts with the page cache dropped.
func (r *report) build(ctx context.Context, name, exe, archive string, args ...string) (result, error) {
	out := args[len(args)-1]
	if _, err := os.Stat(out); errors.Is(err, os.ErrNotExist) {
		r.dropped = dropCaches()
	}
	reportFile := out + ".report.json"
	cmd := append([]string{"build", "-q", "-report", reportFile}, args...)
	if archive != "" {
		cmd = append(cmd, archive)
	}
	res, err := measure(ctx, exe, cmd...)
	if err != nil {
		return res, fmt.Errorf("%s: %w", name, err)
	}
	data, err := os.ReadFile(reportFile)
	if err != nil {
		return res, err
	}
	res.report = new(generator.Report)
	if err := json.Unmarshal(data, res.report); err != nil {
		return res, err
	}
	res.files, res.bytes = res.report.Written, res.report.Bytes
	r.row(name, res)
	return res, nil
}

// phases prints how long each phase of each of our builds took.
func (r *report) phases() {
	fmt.Fprintln(r.out)
	for _, res := range r.runs {
		if res.report == nil {
			continue
		}
		var parts []string
		for _, p := range res.report.Phases {
			parts = append(parts, fmt.Sprintf("%s %.1fs", p.Name, p.Duration.Seconds()))
		}
		fmt.Fprintf(r.out, "%s: %s (%s cables, %s files, %s records parsed)\n", res.name, strings.Join(parts, ", "),
			commas(int64(res.report.Cables)), commas(int64(res.report.Pages)), commas(int64(res.report.Read-res.report.Reused)))
	}
}

// measure runs a command and measures its time and memory.
func measure(ctx context.Context, exe string, args ...string) (result, error) {
	var r result
	cmd := exec.CommandContext(ctx, exe, args...)
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
	return r, nil
}

// dropCaches writes dirty pages out and drops the kernel's page cache, when
// allowed (as root on Linux), so that a cold build starts from the disk and
// does not pay for what the runs before it deleted. It reports whether it
// could.
func dropCaches() bool {
	syscall.Sync()
	return os.WriteFile("/proc/sys/vm/drop_caches", []byte("3\n"), 0o200) == nil
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

// bytesText writes a size with a unit: "2.1 GB".
func bytesText(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.2f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// commas writes n with thousands separators.
func commas(n int64) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 && c != '-' {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
