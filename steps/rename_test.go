package steps

import (
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

// Renaming the identity provider or the routing rule in a later run (--idp-name,
// --rule-name) renames the objects idme-okta made: it never makes a second IdP or a second
// active rule beside the first.
func TestRenamingRenamesInPlace(t *testing.T) {
	e := startSim(t)
	e.run(t, e.setup(t), RunOptions{})
	a := simAnswers(e.org)
	a.IdPName, a.RuleName = "ID.me (renamed)", "ID.me routing (renamed)"
	e.run(t, e.setupWith(t, a, e.secrets()), RunOptions{AllowOverwrite: true})

	snap := e.org.Snapshot()
	if len(snap.IdPs) != 1 || simtest.Str(snap.IdPs[0], "name") != a.IdPName {
		t.Errorf("identity providers after renaming: %v", names(snap.IdPs))
	}
	var active []string
	for _, r := range snap.Rules {
		if simtest.Str(r, "name") != "Default Rule" && simtest.Str(r, "status") == "ACTIVE" {
			active = append(active, simtest.Str(r, "name"))
		}
	}
	if len(active) != 1 || active[0] != a.RuleName {
		t.Errorf("active routing rules after renaming: %v, want only %q", active, a.RuleName)
	}
}

func names(objs []map[string]any) []string {
	var out []string
	for _, o := range objs {
		out = append(out, simtest.Str(o, "name"))
	}
	return out
}
