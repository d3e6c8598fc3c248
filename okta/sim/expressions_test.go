package sim

import (
	"errors"
	"testing"
)

func TestEvalExpression(t *testing.T) {
	profile := JSON{"fname": "JANE", "lname": "VETERAN", "firstName": "Jane", "zoneinfo": "America/New_York", "empty": "",
		"ial": float64(2), "verified": true, "list": []any{"a"}}
	ok := []struct {
		expr string
		want any
	}{
		{"appuser.fname", "JANE"},
		{"  appuser.fname  ", "JANE"},
		{"appuser.missing", nil},
		{`"literal"`, "literal"},
		{`'single'`, "single"},
		{"null", nil},
		{"12", float64(12)},
		{"true", true},
		{`appuser.zoneinfo == null ? "America/Los_Angeles" : appuser.zoneinfo`, "America/New_York"},
		{`appuser.missing == null ? "America/Los_Angeles" : appuser.missing`, "America/Los_Angeles"},
		{`appuser.missing != null ? appuser.missing : "fallback"`, "fallback"},
		{`appuser.fname == "JANE" ? "yes" : "no"`, "yes"},
		{`appuser.empty == null ? "null" : "empty string is not null"`, "empty string is not null"},
		{"appuser.list", []any{"a"}},
		{`appuser.list == null ? "x" : "y"`, "y"},
		// Rows that read whichever claim is present (the guide's or OpenID Connect's).
		{"appuser.fname != null ? appuser.fname : appuser.firstName", "JANE"},
		{"appuser.given_name != null ? appuser.given_name : appuser.firstName", "Jane"},
		{"appuser.missing != null ? appuser.missing : appuser.other != null ? appuser.other : 'none'", "none"},
		{"(appuser.missing != null) ? appuser.missing : (appuser.fname)", "JANE"},
		{"appuser.missing ?: appuser.firstName", "Jane"},
		{"appuser.empty ?: appuser.fname", "JANE"},
		{"appuser.fname ?: appuser.firstName", "JANE"},
		{"appuser.missing ?: appuser.other ?: 'last'", "last"},
		{`appuser.fname != null AND appuser.fname != "" ? appuser.fname : appuser.firstName`, "JANE"},
		{`appuser.empty != null && appuser.empty != "" ? appuser.empty : appuser.firstName`, "Jane"},
		{`appuser.missing == null or appuser.fname == null ? 1 : 2`, float64(1)},
		{`!appuser.verified ? "no" : "yes"`, "yes"},
		{`not (appuser.ial >= 2) ? "low" : "high"`, "high"},
		{`appuser.ial < 2`, false},
		{"appuser.fname + ' ' + appuser.lname", "JANE VETERAN"},
		{"appuser.ial + 1", float64(3)},
		{"appuser.fname + appuser.missing", "JANEnull"},
	}
	for _, tc := range ok {
		got, err := evalExpression(tc.expr, "appuser", profile)
		if err != nil {
			t.Errorf("%s: %v", tc.expr, err)
			continue
		}
		if gs, ws := describe(got), describe(tc.want); gs != ws {
			t.Errorf("%s = %s, want %s", tc.expr, gs, ws)
		}
	}
	unsupported := []string{
		"String.toUpperCase(appuser.fname)",
		"String.len(appuser.fname) > 0",
		"idpuser.fname",               // wrong prefix for a mapping
		"user.firstName",              // another prefix
		"appuser.address.locality",    // nested reference
		`appuser.fname == null ? "x"`, // incomplete ternary
		`appuser.fname ? "x" : "y"`,   // the condition is not a boolean
		`appuser.fname AND true`,
		`appuser.list == appuser.list`,
		`appuser.fname < 2`,
		`(appuser.fname`,
		`appuser.fname appuser.lname`,
		`"unterminated`,
		"",
	}
	for _, expr := range unsupported {
		if _, err := evalExpression(expr, "appuser", profile); !errors.Is(err, errUnsupportedExpression) {
			t.Errorf("%q: err = %v, want unsupported", expr, err)
		}
	}
}

func describe(v any) string {
	switch t := v.(type) {
	case nil:
		return "null"
	case string:
		return `"` + t + `"`
	case float64:
		return "number " + string(rune('0'+int(t)))
	case bool:
		if t {
			return "true"
		}
		return "false"
	case []any:
		return "array"
	default:
		return "other"
	}
}
