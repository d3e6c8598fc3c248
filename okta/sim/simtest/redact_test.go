package simtest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

const canary = `canary-secret-"quoted"-0d41`

// An IdP as the simulated org stores it prints without its client secret, in every shape a
// test might print: the snapshot's objects and the raw text of an API answer.
func TestRedactHidesClientSecretsOfSnapshotsAndBodies(t *testing.T) {
	org := simtest.Start(t)
	raw := createIdP(t, org.URL(), org.AdminToken(), canary)
	if !bytes.Contains(raw, []byte(`canary-secret-\"quoted\"-0d41`)) {
		t.Fatalf("the create answer lacks the secret it should show; cannot test redaction of: %s", simtest.Redact(raw))
	}
	snap := org.Snapshot()
	if len(snap.IdPs) != 1 {
		t.Fatalf("%d IdPs in the snapshot", len(snap.IdPs))
	}
	var decoded any
	if err := json.Unmarshal(raw, &decoded); err != nil {
		t.Fatal(err)
	}
	for name, v := range map[string]any{
		"snapshot IdPs": snap.IdPs, "one snapshot IdP": snap.IdPs[0], "decoded answer": decoded,
		"answer bytes": raw, "answer text": string(raw), "indented text": indent(t, raw),
	} {
		out := fmt.Sprintf("%v", simtest.Redact(v))
		if strings.Contains(out, "canary-secret") {
			t.Errorf("%s: the secret is shown: %s", name, out)
		}
		if !strings.Contains(out, simtest.Redacted) || !strings.Contains(out, "idme-client-redact") {
			t.Errorf("%s: want the secret marked redacted and the rest kept: %s", name, out)
		}
	}
	if got := snap.IdPs[0]["protocol"].(map[string]any)["credentials"].(map[string]any)["client"].(map[string]any)["client_secret"]; got != canary {
		t.Errorf("Redact changed the snapshot itself: client_secret %v", simtest.Redact(got))
	}
}

func indent(t *testing.T, raw []byte) string {
	var b bytes.Buffer
	if err := json.Indent(&b, raw, "", "  "); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func createIdP(t *testing.T, orgURL, token, secret string) []byte {
	t.Helper()
	body, err := json.Marshal(map[string]any{
		"type": "OIDC", "name": "ID.me redaction", "issuerMode": "ORG_URL",
		"protocol": map[string]any{
			"type": "OIDC", "scopes": []string{"openid"},
			"endpoints": map[string]any{
				"authorization": map[string]any{"url": "https://api.idmelabs.com/oauth/authorize", "binding": "HTTP-REDIRECT"},
				"token":         map[string]any{"url": "https://api.idmelabs.com/oauth/token", "binding": "HTTP-POST"},
				"jwks":          map[string]any{"url": "https://api.idmelabs.com/oidc/.well-known/jwks", "binding": "HTTP-REDIRECT"},
			},
			"issuer":      map[string]any{"url": "https://api.idmelabs.com/oidc"},
			"credentials": map[string]any{"client": map[string]any{"client_id": "idme-client-redact", "client_secret": secret}},
		},
		"policy": map[string]any{
			"provisioning": map[string]any{"action": "AUTO", "profileMaster": true,
				"groups": map[string]any{"action": "NONE"}},
			"accountLink":  map[string]any{"action": "AUTO"},
			"subject":      map[string]any{"userNameTemplate": map[string]any{"template": "idpuser.email"}, "matchType": "USERNAME_OR_EMAIL"},
			"maxClockSkew": 0,
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, orgURL+"/api/v1/idps", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "SSWS "+token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("create IdP: %d %s", resp.StatusCode, simtest.Redact(raw))
	}
	return raw
}

func TestCheckSecretShowsNeitherValue(t *testing.T) {
	for _, got := range []any{"canary-got-1", nil, 42} {
		r := &recorder{TB: t}
		simtest.CheckSecret(r, "client_secret", got, "canary-want-2")
		if len(r.errors) != 1 || !strings.Contains(r.errors[0], "client_secret differs") {
			t.Errorf("CheckSecret(%T) reported %q", got, r.errors)
		}
		if out := strings.Join(r.errors, "\n"); strings.Contains(out, "canary") {
			t.Errorf("the failure shows a secret: %s", out)
		}
	}
	r := &recorder{TB: t}
	simtest.CheckSecret(r, "client_secret", "canary-want-2", "canary-want-2")
	if len(r.errors) != 0 {
		t.Errorf("a matching secret failed: %q", r.errors)
	}
}
