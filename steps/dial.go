package steps

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/idme-okta/idme-okta/okta"
)

// Auth methods of Answers.AuthMethod.
const (
	AuthToken      = "token"
	AuthServiceApp = "service-app"
)

// Dial turns answers and secrets into an Okta client: the one place that decides how we
// authenticate. With AuthMethod "token" (or empty) it uses Secrets.APIToken; with
// "service-app" it signs in as an OAuth service app with a private key JWT, the key coming
// from Secrets.PrivateKeyPEM or else from the file Answers.PrivateKeyFile. It does not contact
// Okta; the connect step does.
func Dial(answers Answers, secrets Secrets, userAgent string) (*okta.Client, error) {
	cfg := okta.Config{OrgURL: answers.OrgURL, UserAgent: userAgent}
	switch answers.AuthMethod {
	case "", AuthToken:
		if strings.TrimSpace(secrets.APIToken) == "" {
			return nil, errors.New("connect to Okta: no API token: enter one, or set it in the environment (create it in the Okta Admin Console under Security > API > Tokens, as a Super Administrator)")
		}
		cfg.Token = secrets.APIToken
	case AuthServiceApp:
		key, err := privateKey(answers, secrets)
		if err != nil {
			return nil, err
		}
		cfg.ServiceApp = &okta.ServiceApp{
			ClientID:      answers.ServiceAppClientID,
			KeyID:         answers.ServiceAppKeyID,
			PrivateKeyPEM: key,
		}
	default:
		return nil, fmt.Errorf("connect to Okta: authentication method %q is not known: use %q or %q", answers.AuthMethod, AuthToken, AuthServiceApp)
	}
	c, err := okta.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to Okta: %w", err)
	}
	return c, nil
}

// privateKey returns the service app's private key: given directly, or read from its file.
// Errors name the file, never its content.
func privateKey(a Answers, s Secrets) ([]byte, error) {
	if len(s.PrivateKeyPEM) > 0 {
		return s.PrivateKeyPEM, nil
	}
	if a.PrivateKeyFile == "" {
		return nil, errors.New("connect to Okta: the service app's private key is missing: give the path of its PEM file")
	}
	b, err := os.ReadFile(a.PrivateKeyFile)
	if err != nil {
		return nil, fmt.Errorf("connect to Okta: read the service app's private key: %w", err)
	}
	return b, nil
}
