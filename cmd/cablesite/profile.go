package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
)

// startProfiles starts a CPU profile and an execution trace and arranges a
// heap profile; the function it returns stops and writes them.
func startProfiles(cpu, mem, exec string) (func(), error) {
	traceFile, err := startFile(exec, "trace", trace.Start)
	if err != nil {
		return nil, err
	}
	cpuFile, err := startFile(cpu, "cpuprofile", pprof.StartCPUProfile)
	if err != nil {
		if traceFile != nil {
			trace.Stop()
			traceFile.Close()
		}
		return nil, err
	}
	return func() {
		if traceFile != nil {
			trace.Stop()
			traceFile.Close()
		}
		if cpuFile != nil {
			pprof.StopCPUProfile()
			cpuFile.Close()
		}
		if mem != "" {
			f, err := os.Create(mem)
			if err != nil {
				fmt.Fprintf(os.Stderr, "memprofile: %v\n", err)
				return
			}
			runtime.GC()
			pprof.WriteHeapProfile(f)
			f.Close()
		}
	}, nil
}

// startFile creates the file at path and starts writing what (a profile or
// trace) into it with start; it does nothing for an empty path.
func startFile(path, what string, start func(io.Writer) error) (*os.File, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if err := start(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return f, nil
}
