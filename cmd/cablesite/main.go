// Command cablesite turns the Cablegate archive into a static website.
//
//	cablesite build [flags] [PATH ...]
//	cablesite serve [flags] [PATH ...]
//	cablesite parse [flags] [PATH ...]
//	cablesite check [flags] [DIR]
//	cablesite version
//
// Run "cablesite COMMAND -h" for the flags of each command.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"syscall"
)

const usage = `cablesite turns the Cablegate cable archive into a static website.

Usage:
  cablesite build [flags] [PATH ...]   build the site from cable files and folders
  cablesite serve [flags] [PATH ...]   build, serve the site as its host would, rebuild on changes
  cablesite parse [flags] [PATH ...]   print what is read of each cable, as JSON Lines
  cablesite check [flags] [DIR]        check the links, anchors and search index of a built site
  cablesite version                    print the version
  cablesite help [COMMAND]             print this, or the help of a command

With no PATH, build, serve and parse read the sample archive in content/cables.
Flags may come before or after the PATHs.
`

// command is one subcommand: its name, a one-line summary and what it runs.
type command struct {
	name string
	run  func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

var commands = []command{
	{"build", runBuild},
	{"serve", runServe},
	{"parse", runParse},
	{"check", runCheck},
}

// errUsage reports a command line that cannot be run; what is wrong has
// been said already.
var errUsage = errors.New("usage")

// errFailed reports a command that failed after saying why.
var errFailed = errors.New("failed")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		// The first Ctrl-C stops the build cleanly; from then on, a second
		// one kills the process.
		<-ctx.Done()
		stop()
	}()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run runs the command line args and returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		if len(args) > 1 && args[0] == "help" {
			return run(ctx, []string{args[1], "-h"}, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
		return 0
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, version())
		return 0
	}
	for _, c := range commands {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, args[1:], stdout, stderr)
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.Is(err, errUsage):
			return 2
		case errors.Is(err, errFailed):
			return 1
		case errors.Is(err, context.Canceled):
			fmt.Fprintln(stderr, "cablesite: interrupted; the previous site is left as it was")
			return 130
		default:
			fmt.Fprintf(stderr, "cablesite %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(stderr, "cablesite: unknown command %q\nRun \"cablesite help\" for the commands.\n", args[0])
	return 2
}

// version returns the version line: the module's version or the commit it
// was built from, and the Go release that built it.
func version() string {
	v := "(devel)"
	info, ok := debug.ReadBuildInfo()
	if ok {
		if info.Main.Version != "" && info.Main.Version != "(devel)" {
			v = info.Main.Version
		}
		var rev, when, dirty string
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					dirty = ", modified"
				}
			}
		}
		if rev != "" {
			v += fmt.Sprintf(" (commit %.12s, %s%s)", rev, when, dirty)
		}
	}
	return fmt.Sprintf("cablesite %s %s %s/%s", v, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// newFlagSet returns the flag set of a subcommand; -h prints its usage
// line, help and flags to stdout.
func newFlagSet(name, synopsis, help string, stdout io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // parseFlags says what is wrong, in a line
	fs.Usage = func() {
		fmt.Fprintf(stdout, "Usage: cablesite %s %s\n\n%s\nFlags:\n", name, synopsis, help)
		fs.SetOutput(stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return fs
}

// parseFlags parses args, flags before, between and after the positional
// arguments (all after "--" are positional), and returns the positional
// ones. A bad command line is said in one line and a hint, to stderr, and
// maps to errUsage.
func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			fmt.Fprintf(stderr, "cablesite %s: %v\nRun \"cablesite %s -h\" for its flags.\n", fs.Name(), err, fs.Name())
			return nil, errUsage
		}
		rest := fs.Args()
		if consumed := args[:len(args)-len(rest)]; len(consumed) > 0 && consumed[len(consumed)-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos, args = append(pos, rest[0]), rest[1:]
	}
}

// defaultInputs is what build and parse read when given no PATH.
var defaultInputs = []string{"content/cables"}

// inputs returns the paths to read, checking that each exists.
func inputs(args []string) ([]string, error) {
	if len(args) == 0 {
		if _, err := os.Stat(defaultInputs[0]); err != nil {
			return nil, fmt.Errorf("no PATH given and no sample archive at %s (run from the project folder, or name the cable files or folders to read)", defaultInputs[0])
		}
		return defaultInputs, nil
	}
	for _, p := range args {
		if _, err := os.Stat(p); err != nil {
			return nil, fmt.Errorf("input: %w", err)
		}
	}
	return args, nil
}
