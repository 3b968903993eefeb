package page

import (
	"fmt"
	"reflect"
	"slices"
	"testing"

	"cablesite/generator/state"
)

// pageTypes are the data of every kind of file of the site.
var pageTypes = []any{
	&Cable{}, &List{}, &Directory{}, &Home{}, &Markdown{}, &Redirect{}, &NotFound{}, &Search{},
	&DocGroup{}, &Redirects{}, &File{}, &Sitemap{}, &SitemapIndex{}, &Robots{}, &Feed{}, &Image{},
}

// derived are the fields left out of the keys, each derived from others
// (see their comments); a field added to this list must say so.
var derived = []string{"Frame.Site", "Frame.Header", "Frame.Footer", "Cable.Text", "Doc.Blocks", "File.Data", "FeedEntry.Summary", "Change.Meta", "Change.Text"}

// TestKeys changes each field of each page's data, one by one, and fails
// when the page's key does not change: a field that a page shows is in
// its key, whoever adds it. It fails too when a field other than those of
// derived is left out of the key.
func TestKeys(t *testing.T) {
	var left []string
	for _, p := range pageTypes {
		v := reflect.ValueOf(p).Elem()
		fill(v, 0)
		base := state.KeyOf(p)
		if state.KeyOf(p) != base {
			t.Fatalf("%T: two keys of one value", p)
		}
		n := 0
		eachLeaf(v, v.Type().Name(), func(path string, change func() func()) {
			undo := change()
			if state.KeyOf(p) == base {
				t.Errorf("%T: changing %s leaves the key as it was", p, path)
			}
			undo()
			if state.KeyOf(p) != base {
				t.Fatalf("%T: %s could not be put back", p, path)
			}
			n++
		}, func(path string) { left = append(left, path) })
		if n < 1 {
			t.Errorf("%T: no field", p)
		}
	}
	slices.Sort(left)
	left = slices.Compact(left)
	want := slices.Clone(derived)
	slices.Sort(want)
	if !slices.Equal(left, want) {
		t.Errorf("fields left out of keys: %q, want %q", left, want)
	}
}

// fill sets every field of v, through pointers and slices of one element,
// to a value other than its zero value.
func fill(v reflect.Value, depth int) {
	if depth > 6 {
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d", depth))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(depth + 1))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(depth + 1))
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), depth+1)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fill(v.Index(0), depth+1)
	case reflect.Array:
		for i := 0; i < v.Len(); i++ {
			fill(v.Index(i), depth+1)
		}
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fill(k, depth+1)
		fill(e, depth+1)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), depth+1)
			}
		}
	}
}

// eachLeaf calls leaf with each value of v that can change (a string, a
// number, a slice's length, a pointer's being set) and a function that
// changes it and returns what puts it back; and skipped with the fields
// tagged `key:"-"`, as TYPE.FIELD.
func eachLeaf(v reflect.Value, path string, leaf func(path string, change func() func()), skipped func(string)) {
	switch v.Kind() {
	case reflect.String:
		leaf(path, func() func() { old := v.String(); v.SetString(old + "!"); return func() { v.SetString(old) } })
	case reflect.Bool:
		leaf(path, func() func() { old := v.Bool(); v.SetBool(!old); return func() { v.SetBool(old) } })
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		leaf(path, func() func() { old := v.Int(); v.SetInt(old + 1); return func() { v.SetInt(old) } })
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		leaf(path, func() func() { old := v.Uint(); v.SetUint(old + 1); return func() { v.SetUint(old) } })
	case reflect.Pointer:
		leaf(path+" (set)", func() func() {
			old := v.Interface()
			v.Set(reflect.Zero(v.Type()))
			return func() { v.Set(reflect.ValueOf(old)) }
		})
		if !v.IsNil() {
			eachLeaf(v.Elem(), path, leaf, skipped)
		}
	case reflect.Slice:
		leaf(path+" (length)", func() func() {
			old := v.Interface()
			v.Set(reflect.Append(v, reflect.Zero(v.Type().Elem())))
			return func() { v.Set(reflect.ValueOf(old)) }
		})
		for i := 0; i < v.Len(); i++ {
			eachLeaf(v.Index(i), fmt.Sprintf("%s[%d]", path, i), leaf, skipped)
		}
	case reflect.Array:
		for i := 0; i < v.Len(); i++ {
			eachLeaf(v.Index(i), fmt.Sprintf("%s[%d]", path, i), leaf, skipped)
		}
	case reflect.Map:
		leaf(path+" (entries)", func() func() {
			k := reflect.New(v.Type().Key()).Elem()
			fill(k, 9)
			v.SetMapIndex(k, reflect.New(v.Type().Elem()).Elem())
			return func() { v.SetMapIndex(k, reflect.Value{}) }
		})
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			if f.Tag.Get("key") == "-" {
				skipped(t.Name() + "." + f.Name)
				continue
			}
			name := f.Name
			if f.Anonymous {
				name = f.Type.Name()
			}
			eachLeaf(v.Field(i), path+"."+name, leaf, skipped)
		}
	}
}
