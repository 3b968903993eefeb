package state

import (
	"testing"
)

type part struct {
	Name string
	N    int
}

type whole struct {
	Title string
	Parts []part `key:"each"`
	Tail  []string
}

// TestKeyOfWith checks that the key of a value with a field tagged each
// can be had from its elements' keys, without them, and that the elements
// are in the key.
func TestKeyOfWith(t *testing.T) {
	parts := []part{{"a", 1}, {"b", 2}, {"", 0}}
	full := &whole{Title: "t", Parts: parts, Tail: []string{"x"}}
	var keys []Key
	for i := range parts {
		keys = append(keys, KeyOf(&parts[i]))
	}
	without := &whole{Title: "t", Tail: []string{"x"}}
	if got, want := KeyOfWith(without, keys), KeyOf(full); got != want {
		t.Errorf("KeyOfWith = %x, KeyOf = %x", got, want)
	}
	if KeyOfWith(without, keys[:2]) == KeyOf(full) {
		t.Error("one part fewer, the same key")
	}
	changed := &whole{Title: "t", Parts: []part{{"a", 1}, {"b", 3}, {"", 0}}, Tail: []string{"x"}}
	if KeyOf(changed) == KeyOf(full) {
		t.Error("a part changed, the same key")
	}
	if KeyOf(&whole{Title: "t", Tail: []string{"x"}}) == KeyOf(&whole{Title: "t", Parts: []part{{}}, Tail: []string{"x"}}) {
		t.Error("an empty part added, the same key")
	}
}

// TestKeyOfWithMisuse checks that KeyOfWith refuses a value whose field
// tagged each is not empty, and a type without one.
func TestKeyOfWithMisuse(t *testing.T) {
	for name, v := range map[string]any{
		"elements in the field": &whole{Parts: []part{{}}},
		"no field tagged each":  &part{},
		"not a pointer":         whole{},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			KeyOfWith(v, nil)
		}()
	}
}
