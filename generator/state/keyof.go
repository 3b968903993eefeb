package state

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"math"
	"reflect"
	"slices"
	"sync"
	"unsafe"
)

// KeyOf returns the key of a value of the page data that templates
// receive: a hash of every field of it, through pointers, slices, arrays
// and maps, but for the struct fields tagged `key:"-"` (what a page
// derives from another field, such as a cable's text from the key of its
// record). Two values whose fields are all equal have the same key; a
// value of which any field differs has another, but for a chance of one in
// 2^64.
//
// A slice field tagged `key:"each"` is written as the keys of its
// elements, each the KeyOf of the element: so that the key of a page of
// many parts, each shown on many pages, can be had from the parts' keys
// without the parts (KeyOfWith).
//
// v is a pointer to a struct, or a struct. Values of kinds that cannot be
// compared this way (functions, channels, interfaces) make KeyOf panic: page
// data is plain data.
func KeyOf(v any) Key {
	rv := reflect.ValueOf(v)
	bp := keyBufs.Get().(*[]byte)
	buf := (*bp)[:0]
	var p unsafe.Pointer
	t := rv.Type()
	if t.Kind() == reflect.Pointer {
		if rv.IsNil() {
			buf = append(buf, 0)
		} else {
			p, t = rv.UnsafePointer(), t.Elem()
		}
	} else {
		// A value: copy it where it can be addressed.
		c := reflect.New(t)
		c.Elem().Set(rv)
		p = c.UnsafePointer()
	}
	if p != nil {
		buf = keyEncoderOf(t)(buf, p)
	}
	k := contentKey(buf)
	*bp = buf
	keyBufs.Put(bp)
	return k
}

// contentKey is the key of encoded bytes: two CRC-32s (Castagnoli and IEEE)
// and the length, as RecordKey.
func contentKey(b []byte) Key {
	var k Key
	binary.LittleEndian.PutUint32(k[0:], crc32.Checksum(b, castagnoli))
	binary.LittleEndian.PutUint32(k[4:], crc32.ChecksumIEEE(b))
	binary.LittleEndian.PutUint64(k[8:], uint64(len(b)))
	return k
}

var keyBufs = sync.Pool{New: func() any { return new([]byte) }}

// keyEncoder appends the encoding of the value at p to b. Each value is
// written so that no two different values of a type encode alike:
// strings and slices with their lengths, pointers with whether they are
// nil.
type keyEncoder func(b []byte, p unsafe.Pointer) []byte

var (
	keyEncoders sync.Map   // reflect.Type -> keyEncoder, made
	keyMaking   sync.Mutex // held while encoders are made
	making      = map[reflect.Type]*keyEncoder{}
)

// keyEncoderOf returns the encoder of type t, made once.
func keyEncoderOf(t reflect.Type) keyEncoder {
	if e, ok := keyEncoders.Load(t); ok {
		return e.(keyEncoder)
	}
	keyMaking.Lock()
	defer keyMaking.Unlock()
	return encoderLocked(t)
}

// encoderLocked makes the encoder of t, with keyMaking held. A type that
// refers to itself finds its own encoder, while it is made, through a
// pointer to it.
func encoderLocked(t reflect.Type) keyEncoder {
	if e, ok := keyEncoders.Load(t); ok {
		return e.(keyEncoder)
	}
	if p, ok := making[t]; ok {
		return func(b []byte, q unsafe.Pointer) []byte { return (*p)(b, q) }
	}
	p := new(keyEncoder)
	making[t] = p
	*p = makeKeyEncoder(t)
	delete(making, t)
	keyEncoders.Store(t, *p)
	return *p
}

func makeKeyEncoder(t reflect.Type) keyEncoder {
	switch t.Kind() {
	case reflect.String:
		return func(b []byte, p unsafe.Pointer) []byte {
			s := *(*string)(p)
			return append(binary.AppendUvarint(b, uint64(len(s))), s...)
		}
	case reflect.Bool:
		return func(b []byte, p unsafe.Pointer) []byte { return append(b, *(*byte)(p)) }
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		size := t.Size()
		return func(b []byte, p unsafe.Pointer) []byte { return binary.AppendVarint(b, readInt(p, size)) }
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		size := t.Size()
		return func(b []byte, p unsafe.Pointer) []byte { return binary.AppendUvarint(b, uint64(readInt(p, size))) }
	case reflect.Float32:
		return func(b []byte, p unsafe.Pointer) []byte {
			return binary.LittleEndian.AppendUint32(b, math.Float32bits(*(*float32)(p)))
		}
	case reflect.Float64:
		return func(b []byte, p unsafe.Pointer) []byte {
			return binary.LittleEndian.AppendUint64(b, math.Float64bits(*(*float64)(p)))
		}
	case reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			n := t.Len()
			return func(b []byte, p unsafe.Pointer) []byte { return append(b, unsafe.Slice((*byte)(p), n)...) }
		}
		elem, size, n := encoderLocked(t.Elem()), t.Elem().Size(), t.Len()
		return func(b []byte, p unsafe.Pointer) []byte {
			for i := 0; i < n; i++ {
				b = elem(b, unsafe.Add(p, uintptr(i)*size))
			}
			return b
		}
	case reflect.Slice:
		elem, size := encoderLocked(t.Elem()), t.Elem().Size()
		return func(b []byte, p unsafe.Pointer) []byte {
			h := (*sliceHeader)(p)
			b = binary.AppendUvarint(b, uint64(h.len))
			for i := 0; i < h.len; i++ {
				b = elem(b, unsafe.Add(h.data, uintptr(i)*size))
			}
			return b
		}
	case reflect.Pointer:
		elem := encoderLocked(t.Elem())
		return func(b []byte, p unsafe.Pointer) []byte {
			q := *(*unsafe.Pointer)(p)
			if q == nil {
				return append(b, 0)
			}
			return elem(append(b, 1), q)
		}
	case reflect.Map:
		return mapKeyEncoder(t)
	case reflect.Struct:
		return structKeyEncoder(t)
	}
	panic(fmt.Sprintf("state: KeyOf: a %s (%s) has no key: page data holds plain values", t, t.Kind()))
}

type sliceHeader struct {
	data     unsafe.Pointer
	len, cap int
}

func readInt(p unsafe.Pointer, size uintptr) int64 {
	switch size {
	case 1:
		return int64(*(*int8)(p))
	case 2:
		return int64(*(*int16)(p))
	case 4:
		return int64(*(*int32)(p))
	}
	return *(*int64)(p)
}

// structKeyEncoder encodes the fields of a struct in order, but for those
// tagged `key:"-"`.
func structKeyEncoder(t reflect.Type) keyEncoder {
	fields := keyFields(t)
	return func(b []byte, p unsafe.Pointer) []byte {
		for _, f := range fields {
			b = f.enc(b, unsafe.Add(p, f.off))
		}
		return b
	}
}

var fieldLists sync.Map // reflect.Type -> []keyField, for KeyOfWith

// fieldsOf returns keyFields(t), made once.
func fieldsOf(t reflect.Type) []keyField {
	if f, ok := fieldLists.Load(t); ok {
		return f.([]keyField)
	}
	keyEncoderOf(t) // makes the encoders of the fields' types
	keyMaking.Lock()
	f := keyFields(t)
	keyMaking.Unlock()
	fieldLists.Store(t, f)
	return f
}

// keyField is a field of a struct that is in its key.
type keyField struct {
	off  uintptr
	enc  keyEncoder
	each bool // tagged `key:"each"`
}

// keyFields lists the fields of struct t that are in its key, with their
// encoders.
func keyFields(t reflect.Type) []keyField {
	var fields []keyField
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("key")
		if tag == "-" || f.Type.Size() == 0 {
			continue
		}
		if tag == "each" {
			if f.Type.Kind() != reflect.Slice {
				panic(fmt.Sprintf("state: KeyOf: %s.%s is tagged each but is a %s, not a slice", t, f.Name, f.Type.Kind()))
			}
			fields = append(fields, keyField{f.Offset, eachKeyEncoder(f.Type), true})
			continue
		}
		fields = append(fields, keyField{f.Offset, encoderLocked(f.Type), false})
	}
	return fields
}

// eachKeyEncoder encodes a slice as its length and the key of each
// element.
func eachKeyEncoder(t reflect.Type) keyEncoder {
	elem, size := encoderLocked(t.Elem()), t.Elem().Size()
	return func(b []byte, p unsafe.Pointer) []byte {
		h := (*sliceHeader)(p)
		b = binary.AppendUvarint(b, uint64(h.len))
		bp := keyBufs.Get().(*[]byte)
		for i := 0; i < h.len; i++ {
			*bp = elem((*bp)[:0], unsafe.Add(h.data, uintptr(i)*size))
			k := contentKey(*bp)
			b = append(b, k[:]...)
		}
		keyBufs.Put(bp)
		return b
	}
}

// KeyOfWith returns the key that KeyOf would return for *v if its one
// field tagged `key:"each"`, which is empty in *v, held elements of the
// given keys (each element's KeyOf). v is a pointer to a struct.
func KeyOfWith(v any, keys []Key) Key {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		panic(fmt.Sprintf("state: KeyOfWith: %T is not a pointer to a struct", v))
	}
	t := rv.Type().Elem()
	fields := fieldsOf(t)
	p := rv.UnsafePointer()
	bp := keyBufs.Get().(*[]byte)
	buf, each := (*bp)[:0], 0
	for _, f := range fields {
		if !f.each {
			buf = f.enc(buf, unsafe.Add(p, f.off))
			continue
		}
		if each++; (*sliceHeader)(unsafe.Add(p, f.off)).len != 0 {
			panic(fmt.Sprintf("state: KeyOfWith: the field of %s tagged each is not empty", t))
		}
		buf = binary.AppendUvarint(buf, uint64(len(keys)))
		for _, k := range keys {
			buf = append(buf, k[:]...)
		}
	}
	if each != 1 {
		panic(fmt.Sprintf("state: KeyOfWith: %s has %d fields tagged each, not one", t, each))
	}
	k := contentKey(buf)
	*bp = buf
	keyBufs.Put(bp)
	return k
}

// mapKeyEncoder encodes a map's entries in the order of their keys' encodings.
func mapKeyEncoder(t reflect.Type) keyEncoder {
	key, elem := encoderLocked(t.Key()), encoderLocked(t.Elem())
	return func(b []byte, p unsafe.Pointer) []byte {
		m := reflect.NewAt(t, p).Elem()
		type entry struct{ k, v []byte }
		entries := make([]entry, 0, m.Len())
		it := m.MapRange()
		for it.Next() {
			kv, vv := reflect.New(t.Key()), reflect.New(t.Elem())
			kv.Elem().Set(it.Key())
			vv.Elem().Set(it.Value())
			entries = append(entries, entry{key(nil, kv.UnsafePointer()), elem(nil, vv.UnsafePointer())})
		}
		slices.SortFunc(entries, func(x, y entry) int { return compareBytes(x.k, y.k) })
		b = binary.AppendUvarint(b, uint64(len(entries)))
		for _, e := range entries {
			b = append(append(b, e.k...), e.v...)
		}
		return b
	}
}

func compareBytes(a, b []byte) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return int(a[i]) - int(b[i])
		}
	}
	return len(a) - len(b)
}
