// Package work runs the jobs of a build on several goroutines.
package work

import (
	"context"
	"sync"
	"sync/atomic"
)

// Parallel calls fn(i) for i in [0, n) on workers goroutines, in about
// that order, stopping at the first error or when ctx is done.
func Parallel(ctx context.Context, n, workers int, fn func(i int) error) error {
	var (
		next  atomic.Int64 // the next i to take
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	for k := 0; k < max(workers, 1); k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				err := fn(i)
				if err == nil && i%64 == 0 {
					err = ctx.Err()
				}
				if err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
					next.Store(int64(n)) // the others stop too
					return
				}
			}
		}()
	}
	wg.Wait()
	if first != nil {
		return first
	}
	return ctx.Err()
}
