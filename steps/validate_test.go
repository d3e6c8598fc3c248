package steps

import (
	"strings"
	"testing"
)

// Each rule, with values it must refuse (and say why) and values it must keep accepting.
func TestValidationRules(t *testing.T) {
	type rule struct {
		name  string
		check func(string) error
		good  []string
		bad   map[string]string // value → what the message must say
	}
	rules := []rule{
		{"policy handle", ValidatePolicyHandle,
			[]string{"teacher", "http://idmanagement.gov/ns/assurance/ial/2/aal/2", "a!#$%&'()*+,-./:;<=>?@[]^_`{|}~", strings.Repeat("h", maxScopeToken)},
			map[string]string{
				"tea\x1bcher": "RFC 6749", `tea"cher`: `"\""`, `tea\cher`: "RFC 6749", "téacher": "U+00E9",
				strings.Repeat("h", maxScopeToken+1): "129 characters",
			}},
		{"client ID", ValidateClientID,
			[]string{"bdc4d4e2f74075e36a6ab4baddfc34a9", "0oa1-x_y.z"},
			map[string]string{"abc\x07": "U+0007", `ab"c`: "no quotes", strings.Repeat("c", 256): "256 characters"}},
		{"object name", func(v string) error { return ValidateName("routing rule name", v) },
			[]string{"ID.me IdP - Okta App Portal", "Anmeldung mit ID.me – Prüfung", strings.Repeat("n", 100)},
			map[string]string{"a\nb": "one line", "a\x1b[2Jb": "one line", "a\u009bb": "one line", strings.Repeat("n", 101): "at most 100", "\xffab": "UTF-8"}},
		{"attribute", ValidateAttributeName,
			[]string{"idme_uuid", "birth_date", "transaction_ial", "firstName", "a1"},
			map[string]string{
				"has space": "letters, digits and _", "a.b": "letters, digits and _", "$(id);x": "letters, digits and _",
				"1abc": "a letter", "_x": "a letter", "Status": "reserves", "_links": "letters",
				strings.Repeat("a", 101): "101 characters",
			}},
		{"extra attribute", ValidateExtraAttribute,
			[]string{"idme_uuid", "credential_ial"},
			map[string]string{"login": "base attribute", "zipCode": "base attribute", "id": "reserves"}},
		{"group id", ValidateGroupID,
			[]string{"00g1emaKYZTWRYYRRTSK", "00gabcdefghij0123456"},
			map[string]string{"00g bad": "not an Okta group id", "0oa1emaKYZTWRYYRRTSK": "00g", "00g1emaKYZTWRYYRRTS": "00g", "": "00g"}},
		{"app id", func(v string) error { return validateObjectID("app id", "0oa", v) },
			[]string{"0oa1gjh63g214q0Hq0g4"},
			map[string]string{"0oaApp1": "not an Okta id", "00g1gjh63g214q0Hq0g4": "0oa and 17", "0oa1gjh63g214q0Hq0g4\n": "not an Okta id"}},
		{"username pattern", ValidateUserPattern,
			[]string{"example.com", "EQUALS:jo@example.com", "EXPRESSION:.*@example\\.com"},
			map[string]string{"EQUALS:": "give a value", "example.com\x1b[2J": "printable", strings.Repeat("p", 1025): "1025 characters"}},
	}
	for _, r := range rules {
		for _, v := range r.good {
			if err := r.check(v); err != nil {
				t.Errorf("%s %q refused: %v", r.name, v, err)
			}
		}
		for v, want := range r.bad {
			err := r.check(v)
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%s %q: err = %v, want it to say %q", r.name, v, err, want)
			}
		}
	}
	for _, p := range []int{1, 53682, 65535} {
		if err := ValidateCallbackPort(p); err != nil {
			t.Errorf("port %d refused: %v", p, err)
		}
	}
	for _, p := range []int{0, -1, 65536, 70000} {
		if err := ValidateCallbackPort(p); err == nil {
			t.Errorf("port %d accepted", p)
		}
	}
}

// A base URL with credentials is refused without repeating them: the message is printed,
// and Okta would have stored them in the identity provider's endpoints.
func TestBaseURLWithCredentialsIsRefusedWithoutEchoingThem(t *testing.T) {
	_, _, err := ResolveIDmeBaseURL("", "https://idme:hunter2@api.idmelabs.com/")
	if err == nil || strings.Contains(err.Error(), "hunter2") || !strings.Contains(err.Error(), "user name or password") {
		t.Fatalf("err = %v", err)
	}
	if bad := InvalidAnswers(err); len(bad) != 1 || bad[0].Field != FieldIDmeBaseURL {
		t.Errorf("the error names %v, want the base URL", bad)
	}
}

// Every broken rule is reported with the answer it belongs to, so the caller can name the
// flag, variable or progress file the value came from; ValidateGiven leaves missing values
// alone and still checks the ones given.
func TestValidateNamesTheFieldOfEachProblem(t *testing.T) {
	a := DefaultAnswers()
	a.OrgURL, a.IDmeClientID, a.PolicyHandle = "https://dev-1.okta.com", "abc123", "teacher"
	a.RuleName = "rule\nsecond"
	a.ExtraAttributes = []string{"ok_one", "a.b"}
	a.CallbackPort = 70000
	a.TestGroupID = "00g bad"
	a.IDmeEnv = "staging"
	want := map[Field]bool{FieldRuleName: true, FieldExtraAttributes: true, FieldCallbackPort: true, FieldTestGroupID: true, FieldIDmeEnv: true}
	for name, err := range map[string]error{"Validate": a.Validate(), "ValidateGiven": a.ValidateGiven()} {
		got := map[Field]bool{}
		for _, e := range InvalidAnswers(err) {
			got[e.Field] = true
		}
		for f := range want {
			if !got[f] {
				t.Errorf("%s does not report %s: %v", name, f, err)
			}
		}
		if len(got) != len(want) {
			t.Errorf("%s reports %v, want %v", name, got, want)
		}
	}
	partial := Answers{OrgURL: "https://dev-1.okta.com"}
	if err := partial.ValidateGiven(); err != nil {
		t.Errorf("ValidateGiven refused answers that are only incomplete: %v", err)
	}
	if err := partial.Validate(); len(InvalidAnswers(err)) == 0 {
		t.Errorf("Validate accepted incomplete answers: %v", err)
	}
}
