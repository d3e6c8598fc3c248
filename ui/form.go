package ui

import (
	"errors"
	"strings"

	"github.com/charmbracelet/huh"
)

// A form is defined once, with huh fields, for both renderers: the TUI runs it as one
// huh.Form (tui), the accessible mode asks its fields one by one with huh's own accessible
// prompts (line_form.go). A completed huh form ignores input, so every screen (and every
// "edit" of a screen) defines a fresh one, and learns from updateForm when it completed.
type form struct {
	groups []*formGroup
	// done, when set, ends the accessible mode's questions early once it holds (an answer
	// that leaves the page: the ID.me environment's Back).
	done func() bool
}

// formGroup is what the TUI shows at once; hidden, when set, skips it until an earlier
// answer calls for it (the token or the service app's questions).
type formGroup struct {
	fields []*formField
	hidden func() bool
}

// formField is one huh field and what the accessible mode needs to say around it: huh's
// accessible prompts show the title only, not the description or the default.
type formField struct {
	field       huh.Field
	title, desc string

	input  *huh.Input          // an input (or a secret): its prompt shows the default
	value  *string             // … bound to this; for a choice, the option's value
	secret bool                // typed without echo on a terminal; never shown
	choice *huh.Select[string] // a choice: its options get the default marked
	opts   []huh.Option[string]
}

func defineForm(groups ...*formGroup) *form { return &form{groups: groups} }

func group(fields ...*formField) *formGroup { return &formGroup{fields: fields} }

// hideUnless shows the group only while show holds.
func (g *formGroup) hideUnless(show func() bool) *formGroup {
	g.hidden = func() bool { return !show() }
	return g
}

// inputField asks for a line of text into value (its current value is the default).
// validate, if set, sees the default when the answer is left blank, as the value stored.
func inputField(title, desc string, value *string, validate func(string) error) *formField {
	in := huh.NewInput().Title(title).Description(desc).Value(value)
	if validate != nil {
		in.Validate(blankIsValue(value, validate))
	}
	return &formField{field: in, title: title, desc: desc, input: in, value: value}
}

// secretField asks for a secret: masked in the TUI, without echo on a terminal otherwise;
// it is never shown and has no default.
func secretField(title, desc string, value *string, validate func(string) error) *formField {
	f := inputField(title, desc, value, validate)
	f.input.EchoMode(huh.EchoModePassword)
	f.secret = true
	return f
}

// choiceField picks one of opts into value.
func choiceField(title string, value *string, opts ...huh.Option[string]) *formField {
	sel := huh.NewSelect[string]().Title(title).Options(opts...).Value(value)
	return &formField{field: sel, title: title, choice: sel, value: value, opts: opts}
}

// multiField picks any number of opts into values (space toggles in the TUI, "/" filters; in
// the accessible mode numbers toggle and 0 confirms). It checks nothing itself: an answer
// huh's accessible prompt refused would be asked again forever once the input has ended,
// so the caller checks what was picked.
func multiField(title, desc string, values *[]string, opts ...huh.Option[string]) *formField {
	ms := huh.NewMultiSelect[string]().Title(title).Description(desc).Options(opts...).Value(values).Filterable(true).Height(min(len(opts), 8) + 5) // 5: the title, a description of two lines, room to filter
	return &formField{field: ms, title: title, desc: desc}
}

// confirmField asks yes or no into value.
func confirmField(title, yes, no string, value *bool) *formField {
	return &formField{field: huh.NewConfirm().Title(title).Affirmative(yes).Negative(no).Value(value), title: title}
}

// blankIsValue validates a blank answer as the value it leaves in place. The TUI keeps value
// in step with what is typed, so there it changes nothing; huh's accessible prompt checks
// the raw line and then takes the default for a blank one.
func blankIsValue(value *string, validate func(string) error) func(string) error {
	return func(v string) error {
		if strings.TrimSpace(v) == "" {
			v = *value
		}
		return validate(v)
	}
}

// tui is the form as one huh.Form for the TUI.
func (f *form) tui() *huh.Form {
	groups := make([]*huh.Group, len(f.groups))
	for i, g := range f.groups {
		fields := make([]huh.Field, len(g.fields))
		for j, fl := range g.fields {
			fields[j] = fl.field
		}
		groups[i] = huh.NewGroup(fields...)
		if g.hidden != nil {
			groups[i] = groups[i].WithHideFunc(g.hidden)
		}
	}
	// Our footer shows the keys; huh's own help line would repeat them.
	return huh.NewForm(groups...).WithShowHelp(false).WithShowErrors(true)
}

// nonEmpty is a field validator: blank input is refused with "enter <what>".
func nonEmpty(what string) func(string) error {
	return func(v string) error {
		if strings.TrimSpace(v) == "" {
			return errors.New("enter " + what)
		}
		return nil
	}
}
