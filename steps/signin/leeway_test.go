package signin

import (
	"context"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
)

// The clock leeway forgives a machine clock a little ahead of Okta's, and no more: a token
// that expired 30 s ago is accepted, one that expired 2 minutes ago is refused. (Every other
// expiry test uses a token hours old, which a leeway of an hour would also refuse.)
func TestIDTokenClockLeeway(t *testing.T) {
	as := newFakeAS(t)
	provider, err := oidc.NewProvider(context.Background(), as.URL())
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().Truncate(time.Second)
	for _, c := range []struct {
		expiredAgo time.Duration
		accepted   bool
	}{
		{-time.Hour, true}, // expires in an hour
		{30 * time.Second, true},
		{2 * time.Minute, false},
		{time.Hour, false},
	} {
		exp := now.Add(-c.expiredAgo)
		raw := signRS256(t, as.key, "org-key", map[string]any{
			"iss": as.URL(), "aud": "0oaTEST", "sub": "00u1", "idp": "0oaIDME", "nonce": "n1",
			"iat": exp.Add(-time.Hour).Unix(), "exp": exp.Unix(),
		})
		check := tokenCheck{provider: provider, clientID: "0oaTEST", nonce: "n1", idpID: "0oaIDME", now: func() time.Time { return now }}
		claims, p := check.verify(context.Background(), raw)
		switch {
		case c.accepted && (p != nil || claims == nil):
			t.Errorf("expired %s ago: refused: %+v", c.expiredAgo, p)
		case !c.accepted && (p == nil || p.Code != CodeExpired):
			t.Errorf("expired %s ago: want %s, got %+v", c.expiredAgo, CodeExpired, p)
		}
	}
}
