package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"cablesite/generator"
	"cablesite/generator/render"
)

// isTerminal reports whether w is a terminal, where a progress line that
// rewrites itself makes sense.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// showProgress rewrites one line of w with the progress of a build, four
// times a second, until the function it returns is called.
func showProgress(w io.Writer, p *generator.Progress) func() {
	stop := make(chan struct{})
	done := make(chan struct{})
	start := time.Now()
	go func() {
		defer close(done)
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		var phaseStart time.Time
		phase := ""
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
			}
			if ph := p.Phase(); ph != phase {
				phase, phaseStart = ph, time.Now()
			}
			fmt.Fprintf(w, "\r\x1b[K%s", progressLine(p, phase, time.Since(phaseStart), time.Since(start)))
		}
	}()
	return func() {
		close(stop)
		<-done
	}
}

// progressLine describes where a build is.
func progressLine(p *generator.Progress, phase string, inPhase, total time.Duration) string {
	elapsed := total.Round(time.Second)
	switch phase {
	case "reading":
		n, read, size := p.Read.Load(), p.ReadBytes.Load(), p.InputSize
		rate := float64(n) / max(inPhase.Seconds(), 0.001)
		left := ""
		if read > 0 && size > read {
			left = ", " + (time.Duration(float64(inPhase) * float64(size-read) / float64(read))).Round(time.Second).String() + " left"
		}
		return fmt.Sprintf("reading: %s cables read (%s of %s), %s a second%s [%s]", render.Commas(int(n)), bytesText(read), bytesText(size), render.Commas(int(rate)), left, elapsed)
	case "writing":
		n, of := p.Written.Load(), p.ToWrite.Load()
		rate := float64(n) / max(inPhase.Seconds(), 0.001)
		left := ""
		if n > 0 && of > n {
			left = ", " + (time.Duration(float64(inPhase) * float64(of-n) / float64(n))).Round(time.Second).String() + " left"
		}
		return fmt.Sprintf("writing: %s of %s pages, %s a second%s [%s]", render.Commas(int(n)), render.Commas(int(of)), render.Commas(int(rate)), left, elapsed)
	case "":
		return fmt.Sprintf("starting [%s]", elapsed)
	}
	return fmt.Sprintf("%s [%s]", phase, elapsed)
}

// clearLine erases the progress line.
func clearLine(w io.Writer) { fmt.Fprint(w, "\r\x1b[K") }

// bytesText writes a size in bytes for people: "2.3 GB".
func bytesText(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// every calls fn four times a second until the function it returns is
// called.
func every(fn func()) func() {
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				fn()
			}
		}
	}()
	return func() {
		close(stop)
		<-done
	}
}
