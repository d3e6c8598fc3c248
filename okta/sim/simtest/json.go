package simtest

import (
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim"
)

// At walks a decoded JSON value along keys, the way tests read an object from a Snapshot or
// a request body: it returns nil where a key is missing or a step is not an object.
func At(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// Str is At for a value that should be a string ("" when it is missing or not a string).
func Str(v any, keys ...string) string {
	s, _ := At(v, keys...).(string)
	return s
}

// OwnRules are the routing rules of a Snapshot other than Okta's default (system) rule: the
// ones a setup made.
func OwnRules(rules []map[string]any) []map[string]any {
	var own []map[string]any
	for _, r := range rules {
		if r["system"] != true {
			own = append(own, r)
		}
	}
	return own
}

// OwnRuleStatus is the status (ACTIVE, INACTIVE) of the one routing rule a setup made in org,
// read from the org itself rather than from what the product says; it fails the test when
// there is not exactly one.
func OwnRuleStatus(t testing.TB, org *sim.Org) any {
	t.Helper()
	ours := OwnRules(org.Snapshot().Rules)
	if len(ours) != 1 {
		t.Fatalf("want one routing rule of ours, got %d", len(ours))
	}
	return ours[0]["status"]
}
