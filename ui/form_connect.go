package ui

import (
	"cmp"
	"errors"
	"strings"

	"github.com/charmbracelet/huh"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/steps"
)

// connectAnswers are the connect page's questions: the org, how to sign in to Okta, and the
// token or the service app. The form fills a copy of the answers, which store takes the
// connection's from. The token is only ever drawn masked, and never printed.
type connectAnswers struct {
	sess        *session
	a           steps.Answers
	token       string
	tokenPreset bool // a token came with the options
}

func newConnectAnswers(sess *session) *connectAnswers {
	setup := sess.setup()
	c := &connectAnswers{sess: sess, a: setup.Answers, tokenPreset: setup.Secrets.APIToken != ""}
	c.a.AuthMethod = cmp.Or(c.a.AuthMethod, steps.AuthToken)
	return c
}

func (c *connectAnswers) form() *form {
	tokenDesc := "Security > API > Tokens, created by a Super Administrator. It is not shown or saved."
	if c.tokenPreset {
		tokenDesc = "Leave empty to use " + c.sess.tokenSource() + ". It is not shown or saved."
	}
	a := &c.a
	org := inputField("Okta org URL", "For example https://dev-123456.okta.com — an Admin Console (-admin) address is fine.", &a.OrgURL,
		func(v string) error { _, err := okta.NormalizeOrgURL(v); return err })
	org.input.Placeholder("https://dev-123456.okta.com")
	return defineForm(
		group(
			org,
			choiceField("Sign in to Okta with", &a.AuthMethod,
				huh.NewOption("an API token (SSWS)", steps.AuthToken),
				huh.NewOption("an OAuth 2.0 service app (private key JWT)", steps.AuthServiceApp),
			),
		),
		group(
			secretField("API token", tokenDesc, &c.token, func(v string) error {
				if strings.TrimSpace(v) == "" && !c.tokenPreset {
					return errors.New("enter the API token (Security > API > Tokens)")
				}
				return nil
			}),
		).hideUnless(func() bool { return a.AuthMethod == steps.AuthToken }),
		group(
			inputField("Service app client ID", "", &a.ServiceAppClientID, nonEmpty("the client ID of the API Services app")),
			inputField("Key ID (kid)", "Optional: the id of the public key registered on the app.", &a.ServiceAppKeyID, nil),
			inputField("Private key file (PEM)", "A path; the key stays in its file and is not saved.", &a.PrivateKeyFile,
				nonEmpty("the path of the PEM file with the app's private key")),
		).hideUnless(func() bool { return a.AuthMethod == steps.AuthServiceApp }),
	)
}

// store writes the answers and the token into the setup (no command reads it while the form
// is open).
func (c *connectAnswers) store() error {
	org, err := okta.NormalizeOrgURL(c.a.OrgURL)
	if err != nil {
		return err
	}
	to := &c.sess.setup().Answers
	to.OrgURL, to.AuthMethod = org, c.a.AuthMethod
	to.ServiceAppClientID = strings.TrimSpace(c.a.ServiceAppClientID)
	to.ServiceAppKeyID = strings.TrimSpace(c.a.ServiceAppKeyID)
	to.PrivateKeyFile = strings.TrimSpace(c.a.PrivateKeyFile)
	if t := strings.TrimSpace(c.token); t != "" {
		c.sess.setup().Secrets.APIToken, c.sess.tokenTyped = t, true
	}
	return nil
}

// rejected forgets the token of a connection that failed, typed or preset: it is not offered
// again ("leave empty to use …" would send the rejected token once more), and the token is
// asked.
func (c *connectAnswers) rejected() {
	c.token, c.tokenPreset = "", false
	c.sess.setup().Secrets.APIToken = ""
}
