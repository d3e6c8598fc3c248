package simtest

import (
	"regexp"
	"testing"
)

// Redacted is what Redact puts in place of a client secret.
const Redacted = "[redacted]"

// secretKeys are the JSON keys whose values are secrets in Okta objects: an IdP's
// protocol.credentials.client.client_secret (Okta's GET returns it in clear, and so does
// the simulated org's Snapshot) and an app's credentials.oauthClient.client_secret.
var secretKeys = map[string]bool{"client_secret": true}

// secretInText finds "client_secret": "…" in JSON text.
var secretInText = regexp.MustCompile(`("client_secret"\s*:\s*)"(?:[^"\\]|\\.)*"`)

// Redact returns v ready for a test failure message: a copy of a decoded JSON value
// (objects, arrays, slices of objects) or of JSON text ([]byte or string) with every client
// secret replaced by Redacted. Other values come back unchanged. Use it whenever a test
// prints an IdP or app as Okta returns it, so that a failing test never shows a secret.
func Redact(v any) any {
	switch x := v.(type) {
	case []byte:
		return secretInText.ReplaceAllString(string(x), `$1"`+Redacted+`"`)
	case string:
		return secretInText.ReplaceAllString(x, `$1"`+Redacted+`"`)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, val := range x {
			if secretKeys[k] && val != nil {
				out[k] = Redacted
				continue
			}
			out[k] = Redact(val)
		}
		return out
	case []map[string]any:
		out := make([]any, len(x))
		for i, val := range x {
			out[i] = Redact(val)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, val := range x {
			out[i] = Redact(val)
		}
		return out
	}
	return v
}

// CheckSecret fails t unless got is the secret want; the failure names what differs but
// shows neither value.
func CheckSecret(t testing.TB, what string, got any, want string) {
	t.Helper()
	if s, ok := got.(string); !ok || s != want {
		t.Errorf("%s differs from the expected secret (values not shown)", what)
	}
}
