package main

import (
	"flag"
	"fmt"
	"slices"
	"strings"

	"github.com/idme-okta/idme-okta/assets"
)

// oneOf is a string flag with a fixed set of values. `completion` offers the values; a strict
// one refuses any other value while the flags are parsed (exit 2, naming the flag and the
// values), an open one leaves the check to the command (--idme-env also takes "custom" with
// --idme-base-url, and steps checks it against the progress file too).
type oneOf struct {
	p      *string
	values []string
	open   bool
}

func (o *oneOf) String() string {
	if o == nil || o.p == nil {
		return ""
	}
	return *o.p
}

func (o *oneOf) Set(v string) error {
	if !o.open && !slices.Contains(o.values, v) {
		return fmt.Errorf("use %s", orList(o.values))
	}
	*o.p = v
	return nil
}

// Get makes it a flag.Getter like a string flag, so that an empty value is refused like one.
func (o *oneOf) Get() any { return o.String() }

// Values are the fixed values, for completion.
func (o *oneOf) Values() []string { return o.values }

// oneOfVar defines a flag that takes one of values, stored in p with value as its default.
func oneOfVar(fs *flag.FlagSet, p *string, name, value string, values []string, usage string) {
	*p = value
	fs.Var(&oneOf{p: p, values: values}, name, usage)
}

// suggestVar defines a string flag whose values are suggested, not enforced.
func suggestVar(fs *flag.FlagSet, p *string, name, value string, values []string, usage string) {
	*p = value
	fs.Var(&oneOf{p: p, values: values, open: true}, name, usage)
}

// pathValue is a string flag that names a file or a directory: completion offers paths.
type pathValue struct{ p *string }

func (v pathValue) String() string {
	if v.p == nil {
		return ""
	}
	return *v.p
}

func (v pathValue) Set(s string) error { *v.p = s; return nil }

// Get makes it a flag.Getter like a string flag, so that an empty value is refused like one.
func (v pathValue) Get() any { return v.String() }

// IsPath marks the flag for completion.
func (pathValue) IsPath() bool { return true }

// pathVar defines a flag naming a file or directory. Its usage should put the kind of path in
// backquotes (`file`, `directory`): -h shows that word as the value's name.
func pathVar(fs *flag.FlagSet, p *string, name, value, usage string) {
	*p = value
	fs.Var(pathValue{p}, name, usage)
}

// orList writes values as "a, b or c".
func orList(values []string) string {
	if len(values) < 2 {
		return strings.Join(values, "")
	}
	return strings.Join(values[:len(values)-1], ", ") + " or " + values[len(values)-1]
}

// idmeEnvironments are the ids of the ID.me environments idme-okta knows.
func idmeEnvironments() []string {
	var ids []string
	for _, e := range assets.Environments() {
		ids = append(ids, e.ID)
	}
	return ids
}
