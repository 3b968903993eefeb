package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
)

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
