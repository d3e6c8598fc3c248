package steps

import (
	"strings"
	"testing"
)

// A claim ID.me documents (either style) gets no warning; a made-up one does, with the
// documented name it most resembles; an OpenID Connect name whose guide twin would read both
// says so.
func TestClaimNote(t *testing.T) {
	for _, claim := range []string{"uuid", "fname", "email", "birth_date", "credential_ial", "social", "address.country"} {
		if note := ClaimNote(claim); note != "" {
			t.Errorf("%s: %q, want no warning", claim, note)
		}
	}
	for claim, want := range map[string]string{
		"favourite_colour": `does not document a claim named "favourite_colour": the attribute stays empty`,
		"FName":            "did you mean fname?",
		"birthdat":         "did you mean birthdate?",
		"given_name":       "OpenID Connect's name for ID.me's fname: this row reads given_name only",
	} {
		if note := ClaimNote(claim); !strings.Contains(note, want) {
			t.Errorf("%s: %q, want %q", claim, note, want)
		}
	}
}
