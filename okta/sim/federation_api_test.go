package sim

import (
	"encoding/json"
	"net/http"
	"testing"
)

// acceptAll stands in for the spec validator in package-internal tests.
type acceptAll struct{}

func (acceptAll) Validate(*http.Request, []byte) error { return nil }

// The internal API that federation (JIT sign-in) builds on: create a user, link it to an
// IdP subject, log the sign-in. What it creates must be visible through the management API.
func TestUserCreationAndIdPLinkingAPI(t *testing.T) {
	org, err := Start(Options{Validator: acceptAll{}})
	if err != nil {
		t.Fatal(err)
	}
	defer org.Close()

	org.mu.Lock()
	now := org.now()
	p := &idp{seq: org.nextSeq(), id: newID(prefixApp), status: "ACTIVE", created: now, lastUpdated: now,
		body: JSON{"name": "ID.me", "type": "OIDC"}}
	org.idps = append(org.idps, p)
	u := org.createUser(newUserInput{Profile: JSON{"login": "pat@example.com", "email": "pat@example.com",
		"firstName": "Pat", "lastName": "Doe"}, Provider: "FEDERATION"}, now)
	org.linkIdPUser(p.id, u, "idme-sub-1", JSON{"email": "pat@example.com", "uuid": "abc"}, now)
	again := org.linkIdPUser(p.id, u, "idme-sub-1", JSON{"email": "pat@example.com", "uuid": "def"}, now)
	org.logEvent(logInput{eventType: "user.authentication.auth_via_IDP", displayMessage: "Authenticate user via IDP",
		actor: userActor(u), targets: []logTarget{idpTarget(p)}, authContext: JSON{"authenticationProvider": "FEDERATION"}}, now)
	org.mu.Unlock()

	if strAt(again.profile, "uuid") != "def" || len(org.idpUsers) != 1 {
		t.Errorf("re-linking the same subject must refresh the link, not add one: %d links", len(org.idpUsers))
	}
	get := func(path string) JSON {
		req, _ := http.NewRequest(http.MethodGet, org.URL()+path, nil)
		req.Header.Set("Authorization", "SSWS "+org.AdminToken())
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out JSON
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		return out
	}
	linked := get("/api/v1/idps/" + p.id + "/users/" + u.id)
	if linked["externalId"] != "idme-sub-1" || strAt(linked, "profile", "uuid") != "def" {
		t.Errorf("IdP user = %v", linked)
	}
	if got := get("/api/v1/users/" + u.id); strAt(got, "credentials", "provider", "type") != "FEDERATION" {
		t.Errorf("JIT user credentials = %v", got["credentials"])
	}
	events := org.Snapshot().LogEvents
	if len(events) != 1 || strAt(events[0], "authenticationContext", "authenticationProvider") != "FEDERATION" {
		t.Errorf("log events = %v", events)
	}
}

// SpecCheckOn tells a working spec check from one switched off (simtest fails a suite's
// cleanup on it, so "no spec violations" cannot pass vacuously).
func TestSpecCheckOnTellsACheckSwitchedOff(t *testing.T) {
	off, err := Start(Options{Validator: acceptAll{}})
	if err != nil {
		t.Fatal(err)
	}
	defer off.Close()
	if off.SpecCheckOn() == nil {
		t.Error("a check that accepts everything passes as on")
	}
	on, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer on.Close()
	if err := on.SpecCheckOn(); err != nil {
		t.Errorf("Okta's spec: %v", err)
	}
}
