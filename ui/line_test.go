package ui

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/flow"
)

// lineFor is an accessible renderer over a fake world reading in.
func lineFor(t *testing.T, in string) (*lineRenderer, *bytes.Buffer) {
	t.Helper()
	w := newFakeWorld(t)
	var out bytes.Buffer
	return newLineRenderer(newSession(t.Context(), w.opts, plainStyles()), strings.NewReader(in), &out), &out
}

// huh's prompts read each answer from the one buffer in turn, the description and the
// default are said, and the questions of a hidden group (the API token, once the service app
// is chosen) are not asked.
func TestAccessibleFormAsksOnlyWhatTheAnswersCallFor(t *testing.T) {
	r, out := lineFor(t, "dev-1-admin.okta.com\n2\n0oaSVC\n\n/keys/app.pem")
	r.sess.setup().Answers.ServiceAppKeyID = "kid-7"
	c := newConnectAnswers(r.sess)
	if err := r.askForm(c.form()); err != nil {
		t.Fatalf("askForm: %v\n%s", err, out)
	}
	if err := c.store(); err != nil {
		t.Fatal(err)
	}
	a := r.sess.setup().Answers
	if a.OrgURL != "https://dev-1.okta.com" || a.AuthMethod != steps.AuthServiceApp || a.ServiceAppClientID != "0oaSVC" || a.ServiceAppKeyID != "kid-7" || a.PrivateKeyFile != "/keys/app.pem" {
		t.Errorf("answers = %+v", a)
	}
	text := out.String()
	if strings.Contains(text, "API token:") || strings.Contains(text, "Security > API > Tokens") {
		t.Errorf("the token's question was asked for a service app:\n%s", text)
	}
	for _, want := range []string{
		"For example https://dev-123456.okta.com — an Admin Console (-admin) address is fine.\nOkta org URL: ",
		"1. an API token (SSWS) (default)\n2. an OAuth 2.0 service app (private key JWT)\n",
		"Optional: the id of the public key registered on the app.\nKey ID (kid) [kid-7]: ",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
}

// A blank answer keeps the default even where a blank value would not pass (the org URL),
// and the answers run out: that is the end of the input, not Enter.
func TestAccessibleBlankKeepsTheDefaultAndTheEndStops(t *testing.T) {
	r, out := lineFor(t, "\n")
	r.sess.setup().Answers.OrgURL = "https://dev-1.okta.com"
	c := newConnectAnswers(r.sess)
	err := r.askForm(c.form())
	if !errors.Is(err, errEndOfInput) {
		t.Fatalf("askForm = %v, want the end of the input after the first answer", err)
	}
	if c.a.OrgURL != "https://dev-1.okta.com" || strings.Contains(out.String(), "enter") {
		t.Errorf("the blank answer: org %q, output:\n%s", c.a.OrgURL, out)
	}
}

// A menu numbers its options, marks the default, and offers Quit, which stops the wizard.
func TestAccessibleMenu(t *testing.T) {
	r, out := lineFor(t, "\n3\n")
	m := flow.Menu{Question: "What now?", Options: []flow.Option{{Label: "Retry", Choice: flow.ChoiceRetry}, {Label: "Skip", Choice: flow.ChoiceSkip}}}
	if c, err := r.choose(m); err != nil || c != flow.ChoiceRetry {
		t.Errorf("Enter = %v, %v; want the default", c, err)
	}
	if !strings.Contains(out.String(), "\n1. Retry (default)\n2. Skip\n3. Quit\nEnter a number between 1 and 3: ") {
		t.Errorf("menu drawn as:\n%s", out)
	}
	if _, err := r.choose(m); !errors.Is(err, errQuit) {
		t.Errorf("3 (Quit) = %v, want errQuit", err)
	}
	if _, err := r.choose(m); !errors.Is(err, errEndOfInput) {
		t.Errorf("no more input = %v, want errEndOfInput", err)
	}

	// An answer refused, then the end of the input: the end, not a crash inside huh.
	r, _ = lineFor(t, "q\n")
	if _, err := r.choose(m); !errors.Is(err, errEndOfInput) {
		t.Errorf("a refused last answer = %v, want errEndOfInput", err)
	}
}

// lineReader hands out one line per Read, an unterminated last one as a line, then the end.
func TestLineReader(t *testing.T) {
	r, _, terminal := newAnswerReader(strings.NewReader("one\ntwo"))
	if terminal {
		t.Fatal("a strings.Reader taken for a terminal")
	}
	buf := make([]byte, 64)
	for _, want := range []string{"one\n", "two\n"} {
		n, err := r.Read(buf)
		if err != nil || string(buf[:n]) != want {
			t.Errorf("Read = %q, %v; want %q", buf[:n], err, want)
		}
	}
	if n, err := r.Read(buf); n != 0 || !errors.Is(err, io.EOF) || !r.ended {
		t.Errorf("at the end: %d, %v, ended %v", n, err, r.ended)
	}
}

// The mapping table through the accessible mode, before the attributes it needs: a catalogue
// claim added, a row edited by name (marked edited, not added), a row removed and the removal
// undone, a made-up claim warned about; then the attributes, then the mapping's own plan.
func TestAccessibleMappingTable(t *testing.T) {
	w := newFakeWorld(t)
	table := &fakeStep{id: steps.IDProfileMappings, title: "Map ID.me claims to Okta user attributes",
		facts:  steps.Facts{ShortTitle: "Profile mappings", Page: steps.PageMappingTable, Prerequisites: []string{steps.IDUserAttributes}},
		report: missing("rows to set", steps.Change{Action: "update", Object: "profile mapping"}),
		result: steps.Result{Detail: "rows set"}}
	w.opts.Steps = append(w.opts.Steps, table)
	var out bytes.Buffer
	w.opts.Accessible = true
	w.opts.In = lines(
		"dev-1.okta.com", "", "canary-table-token", // connect
		"", "client-1", "canary-table-secret", "teacher", "", // ID.me settings
		"",      // apply the identity provider
		"2", "", // add the first suggested claim
		"3", "4", "", "given_name", // edit row 4 (firstName): claim given_name
		"4", "3", // remove row 3 (login)
		"6",                                         // undo the removal
		"2", "8", "idme_colour", "favourite_colour", // add another claim: typed, made up
		"1", // use the table
		"",  // the attributes: apply
		"",  // the mapping's plan: apply
	)
	w.opts.Out = &out
	if err := Run(t.Context(), w.opts); err != nil {
		t.Fatalf("Run: %v\n%s", err, out.String())
	}
	rows := w.opts.Setup.Answers.Mappings
	if rows[3] != (steps.MappingRow{Attribute: "firstName", Claim: "given_name"}) || rows[2].Attribute != "login" || len(rows) != len(steps.DefaultMappings())+2 {
		t.Errorf("the table kept: %v", rows)
	}
	text := out.String()
	for _, want := range []string{
		"Edit which row?", "4. firstName ← given_name  (edited; guide: fname)",
		"lastName ← lname, else family_name (OpenID Connect)", "A row reads the guide's claim, else its OpenID Connect twin",
		"You removed login ← email. Undo takes it back.",
		`ID.me does not document a claim named "favourite_colour"`,
		"given_name is OpenID Connect's name for ID.me's fname",
		"Use edited table", "rows set",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "again, for the changed table") {
		t.Errorf("a step came back although the table was reviewed before it:\n%s", text)
	}
	if i, j := strings.Index(text, "Okta attribute"), strings.Index(text, "2 attributes added"); i < 0 || j < 0 || j < i {
		t.Errorf("the attributes were not added after the table:\n%s", text)
	}
	if table.appliedCount() != 1 {
		t.Errorf("the mapping applied %d times", table.appliedCount())
	}
}
