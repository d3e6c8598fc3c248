package sim

import (
	"errors"
	"testing"
)

func TestEvalExpression(t *testing.T) {
	profile := JSON{"fname": "JANE", "zoneinfo": "America/New_York", "empty": "", "ial": float64(2), "list": []any{"a"}}
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
		{`appuser.zoneinfo == null ? "America/Los_Angeles" : appuser.zoneinfo`, "America/New_York"},
		{`appuser.missing == null ? "America/Los_Angeles" : appuser.missing`, "America/Los_Angeles"},
		{`appuser.missing != null ? appuser.missing : "fallback"`, "fallback"},
		{`appuser.fname == "JANE" ? "yes" : "no"`, "yes"},
		{`appuser.empty == null ? "null" : "empty string is not null"`, "empty string is not null"},
		{"appuser.list", []any{"a"}},
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
		"appuser.fname + ' ' + appuser.lname",
		"idpuser.fname",               // wrong prefix for a mapping
		"user.firstName",              // another prefix
		"appuser.address.locality",    // nested reference
		`appuser.fname == null ? "x"`, // incomplete ternary
		`appuser.list == null ? "x" : "y"`,
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
	case []any:
		return "array"
	default:
		return "other"
	}
}
