// Package served cuts Okta's management API spec (the openapi.yaml of okta-sdk-golang) down to
// what the simulated org checks requests against: the operations it serves, in full, and every
// other operation as a stub that only says it exists. It is run by `go generate` in
// okta/sim/openapi, whose test proves the embedded result matches the module's copy.
package served

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/idme-okta/idme-okta/okta/sim"
)

// Module is the Go module whose spec is cut, and SpecInModule where the spec lies in it.
const (
	Module       = "github.com/okta/okta-sdk-golang/v5"
	SpecInModule = "okta/api/openapi.yaml"
)

// Op is one operation the simulated org serves: an HTTP method and Okta's path template.
type Op = sim.APIRoute

// ErrNoModule means the spec cannot be read here: no go command, or the module is not in the
// Go module cache.
var ErrNoModule = errors.New("okta-sdk-golang's spec is not available")

// Generate cuts the spec of the okta-sdk-golang version go.mod names, from the Go module
// cache, down to the operations okta/sim serves.
func Generate() ([]byte, error) {
	path, version, err := ModuleSpec()
	if err != nil {
		return nil, err
	}
	spec, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNoModule, err)
	}
	return Extract(spec, sim.APIRoutes(), Module+"@"+version+" "+SpecInModule)
}

// ModuleSpec finds the spec in the Go module cache at the version go.mod names, with the go
// command (GOPROXY=off: it never downloads). It is for `go generate` and tests only: the
// product never runs the go command.
func ModuleSpec() (path, version string, err error) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return "", "", fmt.Errorf("%w: %w", ErrNoModule, err)
	}
	cmd := exec.Command(goCmd, "list", "-m", "-f", "{{.Dir}} {{.Version}}", Module)
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=readonly")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", "", fmt.Errorf("go list -m %s: %w: %s", Module, err, strings.TrimSpace(stderr.String()))
	}
	dir, version, _ := strings.Cut(strings.TrimSpace(string(out)), " ")
	if dir == "" {
		return "", "", fmt.Errorf("%w: %s %s is not in the Go module cache; run `go mod download %s`", ErrNoModule, Module, version, Module)
	}
	return filepath.Join(dir, filepath.FromSlash(SpecInModule)), version, nil
}

// Extract returns the compact spec as indented JSON: the operations in ops with what request
// validation reads (operationId, parameters, requestBody, security) and the components they
// reach, and under x-unserved every other operation (path: "METHOD METHOD"), so that a
// request to an operation Okta has but the simulator does not serve is not reported as one
// Okta does not have. Left out, as request validation never reads them: responses (a stub
// stands in, since an operation must have one), descriptions, summaries, examples, tags,
// servers and webhooks. source names the spec in the result's x-generated-from.
func Extract(spec []byte, ops []Op, source string) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(spec, &doc); err != nil {
		return nil, fmt.Errorf("parse spec: %w", err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, errors.New("parse spec: not a single YAML document")
	}
	root, err := toValue(doc.Content[0])
	if err != nil {
		return nil, err
	}
	top, ok := root.(*object)
	if !ok {
		return nil, errors.New("spec: the document is not an object")
	}
	paths, _ := top.get("paths").(*object)
	components, _ := top.get("components").(*object)
	info, _ := top.get("info").(*object)
	if paths == nil || components == nil || info == nil {
		return nil, errors.New("spec: no paths, components or info")
	}

	want := map[string]bool{} // "METHOD /normalized/{}"
	for _, op := range ops {
		want[op.Method+" "+normalize(op.Template)] = true
	}
	found := map[string]bool{}
	outPaths, unserved := &object{}, &object{}
	for _, p := range paths.keys {
		item, ok := paths.get(p).(*object)
		if !ok {
			return nil, fmt.Errorf("spec: path %s is not an object", p)
		}
		outItem := &object{}
		var others []string
		for _, method := range item.keys {
			op, isOp := item.get(method).(*object)
			if !isOp || !httpMethods[method] {
				continue
			}
			key := strings.ToUpper(method) + " " + normalize(p)
			if want[key] {
				found[key] = true
				outItem.set(method, servedOp(op))
			} else {
				others = append(others, strings.ToUpper(method))
			}
		}
		if len(outItem.keys) > 0 {
			if params := item.get("parameters"); params != nil {
				outItem.set("parameters", stripParams(params))
			}
			outPaths.set(p, outItem)
		}
		if len(others) > 0 {
			unserved.set(p, strings.Join(others, " "))
		}
	}
	var missing []string
	for _, op := range ops {
		if !found[op.Method+" "+normalize(op.Template)] {
			missing = append(missing, op.Method+" "+op.Template)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("spec has no operation for %s, which the simulator serves", strings.Join(missing, ", "))
	}

	outComponents, err := reachable(components, outPaths)
	if err != nil {
		return nil, err
	}
	out := &object{}
	out.set("openapi", top.get("openapi"))
	out.set("info", pick(info, "title", "version"))
	out.set("x-generated-from", source+": the operations okta/sim serves, cut by okta/sim/openapi/internal/served (go generate ./okta/sim/openapi); do not edit")
	out.set("paths", outPaths)
	out.set("components", outComponents)
	out.set("x-unserved", unserved)

	raw, err := json.Marshal(out)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, raw, "", " "); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

var httpMethods = map[string]bool{"get": true, "put": true, "post": true, "delete": true, "options": true, "head": true, "patch": true, "trace": true}

var templateParam = regexp.MustCompile(`\{[^}]*\}`)

// normalize makes templates comparable whatever their parameters are called.
func normalize(template string) string { return templateParam.ReplaceAllString(template, "{}") }

// stubResponses stands in for an operation's responses, which OpenAPI requires and request
// validation never reads.
func stubResponses() *object {
	r := &object{}
	r.set("default", obj("description", "not kept: the simulator checks requests only"))
	return r
}

func servedOp(op *object) *object {
	out := &object{}
	for _, k := range op.keys {
		switch k {
		case "operationId", "security":
			out.set(k, op.get(k))
		case "parameters":
			out.set(k, stripParams(op.get(k)))
		case "requestBody":
			out.set(k, stripBody(op.get(k)))
		}
	}
	out.set("responses", stubResponses())
	return out
}

// Documentation only, wherever it appears in a parameter, body or media type.
var docKeys = map[string]bool{"description": true, "summary": true, "example": true, "examples": true, "externalDocs": true}

// schemaDocKeys are a schema's documentation. Its other keys are kept: enum and default hold
// data, and the keys of properties are property names (Okta has properties called
// description and $ref), so neither is ever taken for a keyword.
var schemaDocKeys = map[string]bool{"description": true, "example": true, "externalDocs": true}

// rebuild copies an object without the keys in drop, passing the values of the keys in
// through their function. A $ref (or anything but an object) is kept as it is.
func rebuild(v any, drop map[string]bool, through map[string]func(any) any) any {
	o, ok := v.(*object)
	if !ok || o.get("$ref") != nil {
		return v
	}
	out := &object{}
	for _, k := range o.keys {
		val := o.get(k)
		switch f := through[k]; {
		case drop[k]:
		case f != nil:
			out.set(k, f(val))
		default:
			out.set(k, val)
		}
	}
	return out
}

func stripParams(v any) any { return each(v, stripParam) }

func stripParam(v any) any {
	return rebuild(v, docKeys, map[string]func(any) any{"schema": stripSchema, "content": stripContent})
}

func stripBody(v any) any {
	return rebuild(v, docKeys, map[string]func(any) any{"content": stripContent})
}

// stripContent strips each media type of a content map (keys are media type names).
func stripContent(v any) any {
	return eachValue(v, func(media any) any {
		return rebuild(media, docKeys, map[string]func(any) any{"schema": stripSchema})
	})
}

// stripSchema drops documentation from a schema and the schemas inside it.
func stripSchema(v any) any {
	return rebuild(v, schemaDocKeys, map[string]func(any) any{
		"properties":           func(p any) any { return eachValue(p, stripSchema) },
		"items":                stripSchema,
		"additionalProperties": stripSchema,
		"not":                  stripSchema,
		"allOf":                func(l any) any { return each(l, stripSchema) },
		"oneOf":                func(l any) any { return each(l, stripSchema) },
		"anyOf":                func(l any) any { return each(l, stripSchema) },
	})
}

// each applies f to every element of a list.
func each(v any, f func(any) any) any {
	list, ok := v.([]any)
	if !ok {
		return v
	}
	out := make([]any, len(list))
	for i, e := range list {
		out[i] = f(e)
	}
	return out
}

// eachValue applies f to every value of an object whose keys are names.
func eachValue(v any, f func(any) any) any {
	o, ok := v.(*object)
	if !ok {
		return v
	}
	out := &object{}
	for _, k := range o.keys {
		out.set(k, f(o.get(k)))
	}
	return out
}

// reachable returns the components that paths reach through $ref (and discriminator
// mappings), transitively, each stripped like the operations, in the spec's order, with
// every security scheme.
func reachable(components *object, paths *object) (*object, error) {
	type ref struct{ section, name string }
	keep := map[ref]bool{}
	var todo []string
	todo = collectRefs(paths, todo)
	for len(todo) > 0 {
		r := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		rest, ok := strings.CutPrefix(r, "#/components/")
		section, name, ok2 := strings.Cut(rest, "/")
		if !ok || !ok2 || strings.Contains(name, "/") {
			return nil, fmt.Errorf("spec: unsupported $ref %q", r)
		}
		k := ref{section, name}
		if keep[k] {
			continue
		}
		sec, _ := components.get(section).(*object)
		target := sec.get(name)
		if sec == nil || target == nil {
			return nil, fmt.Errorf("spec: $ref %q names no component", r)
		}
		keep[k] = true
		todo = collectRefs(stripComponent(section, target), todo)
	}
	out := &object{}
	for _, section := range components.keys {
		sec, ok := components.get(section).(*object)
		if !ok {
			continue
		}
		kept := &object{}
		for _, name := range sec.keys {
			if keep[ref{section, name}] || section == "securitySchemes" {
				kept.set(name, stripComponent(section, sec.get(name)))
			}
		}
		if len(kept.keys) > 0 {
			out.set(section, kept)
		}
	}
	return out, nil
}

func stripComponent(section string, v any) any {
	switch section {
	case "schemas":
		return stripSchema(v)
	case "parameters":
		return stripParam(v)
	case "requestBodies":
		return stripBody(v)
	}
	return v
}

// collectRefs appends every $ref string and discriminator mapping target under v, skipping
// values that are data (enum, default, x- extensions).
func collectRefs(v any, refs []string) []string {
	switch x := v.(type) {
	case *object:
		for _, k := range x.keys {
			val := x.get(k)
			switch {
			case k == "$ref":
				if s, ok := val.(string); ok {
					refs = append(refs, s)
				}
			case k == "enum" || k == "default" || strings.HasPrefix(k, "x-"):
			case k == "discriminator":
				if d, ok := val.(*object); ok {
					if m, ok := d.get("mapping").(*object); ok {
						for _, name := range m.keys {
							if s, ok := m.get(name).(string); ok {
								refs = append(refs, s)
							}
						}
					}
				}
			default:
				refs = collectRefs(val, refs)
			}
		}
	case []any:
		for _, e := range x {
			refs = collectRefs(e, refs)
		}
	}
	return refs
}

// object is a JSON object that keeps the spec's key order, so the generated file follows the
// spec and a spec upgrade shows as a readable diff.
type object struct {
	keys []string
	vals map[string]any
}

func obj(k string, v any) *object {
	o := &object{}
	o.set(k, v)
	return o
}

func (o *object) get(k string) any {
	if o == nil {
		return nil
	}
	return o.vals[k]
}

func (o *object) set(k string, v any) {
	if o.vals == nil {
		o.vals = map[string]any{}
	}
	if _, ok := o.vals[k]; !ok {
		o.keys = append(o.keys, k)
	}
	o.vals[k] = v
}

func pick(o *object, keys ...string) *object {
	out := &object{}
	for _, k := range keys {
		if v := o.get(k); v != nil {
			out.set(k, v)
		}
	}
	return out
}

func (o *object) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		kb, err := json.Marshal(k)
		if err != nil {
			return nil, err
		}
		buf.Write(kb)
		buf.WriteByte(':')
		vb, err := json.Marshal(o.vals[k])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		buf.Write(vb)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// toValue turns a YAML node into JSON values: *object, []any, string, json.Number, bool or
// nil. Scalars keep YAML's core-schema types, as kin-openapi reads them; a timestamp stays
// the string it was written as.
func toValue(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.AliasNode:
		return toValue(n.Alias)
	case yaml.MappingNode:
		o := &object{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode || k.Tag == "!!merge" {
				return nil, fmt.Errorf("spec line %d: unsupported key", k.Line)
			}
			val, err := toValue(v)
			if err != nil {
				return nil, err
			}
			o.set(k.Value, val)
		}
		return o, nil
	case yaml.SequenceNode:
		list := make([]any, 0, len(n.Content))
		for _, e := range n.Content {
			val, err := toValue(e)
			if err != nil {
				return nil, err
			}
			list = append(list, val)
		}
		return list, nil
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return nil, nil
		case "!!bool":
			var b bool
			err := n.Decode(&b)
			return b, err
		case "!!int":
			var i int64
			if err := n.Decode(&i); err != nil {
				return nil, err
			}
			return json.Number(strconv.FormatInt(i, 10)), nil
		case "!!float":
			var f float64
			if err := n.Decode(&f); err != nil {
				return nil, err
			}
			if math.IsInf(f, 0) || math.IsNaN(f) {
				return nil, fmt.Errorf("spec line %d: %s has no JSON form", n.Line, n.Value)
			}
			return json.Number(strconv.FormatFloat(f, 'g', -1, 64)), nil
		default:
			return n.Value, nil
		}
	}
	return nil, fmt.Errorf("spec line %d: unsupported YAML node kind %v", n.Line, n.Kind)
}
