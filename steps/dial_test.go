package steps

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDialNeedsCredentials(t *testing.T) {
	a := DefaultAnswers()
	a.OrgURL = "https://dev-1.okta.com"
	if _, err := Dial(a, Secrets{}, "test"); err == nil || !strings.Contains(err.Error(), "API token") {
		t.Errorf("no token: err = %v", err)
	}
	c, err := Dial(a, Secrets{APIToken: "canary-token"}, "test")
	if err != nil {
		t.Fatal(err)
	}
	if c.OrgURL() != "https://dev-1.okta.com" {
		t.Errorf("org = %s", c.OrgURL())
	}
	a.AuthMethod = "password"
	if _, err := Dial(a, Secrets{APIToken: "x"}, "test"); err == nil || !strings.Contains(err.Error(), "service-app") {
		t.Errorf("unknown method: err = %v", err)
	}
}

func TestDialServiceAppReadsTheKeyFileAndNeverShowsIt(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	path := filepath.Join(t.TempDir(), "key.pem")
	if err := os.WriteFile(path, pemKey, 0o600); err != nil {
		t.Fatal(err)
	}
	a := DefaultAnswers()
	a.OrgURL, a.AuthMethod, a.ServiceAppClientID = "https://dev-1.okta.com", AuthServiceApp, "0oaSERVICE"

	if _, err := Dial(a, Secrets{}, "test"); err == nil || !strings.Contains(err.Error(), "private key") {
		t.Errorf("no key: err = %v", err)
	}
	a.PrivateKeyFile = filepath.Join(t.TempDir(), "missing.pem")
	if _, err := Dial(a, Secrets{}, "test"); err == nil || !strings.Contains(err.Error(), "missing.pem") {
		t.Errorf("missing key file: err = %v", err)
	}
	a.PrivateKeyFile = path
	if _, err := Dial(a, Secrets{}, "test"); err != nil {
		t.Errorf("key from file: %v", err)
	}
	a.PrivateKeyFile = ""
	if _, err := Dial(a, Secrets{PrivateKeyPEM: pemKey}, "test"); err != nil {
		t.Errorf("key from secrets: %v", err)
	}
	// A file that is not a key: the error must not echo its content.
	bad := filepath.Join(t.TempDir(), "bad.pem")
	if err := os.WriteFile(bad, []byte("canary-not-a-key"), 0o600); err != nil {
		t.Fatal(err)
	}
	a.PrivateKeyFile = bad
	_, err = Dial(a, Secrets{}, "test")
	if err == nil || strings.Contains(err.Error(), "canary") {
		t.Errorf("bad key: err = %v", err)
	}
}

func TestSetupOrgURLIsTheDialedOrgElseTheAnswer(t *testing.T) {
	a := DefaultAnswers()
	a.OrgURL = "https://dev-1-admin.okta.com/admin/dashboard"
	if got := NewSetup(nil, a, Secrets{}, Objects{}).OrgURL(); got != a.OrgURL {
		t.Errorf("without a client: %s, want the answer %s", got, a.OrgURL)
	}
	c, err := Dial(a, Secrets{APIToken: "canary-token"}, "test")
	if err != nil {
		t.Fatal(err)
	}
	s := NewSetup(c, a, Secrets{}, Objects{})
	if got := s.OrgURL(); got != "https://dev-1.okta.com" {
		t.Errorf("with a client: %s, want the org the client normalized", got)
	}
	if got := s.Progress().OrgURL; got != s.OrgURL() {
		t.Errorf("progress names org %s, the setup %s", got, s.OrgURL())
	}
}
