package signin

import (
	"context"

	"github.com/idme-okta/idme-okta/okta"
)

// reader is the part of the Okta client the test sign-in reads with. *okta.Client is one;
// unit tests give a stub, so the diagnosis can be tested without an org.
type reader interface {
	GetUser(ctx context.Context, idOrLogin string) (*okta.User, error)
	GetIdPUser(ctx context.Context, idpID, userID string) (*okta.IdPUser, error)
	IdPSchema(ctx context.Context, idpID string) (map[string]okta.Attribute, error)
	GetIdP(ctx context.Context, id string) (*okta.IdP, error)
	GetOIDCApp(ctx context.Context, id string) (*okta.OIDCApp, error)
	ListLogEvents(ctx context.Context, q okta.LogQuery) ([]okta.LogEvent, error)
}

var _ reader = (*okta.Client)(nil)
