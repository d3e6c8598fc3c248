package okta

import (
	"strings"
	"time"
)

// A wire table says where each field of one of our types lives in an Okta object's JSON.
// Decoding a response, building a create body and overlaying our fields on an object read
// for a full replace all go through the same table, so a field is encoded in exactly one
// place: adding one is one row.
type wireField[T any] struct {
	path []string // in the object, e.g. protocol.endpoints.token.url
	// put returns the value to write and whether to write it, given what the object holds
	// there now (nil in a create body). Not writing leaves the member as it is: absent from a
	// create body, as stored in a replace. nil: read only.
	put func(v *T, stored any) (any, bool)
	// take stores the value found at path (nil when absent). nil: write only.
	take func(v *T, raw any)
	// drop, when put declines, removes the member at dropPath instead of leaving it (an
	// endpoint that must go away, not just stay as stored).
	dropPath []string
}

func wirePath(dotted string) []string { return strings.Split(dotted, ".") }

// encodeWire writes the fields of v into raw: an empty map for a create, the object as read
// for a replace (whose other members go back to Okta untouched).
func encodeWire[T any](raw map[string]any, v *T, fields []wireField[T]) map[string]any {
	for _, f := range fields {
		if f.put == nil {
			continue
		}
		val, ok := f.put(v, valueAt(raw, f.path))
		switch {
		case ok:
			setAt(raw, f.path, val)
		case f.dropPath != nil:
			deleteAt(raw, f.dropPath)
		}
	}
	return raw
}

// decodeWire fills a T from the object raw.
func decodeWire[T any](raw map[string]any, fields []wireField[T]) *T {
	v := new(T)
	for _, f := range fields {
		if f.take != nil {
			f.take(v, valueAt(raw, f.path))
		}
	}
	return v
}

// parent returns the object that holds the last key of path, nil when a step on the way is
// missing or not an object; with create, missing steps are made.
func parent(m map[string]any, path []string, create bool) map[string]any {
	for _, k := range path[:len(path)-1] {
		next, ok := m[k].(map[string]any)
		switch {
		case ok:
		case create:
			next = child(m, k)
		default:
			return nil
		}
		m = next
	}
	return m
}

func valueAt(m map[string]any, path []string) any {
	return parent(m, path, false)[path[len(path)-1]] // a nil map reads as empty
}

func setAt(m map[string]any, path []string, val any) {
	parent(m, path, true)[path[len(path)-1]] = val
}

func deleteAt(m map[string]any, path []string) {
	delete(parent(m, path, false), path[len(path)-1]) // a no-op on a nil map
}

// Field kinds. Each binds a path to a field of T through an accessor returning its address.

// readOnly is a string Okta sets (id, status, links): read, never written.
func readOnly[T any](path string, field func(*T) *string) wireField[T] {
	return wireField[T]{path: wirePath(path), take: func(v *T, raw any) { *field(v) = asString(raw) }}
}

// optional is a string written when set: an empty one is left out of a create and left as
// stored by a replace.
func optional[T any](path string, field func(*T) *string) wireField[T] {
	f := readOnly(path, field)
	f.put = func(v *T, _ any) (any, bool) { s := *field(v); return s, s != "" }
	return f
}

// reads is a value of any kind that is read, never written.
func reads[T any, V any](path string, field func(*T) *V, take func(raw any) V) wireField[T] {
	return wireField[T]{path: wirePath(path), take: func(v *T, raw any) { *field(v) = take(raw) }}
}

// always is a value written as it is, zero included.
func always[T any, V any](path string, field func(*T) *V, take func(raw any) V) wireField[T] {
	return wireField[T]{
		path: wirePath(path),
		put:  func(v *T, _ any) (any, bool) { return *field(v), true },
		take: func(v *T, raw any) { *field(v) = take(raw) },
	}
}

// constant writes the same value into every body (a type Okta requires), and reads nothing.
func constant[T any](path string, val any) wireField[T] {
	return wireField[T]{path: wirePath(path), put: func(*T, any) (any, bool) { return val, true }}
}

func asString(raw any) string {
	s, _ := raw.(string)
	return s
}

func asBool(raw any) bool {
	b, _ := raw.(bool)
	return b
}

// asInt reads a JSON number (decoded as float64).
// asTime reads one of Okta's timestamps ("2026-03-02T09:00:00.000Z"); zero when absent or
// unreadable.
func asTime(raw any) time.Time {
	t, _ := time.Parse(time.RFC3339, asString(raw))
	return t
}

func asInt(raw any) int {
	f, _ := raw.(float64)
	return int(f)
}

// asBoolPtr tells an absent (nil) bool from false.
func asBoolPtr(raw any) *bool {
	b, ok := raw.(bool)
	if !ok {
		return nil
	}
	return &b
}

// asInt64Ptr tells an absent (nil) number from 0.
func asInt64Ptr(raw any) *int64 {
	f, ok := raw.(float64)
	if !ok {
		return nil
	}
	n := int64(f)
	return &n
}

// asList reads a JSON list, keeping the items item accepts: nil when absent, empty when
// present and empty.
func asList[V any](raw any, item func(any) (V, bool)) []V {
	list, ok := raw.([]any)
	if !ok {
		return nil
	}
	out := []V{}
	for _, x := range list {
		if v, ok := item(x); ok {
			out = append(out, v)
		}
	}
	return out
}

func asStrings(raw any) []string {
	return asList(raw, func(x any) (string, bool) { s, ok := x.(string); return s, ok })
}
