package generator

import (
	"math"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// WorkingMemory is how much memory a build allows itself beyond what it
// must keep (the index of the archive, live on the heap): room for the
// garbage of rendering pages between two collections. The Go runtime
// otherwise lets the heap grow to twice the live data, so that memory
// would grow with the archive at twice the rate of the index.
const WorkingMemory = 192 << 20

// runtimeMemory is about what the runtime needs beside the heap (stacks,
// metadata), which its memory limit counts too.
const runtimeMemory = 16 << 20

// boundMemory keeps the heap within WorkingMemory (or half the live data,
// when that is more) of the live data, by adjusting the runtime's
// soft memory limit as the index grows, until the returned function is
// called. The collector then runs when the heap reaches the limit, not
// when it doubles (GOGC): as seldom as the bound allows. A limit the user
// set (GOMEMLIMIT) is left alone, and so is GOGC then.
func boundMemory() (stop func()) {
	if prev := debug.SetMemoryLimit(-1); prev != math.MaxInt64 {
		return func() {}
	}
	gcPercent := debug.SetGCPercent(-1)
	done := make(chan struct{})
	stopped := make(chan struct{})
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	set := func() {
		metrics.Read(sample)
		live := int64(sample[0].Value.Uint64())
		debug.SetMemoryLimit(live + max(WorkingMemory, live/2) + runtimeMemory)
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
		debug.SetMemoryLimit(math.MaxInt64)
		debug.SetGCPercent(gcPercent)
	}
}
