// Command cablesite turns the Cablegate archive into a static website.
//
//	cablesite build [-o DIR] [-base-url URL] [-strict] [PATH ...]
//	cablesite parse [-released TIME] [-strict] [PATH ...]
//	cablesite check [DIR]
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
	"syscall"
)

const usage = `cablesite turns the Cablegate cable archive into a static website.

Usage:
  cablesite build [flags] [PATH ...]   build the site from cable files and folders
  cablesite parse [flags] [PATH ...]   print what is read of each cable, as JSON Lines
  cablesite check [flags] [DIR]        check every internal link and anchor of a built site

With no PATH, build and parse read the sample archive in content/cables.
Run "cablesite COMMAND -h" for the flags of a command.
`

// command is one subcommand: its name, a one-line summary and what it runs.
type command struct {
	name string
	run  func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

var commands = []command{
	{"build", runBuild},
	{"parse", runParse},
	{"check", runCheck},
}

// errUsage reports a command line that cannot be run; the usage has been
// printed already.
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
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stderr, usage)
		if len(args) == 0 {
			return 2
		}
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
	fmt.Fprintf(stderr, "cablesite: unknown command %q\n\n%s", args[0], usage)
	return 2
}

// newFlagSet returns the flag set of a subcommand, printing its usage
// line and help to stderr.
func newFlagSet(name, synopsis, help string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: cablesite %s %s\n\n%s\nFlags:\n", name, synopsis, help)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, mapping a bad command line to errUsage.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
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
