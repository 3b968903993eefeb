//go:build !linux

package output

// exchange reports that this system cannot swap two folders in one step.
func exchange(a, b string) error { return errNoExchange }
