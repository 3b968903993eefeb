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
	"text/template/parse"
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
//	{{fragment "name" .Field}}          another fragment, of a field
//	{{fragments "name" .Field}}         another fragment, of each element of a slice
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
			case len(first) == 3 && isIdent(first[0], "fragment", "fragments") && isString(first[1]) && isField(first[2]):
				fn.call = first[1].(*parse.StringNode).Text
				fn.each = first[0].(*parse.IdentifierNode).Ident == "fragments"
				fn.field = first[2].(*parse.FieldNode).Ident
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

// step is a node of a fragment laid out for values of one type: the
// fields found by index.
type step struct {
	fnode
	index      [][]int // the field, by index, one path a struct through pointers
	kind       reflect.Kind
	helper     reflect.Value // of fn
	html       bool          // the field is template.HTML
	then, els  []step
	callTarget *fragment
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

func planNodes(s *fragmentSet, name string, nodes []fnode, t reflect.Type) ([]step, error) {
	out := make([]step, len(nodes))
	for i, n := range nodes {
		st := step{fnode: n}
		out[i] = st
		if n.field == nil {
			continue
		}
		ft := t
		for _, id := range n.field {
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() != reflect.Struct {
				return nil, fmt.Errorf("render: fragment %q: .%s of a %s", name, strings.Join(n.field, "."), t)
			}
			sf, ok := ft.FieldByName(id)
			if !ok || !sf.IsExported() {
				return nil, fmt.Errorf("render: fragment %q: a %s has no field %s", name, t, id)
			}
			st.index = append(st.index, sf.Index)
			ft = sf.Type
		}
		st.kind, st.html = ft.Kind(), ft == htmlType
		var err error
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
			if in := st.helper.Type().In(0); !ft.AssignableTo(in) {
				return nil, fmt.Errorf("render: fragment %q: %s of .%s, a %s", name, n.fn, strings.Join(n.field, "."), ft)
			}
		case n.call != "":
			if st.callTarget, err = s.get(n.call); err != nil {
				return nil, err
			}
			if n.each && st.kind != reflect.Slice {
				return nil, fmt.Errorf("render: fragment %q: fragments %q of .%s, which is not a slice", name, n.call, strings.Join(n.field, "."))
			}
		default:
			switch st.kind {
			case reflect.String, reflect.Int, reflect.Int32, reflect.Int64:
			default:
				return nil, fmt.Errorf("render: fragment %q: .%s is a %s: a fragment writes strings and ints", name, strings.Join(n.field, "."), ft)
			}
			if st.html && (len(n.esc) != 1 || n.esc[0].name != "htmlescaper") {
				return nil, fmt.Errorf("render: fragment %q: .%s is HTML, written where only text may be", name, strings.Join(n.field, "."))
			}
		}
		out[i] = st
	}
	return out, nil
}

// fill writes the fragment for value v into b.
func (f *fragment) fill(s *fragmentSet, b *strings.Builder, v reflect.Value) error {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	p, err := f.plan(s, v.Type())
	if err != nil {
		return err
	}
	return fillSteps(s, b, p, v)
}

func fillSteps(s *fragmentSet, b *strings.Builder, steps []step, v reflect.Value) error {
	for i := range steps {
		st := &steps[i]
		if st.index == nil {
			b.WriteString(st.text)
			continue
		}
		fv, ok := fieldOf(v, st.index)
		switch {
		case st.cond:
			next := st.els
			if ok && !fv.IsZero() && !(fv.Kind() == reflect.Slice && fv.Len() == 0) {
				next = st.then
			}
			if err := fillSteps(s, b, next, v); err != nil {
				return err
			}
		case st.call != "":
			if !ok {
				continue
			}
			if !st.each {
				if err := st.callTarget.fill(s, b, fv); err != nil {
					return err
				}
				continue
			}
			for j := 0; j < fv.Len(); j++ {
				if err := st.callTarget.fill(s, b, fv.Index(j)); err != nil {
					return err
				}
			}
		default:
			var text string
			switch {
			case ok && st.fn != "":
				text = st.helper.Call([]reflect.Value{fv})[0].String()
			case ok:
				if st.kind == reflect.String {
					text = fv.String()
				} else {
					text = strconv.FormatInt(fv.Int(), 10)
				}
			}
			if st.html {
				b.WriteString(text) // HTML in text passes as it is
				continue
			}
			for _, e := range st.esc[:len(st.esc)-1] {
				text = e.fn(text)
			}
			st.esc[len(st.esc)-1].to(b, text)
		}
	}
	return nil
}

// fieldOf follows a path of field indexes from v, through pointers; it
// reports false at a nil pointer.
func fieldOf(v reflect.Value, path [][]int) (reflect.Value, bool) {
	for _, idx := range path {
		for v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		v = v.FieldByIndex(idx)
	}
	return v, true
}
