package sim

import (
	"bytes"
	"encoding/json"
	"math"
)

// JSON is one JSON object as Okta would send it. The simulated org stores its objects in
// this form: responses are built the way Okta builds them (known fields, Okta's defaults),
// and deep copies of them are what tests see through Snapshot.
type JSON = map[string]any

// decodeObject parses a request body that must be a JSON object.
func decodeObject(body []byte) (JSON, bool) {
	dec := json.NewDecoder(bytes.NewReader(body))
	var obj JSON
	if err := dec.Decode(&obj); err != nil || obj == nil || dec.More() {
		return nil, false
	}
	return obj, true
}

// deepCopy copies values produced by encoding/json (maps, slices and scalars) and the
// []JSON / []string slices the sim builds itself.
func deepCopy(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = deepCopy(e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = deepCopy(e)
		}
		return out
	case []JSON:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = deepCopy(e)
		}
		return out
	case []string:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = e
		}
		return out
	default:
		return v
	}
}

func copyObject(o JSON) JSON {
	if o == nil {
		return nil
	}
	return deepCopy(o).(JSON)
}

// at walks nested objects; it returns nil when a step is missing or not an object.
func at(o JSON, path ...string) any {
	var cur any = o
	for _, p := range path {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[p]
	}
	return cur
}

// objAt is at() for a value that should be an object (nil otherwise).
func objAt(o JSON, path ...string) JSON {
	m, _ := at(o, path...).(map[string]any)
	return m
}

// strAt is at() for a value that should be a string ("" otherwise).
func strAt(o JSON, path ...string) string {
	s, _ := at(o, path...).(string)
	return s
}

// has reports whether the last key of path is present, even with a null value.
func has(o JSON, path ...string) bool {
	if len(path) == 0 {
		return false
	}
	parent := o
	if len(path) > 1 {
		parent = objAt(o, path[:len(path)-1]...)
	}
	if parent == nil {
		return false
	}
	_, ok := parent[path[len(path)-1]]
	return ok
}

// valueOr returns o[key] when it is present and not null, else def.
func valueOr(o JSON, key string, def any) any {
	if o == nil {
		return def
	}
	if v, ok := o[key]; ok && v != nil {
		return v
	}
	return def
}

// intAt reads a JSON number as an int (false when absent, not a number, or fractional).
func intAt(o JSON, path ...string) (int, bool) {
	f, ok := at(o, path...).(float64)
	if !ok || f != math.Trunc(f) {
		return 0, false
	}
	return int(f), true
}

// stringList reads a JSON array of strings; other elements are skipped.
func stringList(v any) []string {
	arr, _ := v.([]any)
	out := make([]string, 0, len(arr))
	for _, e := range arr {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// objectList reads a JSON array of objects; other elements are skipped.
func objectList(v any) []JSON {
	arr, _ := v.([]any)
	out := make([]JSON, 0, len(arr))
	for _, e := range arr {
		if m, ok := e.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// link is a HAL link object: {"href": ...} plus optional hints.allow.
func link(href string, allow ...string) JSON {
	l := JSON{"href": href}
	if len(allow) > 0 {
		l["hints"] = JSON{"allow": toAny(allow)}
	}
	return l
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
