package signin

import (
	"context"
	"sync"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/steps"
)

// stubReader is an in-memory Okta for the diagnosis: what Run reads, nothing else.
type stubReader struct {
	mu       sync.Mutex
	users    map[string]*okta.User
	idpUsers map[string]*okta.IdPUser // by user id
	schema   map[string]okta.Attribute
	idp      *okta.IdP
	app      *okta.OIDCApp
	events   []okta.LogEvent
	queries  []okta.LogQuery
	failLogs error
}

func notFound() error { return &okta.APIError{Op: "stub", Status: 404, Code: "E0000007"} }

// healthyStub is an org where the sign-in of user sub through the IdP worked and every
// default mapping row filled.
func healthyStub(clientID, idpID, sub, redirectURI string) *stubReader {
	idmeProfile := map[string]any{
		"uuid": "5f0c8e3a9b1d4c7e8a2f6b0d3e9c1a74", "email": "jane.veteran@example.com", "fname": "JANE", "mname": "QUINN",
		"lname": "VETERAN", "phone": "12065550143", "street": "145 N Hayden Bay Dr", "city": "Portland", "state": "OR", "zip": "97217",
	}
	user := map[string]any{"login": "jane.veteran@example.com"}
	schema := map[string]okta.Attribute{}
	for _, row := range steps.DefaultMappings() {
		user[row.Attribute] = idmeProfile[row.Claim]
		schema[row.Claim] = okta.Attribute{Name: row.Claim, ExternalName: row.Claim}
	}
	schema["email"] = okta.Attribute{Name: "email", ExternalName: "email", Base: true}
	return &stubReader{
		users:    map[string]*okta.User{sub: {ID: sub, Status: "ACTIVE", Login: "jane.veteran@example.com", Profile: user}},
		idpUsers: map[string]*okta.IdPUser{sub: {ID: sub, ExternalID: "5f0c8e3a9b1d4c7e8a2f6b0d3e9c1a74", Profile: idmeProfile}},
		schema:   schema,
		idp: &okta.IdP{ID: idpID, Name: "ID.me IdP - OIDC", Type: "OIDC", Status: "ACTIVE", Scopes: []string{"openid", "teacher"},
			RedirectURI: "https://org.example/oauth2/v1/authorize/callback"},
		app: &okta.OIDCApp{ID: clientID, ClientID: clientID, Status: "ACTIVE", RedirectURIs: []string{redirectURI}},
	}
}

func (s *stubReader) GetUser(_ context.Context, id string) (*okta.User, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u, ok := s.users[id]; ok {
		return u, nil
	}
	return nil, notFound()
}

func (s *stubReader) GetIdPUser(_ context.Context, idpID, userID string) (*okta.IdPUser, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.idp == nil || s.idp.ID != idpID {
		return nil, notFound()
	}
	if u, ok := s.idpUsers[userID]; ok {
		return u, nil
	}
	return nil, notFound()
}

func (s *stubReader) IdPSchema(_ context.Context, idpID string) (map[string]okta.Attribute, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.idp == nil || s.idp.ID != idpID {
		return nil, notFound()
	}
	return s.schema, nil
}

func (s *stubReader) GetIdP(_ context.Context, id string) (*okta.IdP, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.idp == nil || s.idp.ID != id {
		return nil, notFound()
	}
	cp := *s.idp
	return &cp, nil
}

func (s *stubReader) GetOIDCApp(_ context.Context, id string) (*okta.OIDCApp, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.app == nil || s.app.ID != id {
		return nil, notFound()
	}
	cp := *s.app
	return &cp, nil
}

func (s *stubReader) ListLogEvents(_ context.Context, q okta.LogQuery) ([]okta.LogEvent, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queries = append(s.queries, q)
	if s.failLogs != nil {
		return nil, s.failLogs
	}
	var out []okta.LogEvent
	for _, e := range s.events {
		if (q.Since.IsZero() || !e.Published.Before(q.Since)) && e.Published.Before(q.Until) {
			out = append(out, e)
		}
	}
	return out, nil
}
