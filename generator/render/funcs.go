package render

import (
	"fmt"
	"html/template"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// funcs are the helpers every template may call, in alphabetical order,
// with the two that each template set binds to its own fragments (see
// fragmentSet.funcs):
//
//	fragment NAME VALUE   fills the fragment NAME (see fragment.go) with
//	                      VALUE: {{fragment "pager" .Pager}}
//	fragments NAME SLICE  fills it with each element of SLICE, one after
//	                      the other: {{fragments "row" .Rows}}
//
// Each is small and pure; TestFuncs runs every one through a real template.
var funcs = template.FuncMap{
	// commas writes a count with thousands separators: 251287 -> "251,287".
	"commas": Commas,
	// plural picks the word for a count: plural 1 "cable" "cables" -> "cable".
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return one
		}
		return many
	},
}

// funcs returns the helpers fragment and fragments bound to s.
func (s *fragmentSet) funcs() template.FuncMap {
	return template.FuncMap{"fragment": s.one, "fragments": s.each}
}

// one fills the fragment name with v.
func (s *fragmentSet) one(name string, v any) (template.HTML, error) {
	f, err := s.get(name)
	if err != nil {
		return "", err
	}
	bp := fillBufs.Get().(*[]byte)
	defer fillBufs.Put(bp)
	b, err := f.fill(s, (*bp)[:0], reflect.ValueOf(v))
	*bp = b
	if err != nil {
		return "", err
	}
	return template.HTML(b), nil
}

// fillBufs hold the buffers fragments are filled into.
var fillBufs = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// each fills the fragment name with each element of the slice v.
func (s *fragmentSet) each(name string, v any) (template.HTML, error) {
	f, err := s.get(name)
	if err != nil {
		return "", err
	}
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return "", nil // nil: no element
	}
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return "", fmt.Errorf("render: fragments %q of a %s, not a slice", name, rv.Type())
	}
	bp := fillBufs.Get().(*[]byte)
	defer fillBufs.Put(bp)
	b := (*bp)[:0]
	for i := 0; i < rv.Len(); i++ {
		if b, err = f.fill(s, b, rv.Index(i)); err != nil {
			*bp = b
			return "", err
		}
	}
	*bp = b
	return template.HTML(b), nil
}

// Commas writes n with a comma between groups of three digits.
func Commas(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
