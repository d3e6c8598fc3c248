package steps

import (
	"context"
	"strings"
	"testing"
)

// The checklist tells the admin what Okta really logs with org-level JIT off ("User Not
// Found", no JIT entries: okta-api.md §13), not a wording no public source shows.
func TestOrgChecklistSaysWhatOktaLogs(t *testing.T) {
	s := NewSetup(nil, DefaultAnswers(), Secrets{}, Objects{})
	r, err := OrgChecklist().Check(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	said := strings.Join(r.Notes, " ") + " " + r.Detail
	for _, c := range r.Changes {
		said += " " + strings.Join(c.Details, " ")
	}
	if !strings.Contains(said, `"User Not Found"`) || strings.Contains(said, "JIT not enabled at org level") {
		t.Errorf("the checklist says: %s", said)
	}
}
