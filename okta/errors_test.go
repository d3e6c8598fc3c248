package okta

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"unicode"
)

func TestAPIErrorMessage(t *testing.T) {
	e := &APIError{
		Op: "create identity provider", Method: "POST", Path: "/api/v1/idps", Status: 400,
		RequestID: "Y",
	}
	e.fillFromBody([]byte(`{"errorCode":"E0000001","errorSummary":"Api validation failed: name","errorLink":"E0000001","errorId":"oaeX","errorCauses":[{"errorSummary":"A duplicate name exists"}]}`))
	e.Hint = "fix it"
	want := `create identity provider: Okta said 400 E0000001 "Api validation failed: name" (A duplicate name exists) [errorId oaeX, request id Y] — fix it`
	if got := e.Error(); got != want {
		t.Errorf("Error() =\n%s\nwant\n%s", got, want)
	}
	if e.Link != "E0000001" || len(e.Causes) != 1 {
		t.Errorf("decoded %+v", e)
	}
}

func TestAPIErrorMessageShapes(t *testing.T) {
	cases := []struct {
		name string
		e    APIError
		body string
		want string
	}{
		{
			name: "oauth body",
			e:    APIError{Op: "read user", Status: 401},
			body: `{"error":"invalid_client","error_description":"The client_assertion signature is invalid."}`,
			want: `read user: Okta said 401 invalid_client "The client_assertion signature is invalid."`,
		},
		{
			name: "no body",
			e:    APIError{Op: "list identity providers", Status: 429, RequestID: "r1"},
			want: `list identity providers: Okta said 429 Too Many Requests [request id r1]`,
		},
		{
			name: "html body from a proxy",
			e:    APIError{Op: "read user", Status: 502},
			body: `<html><body>Bad gateway</body></html>`,
			want: `read user: Okta said 502 Bad Gateway`,
		},
		{
			name: "transport failure",
			e:    APIError{Op: "read user", Method: "GET", Path: "/api/v1/users/me", Err: errors.New("connection refused"), Hint: "could not reach x"},
			want: `read user: GET /api/v1/users/me: connection refused — could not reach x`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := tc.e
			e.fillFromBody([]byte(tc.body))
			if got := e.Error(); got != tc.want {
				t.Errorf("Error() = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestAPIErrorFixtures(t *testing.T) {
	cases := []struct {
		file, code, summary string
		status              int
		is                  func(error) bool
	}{
		{"error_404.json", "E0000007", "Not found: Resource not found: 0oanope (IdentityProvider)", 404, IsNotFound},
		{"error_429.json", "E0000047", "API call exceeded rate limit due to too many requests.", 429, IsRateLimited},
		{"error_401.json", "E0000011", "Invalid token provided", 401, IsUnauthorized},
		{"error_403.json", "E0000006", "You do not have permission to perform the requested action", 403, IsForbidden},
	}
	for _, tc := range cases {
		e := &APIError{Op: "x", Status: tc.status}
		e.fillFromBody(mustRead(tc.file))
		if e.Code != tc.code || e.Summary != tc.summary || e.ErrorID == "" {
			t.Errorf("%s decoded to code %q summary %q errorId %q", tc.file, e.Code, e.Summary, e.ErrorID)
		}
		wrapped := fmt.Errorf("step: %w", e)
		if !tc.is(wrapped) {
			t.Errorf("%s: predicate false for a wrapped %d", tc.file, tc.status)
		}
		if got, ok := AsAPIError(wrapped); !ok || got != e {
			t.Errorf("AsAPIError did not find the error")
		}
	}
}

func TestPredicatesAreExclusive(t *testing.T) {
	notFound := &APIError{Status: 404, Code: "E0000007"}
	if IsRateLimited(notFound) || IsForbidden(notFound) || IsUnauthorized(notFound) {
		t.Error("a 404 matched another predicate")
	}
	featureOff := &APIError{Status: 401, Code: "E0000015"}
	if IsUnauthorized(featureOff) {
		t.Error("E0000015 (feature not enabled) must not count as bad credentials")
	}
	if IsNotFound(errors.New("404 Not Found")) {
		t.Error("a plain error must not count as an APIError")
	}
	if _, ok := AsAPIError(nil); ok {
		t.Error("AsAPIError(nil) found something")
	}
}

func TestHints(t *testing.T) {
	token := hintContext{orgURL: "https://dev-1.okta.com"}
	app := hintContext{orgURL: "https://dev-1.okta.com", serviceApp: true}
	cases := []struct {
		name string
		h    hintContext
		e    APIError
		want string
	}{
		{"E0000001 with causes", token, APIError{Status: 400, Code: "E0000001", Causes: []string{"x"}}, "the cause line names it"},
		{"E0000004", token, APIError{Status: 401, Code: "E0000004"}, "Security > API > Tokens"},
		{"E0000006 token", token, APIError{Op: opCreateIdP, Status: 403, Code: "E0000006"}, "Super Administrator (OAuth scope: okta.idps.manage)"},
		{"E0000006 service app", app, APIError{Op: opUpdateMapping, Status: 403, Code: "E0000006"}, "needs the okta.profileMappings.manage scope"},
		{"E0000007", token, APIError{Status: 404, Code: "E0000007"}, "does not exist"},
		{"E0000011", token, APIError{Status: 401, Code: "E0000011"}, "the API token is invalid, expired or was revoked: create a new one in Security > API > Tokens"},
		{"E0000011 service app", app, APIError{Status: 401, Code: "E0000011"}, "Okta rejected the service app's access token"},
		{"E0000015", token, APIError{Status: 401, Code: "E0000015"}, "not enabled"},
		{"E0000047", token, APIError{Status: 429, Code: "E0000047"}, "wait a minute"},
		{"E0000239", token, APIError{Status: 423, Code: "E0000239"}, "reconciling policy priorities"},
		{"401 service app without body", app, APIError{Status: 401}, "service app's access token"},
		{"invalid_scope", app, APIError{Status: 400, OAuthError: "invalid_scope"}, "Okta API Scopes tab"},
		{"500", token, APIError{Status: 500, Code: "E0000009"}, "internal error"},
	}
	for _, tc := range cases {
		e := tc.e
		if got := tc.h.hint(&e); !strings.Contains(got, tc.want) {
			t.Errorf("%s: hint %q does not contain %q", tc.name, got, tc.want)
		}
	}
	if got := token.hint(&APIError{Status: 409}); got != "" {
		t.Errorf("unexpected hint %q for a status without advice", got)
	}
}

// Every operation must have a scope, or an E0000006 would give the admin a useless hint. The
// operations are read from the package source, so that a new op constant without a scope
// fails here instead of needing this test to be edited as well.
func TestEveryOperationHasAScope(t *testing.T) {
	ops := opConstants(t)
	if len(ops) == 0 {
		t.Fatal("no op constants found in the package source")
	}
	if len(ops) != len(opScopes)+len(publicOps) {
		t.Errorf("%d operations but %d scopes and %d public operations", len(ops), len(opScopes), len(publicOps))
	}
	for name, op := range ops {
		if _, scoped := opScopes[op]; publicOps[op] && !scoped {
			continue
		}
		if !strings.HasPrefix(opScopes[op], "okta.") {
			t.Errorf("operation %s (%q) has no scope", name, op)
		}
	}
}

// opConstants returns the string constants named op<Name> declared in the package's
// non-test files, by name.
func opConstants(t *testing.T) map[string]string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	ops := map[string]string{}
	fset := token.NewFileSet()
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					rest, isOp := strings.CutPrefix(name.Name, "op")
					if !isOp || rest == "" || !unicode.IsUpper(rune(rest[0])) || i >= len(vs.Values) {
						continue
					}
					if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						if ops[name.Name], err = strconv.Unquote(lit.Value); err != nil {
							t.Fatal(err)
						}
					}
				}
			}
		}
	}
	return ops
}

func TestTransportHints(t *testing.T) {
	h := hintContext{orgURL: "https://dev-1.okta.com"}
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	if got := h.transportHint(refused); got != "could not reach https://dev-1.okta.com: check the URL and your network" {
		t.Errorf("refused: %q", got)
	}
	dns := &net.DNSError{Err: "no such host", Name: "dev-1.okta.com", IsNotFound: true}
	if got := h.transportHint(dns); !strings.Contains(got, "could not reach") {
		t.Errorf("dns: %q", got)
	}
	if got := h.transportHint(context.DeadlineExceeded); !strings.Contains(got, "did not answer in time") {
		t.Errorf("timeout: %q", got)
	}
	if got := h.transportHint(context.Canceled); got != "" {
		t.Errorf("cancel: %q", got)
	}
}

// The read before a full replace is reported as a read: "update identity provider: 404"
// would suggest the update itself went wrong.
func TestTheReadBeforeAReplaceIsNamedAsARead(t *testing.T) {
	cases := []struct {
		wantOp, get string
		replace     func(c *Client) error
	}{
		{opGetIdP, "/api/v1/idps/0oaGONE", func(c *Client) error {
			_, err := c.ReplaceIdP(context.Background(), IdP{ID: "0oaGONE", Name: "ID.me"})
			return err
		}},
		{opGetRule, "/api/v1/policies/00pP/rules/0prGONE", func(c *Client) error {
			_, err := c.ReplaceRule(context.Background(), Rule{PolicyID: "00pP", ID: "0prGONE", Name: "ID.me"})
			return err
		}},
		{opGetApp, "/api/v1/apps/0oaGONE", func(c *Client) error {
			_, err := c.SetOIDCAppRedirectURIs(context.Background(), "0oaGONE", []string{"http://127.0.0.1:1/callback"})
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.wantOp, func(t *testing.T) {
			f := newFakeOkta(t, routes(t, map[string]http.HandlerFunc{"GET " + tc.get: serve(404, "error_404.json")}))
			c, _ := newTestClient(t, f)
			err := tc.replace(c)
			if !IsNotFound(err) || !strings.HasPrefix(err.Error(), tc.wantOp+": Okta said 404") {
				t.Errorf("err = %v, want it to start with %q", err, tc.wantOp+": Okta said 404")
			}
			if n := len(f.Hits()); n != 1 {
				t.Errorf("%d requests, want only the read", n)
			}
		})
	}
}
