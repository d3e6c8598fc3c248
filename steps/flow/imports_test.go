package flow_test

import (
	"os/exec"
	"strings"
	"testing"
)

// The flow decides and draws nothing: no UI library, and no package of the UI, is among its
// dependencies, so both renderers can only ask it.
func TestFlowImportsNoUI(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/idme-okta/idme-okta/steps/flow").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list named only %v", deps)
	}
	for _, d := range deps {
		if strings.HasPrefix(d, "github.com/charmbracelet/") || strings.HasPrefix(d, "github.com/idme-okta/idme-okta/ui") {
			t.Errorf("steps/flow depends on %s", d)
		}
	}
}
