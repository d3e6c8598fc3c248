package steps

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/idme-okta/idme-okta/okta"
)

// Duplicate is a second copy of an object idme-okta made: the same name and exactly the
// shape idme-okta gives it, beside the one the setup keeps (runs started together, or a
// create whose answer was lost and that Okta's search did not show yet). A step lists its
// duplicates in its Report and its Apply deletes them, after the admin's yes (the deletion
// is a Change with Overwrite). An object that differs in any way idme-okta does not make it
// is a person's and never a duplicate.
type Duplicate struct {
	Kind   string // "test app", "routing rule"
	Name   string
	ID     string
	Status string // as Okta has it: "ACTIVE" is deactivated before it is deleted
	Keeps  string // the id of the copy the setup keeps

	policyID string // a rule's policy
}

// Object names the duplicate for people: `test app "ID.me sign-in test" (0oa2…)`.
func (d Duplicate) Object() string { return fmt.Sprintf("%s %q (%s)", d.Kind, d.Name, d.ID) }

// deletion is the plan's line for deleting duplicates: an overwrite, since it deletes an
// object from the org, so it waits for the admin's yes.
func deletion(d Duplicate) Change {
	how := "delete"
	if d.Status == "ACTIVE" {
		how = "deactivate, then delete"
	}
	return Change{Action: ActionDelete, Object: d.Object(), Overwrite: true, Details: []string{
		fmt.Sprintf("a second copy idme-okta made (same name, same settings); idme-okta keeps %s", d.Keeps),
		how,
	}}
}

// duplicatesNote says, for a report's detail, that copies are to be deleted.
func duplicatesNote(dups []Duplicate) string {
	if len(dups) == 0 {
		return ""
	}
	ids := make([]string, len(dups))
	for i, d := range dups {
		ids[i] = d.ID
	}
	return fmt.Sprintf("; %d more copy(ies) idme-okta made (%s) to delete", len(dups), strings.Join(ids, ", "))
}

// oldestFirst orders copies for keeping: the oldest first (Okta's created time; an unknown
// one last), then by position.
func oldestFirst(a, b time.Time) int {
	switch {
	case a.Equal(b):
		return 0
	case a.IsZero():
		return 1
	case b.IsZero():
		return -1
	case a.Before(b):
		return -1
	}
	return 1
}

// deleteDuplicates deactivates (when ACTIVE) and deletes each duplicate, as Okta requires;
// Okta's 404 means it is gone already, which is what deleting wants. It returns the writes
// made and what it did, for the step's result.
func deleteDuplicates(ctx context.Context, c *okta.Client, dups []Duplicate) (writes int, did []string, err error) {
	for _, d := range dups {
		var deactivate, del func(context.Context) error
		switch d.Kind {
		case kindTestApp:
			deactivate = func(ctx context.Context) error { return c.DeactivateApp(ctx, d.ID) }
			del = func(ctx context.Context) error { return c.DeleteApp(ctx, d.ID) }
		case kindRule:
			deactivate = func(ctx context.Context) error { return c.DeactivateRule(ctx, d.policyID, d.ID) }
			del = func(ctx context.Context) error { return c.DeleteRule(ctx, d.policyID, d.ID) }
		default:
			return writes, did, fmt.Errorf("idme-okta does not delete a %s", d.Kind)
		}
		writes0 := writes
		if d.Status == "ACTIVE" {
			switch err := deactivate(ctx); {
			case okta.IsNotFound(err):
				did = append(did, "found "+d.Object()+" gone already")
				continue
			case err != nil:
				return writes, did, fmt.Errorf("deactivate the copy %s: %w", d.Object(), err)
			}
			writes++
		}
		switch err := del(ctx); {
		case okta.IsNotFound(err) && writes == writes0:
			did = append(did, "found "+d.Object()+" gone already")
			continue
		case okta.IsNotFound(err):
		case err != nil:
			return writes, did, fmt.Errorf("delete the copy %s: %w", d.Object(), err)
		default:
			writes++
		}
		did = append(did, "deleted the copy "+d.Object())
	}
	return writes, did, nil
}

// Kinds of duplicates.
const (
	kindTestApp = "test app"
	kindRule    = "routing rule"
)

// sameSet reports whether a and b hold the same strings, in any order.
func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
