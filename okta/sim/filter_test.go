package sim

import "testing"

func TestFilterExpressions(t *testing.T) {
	ev := JSON{
		"eventType": "user.authentication.auth_via_IDP",
		"outcome":   JSON{"result": "FAILURE", "reason": "User Not Found"},
		"target":    []any{JSON{"id": "0oaIDP", "type": "IdentityProvider"}, JSON{"id": "00uUSER", "type": "User"}},
		"severity":  "WARN",
	}
	for _, tc := range []struct {
		filter string
		want   bool
	}{
		{`eventType eq "user.authentication.auth_via_IDP"`, true},
		{`eventType eq "USER.authentication.auth_via_idp"`, true},
		{`eventType ne "user.session.start"`, true},
		{`eventType sw "user.authentication"`, true},
		{`eventType ew "via_IDP"`, true},
		{`outcome.reason co "not found"`, true},
		{`target.id eq "00uUSER"`, true},
		{`target.id eq "00uOTHER"`, false},
		{`target.id ne "00uUSER"`, false},
		{`outcome.result eq "FAILURE" and severity eq "WARN"`, true},
		{`outcome.result eq "SUCCESS" and severity eq "WARN"`, false},
		{`outcome.result eq "SUCCESS" or severity eq "WARN"`, true},
		{`(outcome.result eq "SUCCESS" or severity eq "WARN") and target.type eq "User"`, true},
		{`debugContext pr`, false},
		{`outcome pr`, true},
	} {
		e, err := parseFilter(tc.filter)
		if err != nil {
			t.Errorf("%s: %v", tc.filter, err)
			continue
		}
		if got := e.match(ev); got != tc.want {
			t.Errorf("%s = %v, want %v", tc.filter, got, tc.want)
		}
	}
	for _, bad := range []string{``, `eventType`, `eventType eq`, `eventType gt "x"`, `eventType eq unquoted`, `(eventType eq "x"`, `eventType eq "x" and`, `eventType eq "open`} {
		if _, err := parseFilter(bad); err == nil {
			t.Errorf("%q parsed; want an error", bad)
		}
	}
}
