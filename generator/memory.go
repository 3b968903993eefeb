package generator

import (
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// WorkingMemory is how much memory a build allows itself beyond what it
// must keep (the index of the archive, live on the heap): room for the
// garbage of rendering pages between two collections. The Go runtime
// otherwise lets the heap grow to twice the live data, so that memory
// would grow with the archive at twice the rate of the index.
const WorkingMemory = 160 << 20

// boundMemory keeps the heap within WorkingMemory (or half the live data,
// when that is more) of the live data, until the returned function is
// called: it sets the collector's GOGC, as the live data grows, so that
// the collector runs when the heap reaches that bound. (A memory limit
// would bound it too, but the runtime then hands freed memory back to the
// system at once, to take it again a moment later: on this build's churn
// that costs the kernel a third more time.) A GOGC or GOMEMLIMIT the user
// set is left alone.
func boundMemory() (stop func()) {
	if prev := debug.SetMemoryLimit(-1); prev != math.MaxInt64 || os.Getenv("GOGC") != "" {
		return func() {}
	}
	gcPercent := debug.SetGCPercent(-1)
	debug.SetGCPercent(gcPercent)
	done := make(chan struct{})
	stopped := make(chan struct{})
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	set := func() {
		metrics.Read(sample)
		live := max(int64(sample[0].Value.Uint64()), 4<<20)
		room := max(WorkingMemory, live/2)
		debug.SetGCPercent(int(min(100*room/live, 1000)))
	}
	go func() {
		defer close(stopped)
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			set()
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() {
		close(done)
		<-stopped
		debug.SetGCPercent(gcPercent)
	}
}
