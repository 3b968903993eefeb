package render

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/template/parse"
	"unsafe"
)

// A fragment is a template of templates/ that pages repeat many times: a
// row of a list of cables, a paragraph of a cable's text, a link in it.
// html/template spends about a microsecond on each action it executes; a
// list page has fifty rows of a dozen values each, and a cable dozens of
// paragraphs and links. So a fragment is executed by html/template once,
// on empty values, which makes html/template decide how each of its values
// is to be escaped and write that down in the template's tree; the
// fragment is then filled from that tree: its text as html/template wrote
// it, and each value through the same escapers as html/template's own (see
// escape.go; FuzzFragment checks that the two give the same bytes).
//
// A fragment holds text and these actions only, on fields of the value it
// is given (.Field or .Field.Field):
//
//	{{.Field}}                          a string, an int, or template.HTML in text
//	{{commas .Field}}                   a helper of one value (see funcs) of a field
//	{{if .Field}}…{{else}}…{{end}}      a field that is set (not "", 0, false, nil or empty)
//	{{fragment "name" .Field}}          another fragment, of a field (a struct)
//	{{fragments "name" .Field}}         another fragment, of each element of a slice
//
// where .Field may be "." in a call, the value itself.
//
// Pages call fragments with the same two helpers (see funcs).
type fragment struct {
	name  string
	nodes []fnode
	mu    sync.Mutex
	plans map[reflect.Type][]step // by the type of the value filled
}

// fnode is a node of a fragment's escaped tree.
type fnode struct {
	text  string   // literal text, when field is nil
	field []string // the field named by an action or a condition
	esc   []escaper
	then  []fnode // a condition's nodes when the field is set
	els   []fnode // and when it is not
	cond  bool
	call  string // the fragment a call fills
	each  bool   // fragments (of each element) rather than fragment
	fn    string // the helper of funcs an action calls on the field, if any
	dot   bool   // the field is the value itself (".")
}

// fragmentSet holds the fragments of a template set, compiled once each.
type fragmentSet struct {
	t     *template.Template
	mu    sync.Mutex
	frags map[string]*fragment
}

// get returns the fragment named name, compiling it on first use.
func (s *fragmentSet) get(name string) (*fragment, error) {
	s.mu.Lock()
	f, ok := s.frags[name]
	s.mu.Unlock()
	if ok {
		return f, nil
	}
	t := s.t.Lookup(name)
	if t == nil {
		return nil, fmt.Errorf("render: no template %q for a fragment", name)
	}
	// Executing it makes html/template escape its tree; the values are
	// not needed for that, and executing without them may fail after.
	// (The lock is not held: the execution may call other fragments.)
	var escErr *template.Error
	if err := t.Execute(io.Discard, nil); errors.As(err, &escErr) {
		return nil, fmt.Errorf("render: fragment %q: %w", name, err)
	}
	nodes, err := compileNodes(name, t.Tree.Root.Nodes)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if f, ok := s.frags[name]; ok {
		return f, nil
	}
	f = &fragment{name: name, nodes: nodes, plans: map[reflect.Type][]step{}}
	s.frags[name] = f
	return f, nil
}

// compileNodes turns the escaped tree of a fragment into fnodes.
func compileNodes(name string, nodes []parse.Node) ([]fnode, error) {
	var out []fnode
	bad := func(n parse.Node) error {
		return fmt.Errorf("render: template %q cannot be a fragment: %s is not one of {{.Field}}, {{if .Field}}, {{fragment \"name\" .Field}}, {{fragments \"name\" .Field}}", name, n)
	}
	for _, n := range nodes {
		switch n := n.(type) {
		case *parse.TextNode:
			out = append(out, fnode{text: string(n.Text)})
		case *parse.ActionNode:
			if len(n.Pipe.Decl) > 0 || len(n.Pipe.Cmds) == 0 {
				return nil, bad(n)
			}
			first := n.Pipe.Cmds[0].Args
			var fn fnode
			switch {
			case len(first) == 1 && isField(first[0]):
				fn.field = first[0].(*parse.FieldNode).Ident
			case len(first) == 2 && isIdent(first[0], helpers...) && isField(first[1]):
				fn.fn = first[0].(*parse.IdentifierNode).Ident
				fn.field = first[1].(*parse.FieldNode).Ident
			case len(first) == 3 && isIdent(first[0], "fragment", "fragments") && isString(first[1]) && (isField(first[2]) || isDot(first[2])):
				fn.call = first[1].(*parse.StringNode).Text
				fn.each = first[0].(*parse.IdentifierNode).Ident == "fragments"
				if f, ok := first[2].(*parse.FieldNode); ok {
					fn.field = f.Ident
				} else {
					fn.dot = true
				}
			default:
				return nil, bad(n)
			}
			for _, c := range n.Pipe.Cmds[1:] {
				if len(c.Args) != 1 {
					return nil, bad(n)
				}
				id, ok := c.Args[0].(*parse.IdentifierNode)
				if !ok {
					return nil, bad(n)
				}
				e, ok := escapers[id.Ident]
				if !ok {
					return nil, fmt.Errorf("render: template %q cannot be a fragment: %s escapes with %s, which a fragment does not know (a value in a script, a style or an unquoted attribute)", name, n, id.Ident)
				}
				fn.esc = append(fn.esc, e)
			}
			if fn.call != "" && (len(fn.esc) != 1 || fn.esc[0].name != "htmlescaper") {
				return nil, fmt.Errorf("render: template %q: %s: a fragment is called in text only", name, n)
			}
			out = append(out, fn)
		case *parse.IfNode:
			if len(n.Pipe.Decl) > 0 || len(n.Pipe.Cmds) != 1 || len(n.Pipe.Cmds[0].Args) != 1 || !isField(n.Pipe.Cmds[0].Args[0]) {
				return nil, bad(n)
			}
			fn := fnode{cond: true, field: n.Pipe.Cmds[0].Args[0].(*parse.FieldNode).Ident}
			var err error
			if fn.then, err = compileNodes(name, n.List.Nodes); err != nil {
				return nil, err
			}
			if n.ElseList != nil {
				if fn.els, err = compileNodes(name, n.ElseList.Nodes); err != nil {
					return nil, err
				}
			}
			out = append(out, fn)
		default:
			return nil, bad(n)
		}
	}
	return out, nil
}

// helpers are the helpers of funcs that a fragment may call on a field:
// those of one argument that return a string.
var helpers = func() []string {
	var names []string
	for name, f := range funcs {
		t := reflect.TypeOf(f)
		if t.NumIn() == 1 && t.NumOut() == 1 && t.Out(0).Kind() == reflect.String {
			names = append(names, name)
		}
	}
	return names
}()

func isField(n parse.Node) bool { _, ok := n.(*parse.FieldNode); return ok }

func isDot(n parse.Node) bool { _, ok := n.(*parse.DotNode); return ok }

func isString(n parse.Node) bool { _, ok := n.(*parse.StringNode); return ok }

func isIdent(n parse.Node, names ...string) bool {
	id, ok := n.(*parse.IdentifierNode)
	if !ok {
		return false
	}
	for _, name := range names {
		if id.Ident == name {
			return true
		}
	}
	return false
}

// step is a node of a fragment laid out for values of one type: where its
// field is in such a value, and what it is.
type step struct {
	fnode
	ops      []op         // from the value's address to the field's
	typ      reflect.Type // the field's
	kind     reflect.Kind
	html     bool          // the field is template.HTML
	helper   reflect.Value // of fn
	then     []step
	els      []step
	callee   *fragment               // the fragment a call fills
	calleeT  reflect.Type            // the struct it fills it with
	target   *atomic.Pointer[[]step] // callee laid out for calleeT, once it is
	elemSize uintptr                 // of a slice's elements, for fragments
	derefs   int                     // pointers to follow from the field (or an element) to the value a call fills
}

// op is a move from an address to another: to the field at an offset, or
// through the pointer at the address.
type op struct {
	off   uintptr
	deref bool
}

var htmlType = reflect.TypeFor[template.HTML]()

// plan lays the fragment out for values of type t.
func (f *fragment) plan(s *fragmentSet, t reflect.Type) ([]step, error) {
	f.mu.Lock()
	p, ok := f.plans[t]
	f.mu.Unlock()
	if ok {
		return p, nil
	}
	p, err := planNodes(s, f.name, f.nodes, t)
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	f.plans[t] = p
	f.mu.Unlock()
	return p, nil
}

// fieldPath returns the ops that lead from a value of type t to its field
// named by the chain of idents, and the field's type.
func fieldPath(name string, t reflect.Type, idents []string) ([]op, reflect.Type, error) {
	var ops []op
	ft := t
	for _, id := range idents {
		for ft.Kind() == reflect.Pointer {
			ops = append(ops, op{deref: true})
			ft = ft.Elem()
		}
		if ft.Kind() != reflect.Struct {
			return nil, nil, fmt.Errorf("render: fragment %q: .%s of a %s", name, strings.Join(idents, "."), t)
		}
		sf, ok := ft.FieldByName(id)
		if !ok || !sf.IsExported() {
			return nil, nil, fmt.Errorf("render: fragment %q: a %s has no field %s", name, t, id)
		}
		for k, idx := range sf.Index {
			if k > 0 && ft.Kind() == reflect.Pointer {
				ops = append(ops, op{deref: true})
				ft = ft.Elem()
			}
			f := ft.Field(idx)
			ops = append(ops, op{off: f.Offset})
			ft = f.Type
		}
	}
	return ops, ft, nil
}

// callee returns the type that a fragment called on a value of type t
// fills (t without its pointers), and how many pointers lead there.
func callee(t reflect.Type) (reflect.Type, int) {
	n := 0
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
		n++
	}
	return t, n
}

func planNodes(s *fragmentSet, name string, nodes []fnode, t reflect.Type) ([]step, error) {
	out := make([]step, len(nodes))
	for i, n := range nodes {
		st := step{fnode: n}
		if n.field == nil && !n.dot {
			out[i] = st
			continue
		}
		var err error
		if st.ops, st.typ, err = fieldPath(name, t, n.field); err != nil {
			return nil, err
		}
		st.kind, st.html = st.typ.Kind(), st.typ == htmlType
		field := "." + strings.Join(n.field, ".")
		switch {
		case n.cond:
			if st.then, err = planNodes(s, name, n.then, t); err != nil {
				return nil, err
			}
			if st.els, err = planNodes(s, name, n.els, t); err != nil {
				return nil, err
			}
		case n.fn != "":
			st.helper = reflect.ValueOf(funcs[n.fn])
			if in := st.helper.Type().In(0); !st.typ.AssignableTo(in) {
				return nil, fmt.Errorf("render: fragment %q: %s of %s, a %s", name, n.fn, field, st.typ)
			}
		case n.call != "":
			target, err := s.get(n.call)
			if err != nil {
				return nil, err
			}
			vt := st.typ
			if n.each {
				if st.kind != reflect.Slice {
					return nil, fmt.Errorf("render: fragment %q: fragments %q of %s, which is not a slice", name, n.call, field)
				}
				vt = st.typ.Elem()
				st.elemSize = vt.Size()
			}
			ct, derefs := callee(vt)
			// The callee is laid out when first filled: it may call
			// this fragment.
			st.derefs, st.callee, st.calleeT, st.target = derefs, target, ct, new(atomic.Pointer[[]step])
		default:
			switch st.kind {
			case reflect.String, reflect.Int, reflect.Int32, reflect.Int64:
			default:
				return nil, fmt.Errorf("render: fragment %q: %s is a %s: a fragment writes strings and ints", name, field, st.typ)
			}
			if st.html && (len(n.esc) != 1 || n.esc[0].name != "htmlescaper") {
				return nil, fmt.Errorf("render: fragment %q: %s is HTML, written where only text may be", name, field)
			}
		}
		out[i] = st
	}
	return out, nil
}

// fill writes the fragment for value v into b.
func (f *fragment) fill(s *fragmentSet, b []byte, v reflect.Value) ([]byte, error) {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return b, nil
		}
		v = v.Elem()
	}
	p, err := f.plan(s, v.Type())
	if err != nil {
		return b, err
	}
	if !v.CanAddr() {
		c := reflect.New(v.Type()).Elem()
		c.Set(v)
		v = c
	}
	return fillSteps(s, b, p, v.Addr().UnsafePointer())
}

// address follows ops from the address p; it reports false at a nil
// pointer.
func address(p unsafe.Pointer, ops []op) (unsafe.Pointer, bool) {
	for _, o := range ops {
		if o.deref {
			p = *(*unsafe.Pointer)(p)
			if p == nil {
				return nil, false
			}
			continue
		}
		p = unsafe.Add(p, o.off)
	}
	return p, true
}

// follow follows n pointers from the address of a pointer.
func follow(p unsafe.Pointer, n int) unsafe.Pointer {
	for ; n > 0 && p != nil; n-- {
		p = *(*unsafe.Pointer)(p)
	}
	return p
}

// isSet reports whether the field of kind k at p is set: not "", 0,
// false, nil or empty.
func isSet(p unsafe.Pointer, st *step) bool {
	switch st.kind {
	case reflect.String:
		return *(*string)(p) != ""
	case reflect.Bool:
		return *(*bool)(p)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return readInt(p, st.typ.Size()) != 0
	case reflect.Pointer, reflect.Map:
		return *(*unsafe.Pointer)(p) != nil
	case reflect.Slice:
		return (*sliceHeader)(p).len != 0
	}
	return !reflect.NewAt(st.typ, p).Elem().IsZero()
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

func fillSteps(s *fragmentSet, b []byte, steps []step, p unsafe.Pointer) ([]byte, error) {
	for i := range steps {
		st := &steps[i]
		if st.ops == nil && !st.dot {
			b = append(b, st.text...)
			continue
		}
		fp, ok := address(p, st.ops)
		var err error
		switch {
		case st.cond:
			next := st.els
			if ok && isSet(fp, st) {
				next = st.then
			}
			if b, err = fillSteps(s, b, next, p); err != nil {
				return b, err
			}
		case st.call != "":
			if !ok {
				continue
			}
			var target []step
			if t := st.target.Load(); t != nil {
				target = *t
			} else {
				if target, err = st.callee.plan(s, st.calleeT); err != nil {
					return b, err
				}
				st.target.Store(&target)
			}
			if !st.each {
				if q := follow(fp, st.derefs); q != nil {
					if b, err = fillSteps(s, b, target, q); err != nil {
						return b, err
					}
				}
				continue
			}
			h := (*sliceHeader)(fp)
			for j := 0; j < h.len; j++ {
				q := follow(unsafe.Add(h.data, uintptr(j)*st.elemSize), st.derefs)
				if q == nil {
					continue
				}
				if b, err = fillSteps(s, b, target, q); err != nil {
					return b, err
				}
			}
		default:
			var text string
			switch {
			case !ok:
			case st.fn != "":
				text = st.helper.Call([]reflect.Value{reflect.NewAt(st.typ, fp).Elem()})[0].String()
			case st.kind == reflect.String:
				text = *(*string)(fp)
			default:
				text = strconv.FormatInt(readInt(fp, st.typ.Size()), 10)
			}
			if st.html {
				b = append(b, text...) // HTML in text passes as it is
				continue
			}
			for _, e := range st.esc[:len(st.esc)-1] {
				text = e.fn(text)
			}
			b = st.esc[len(st.esc)-1].to(b, text)
		}
	}
	return b, nil
}
