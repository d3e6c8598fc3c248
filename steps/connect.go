package steps

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/idme-okta/idme-okta/okta"
)

// connect is the preflight: before anything is written it checks who the credentials
// belong to and that they may do what the guide needs, and it makes the reads the later
// checks need, concurrently: every step that declares its reads (prefetcher) is asked for
// them at once, so the whole status appears after two or three round trips.
type connect struct{}

// Connect returns the read-only preflight step.
func Connect() Step { return connect{} }

func (connect) ID() string      { return IDConnect }
func (connect) Title() string   { return "Connect to Okta" }
func (connect) checkPhase() int { return phasePreflight }
func (connect) Facts() Facts    { return Facts{ShortTitle: "Connect to Okta", Page: PageConnect} }

// ConnectError is the connect step's verdict when the credentials cannot do the setup. Its
// message says what is wrong and what to do; Err (an *okta.APIError when Okta refused) is
// kept for errors.As.
type ConnectError struct {
	Message string
	Err     error
}

func (e *ConnectError) Error() string { return e.Message }
func (e *ConnectError) Unwrap() error { return e.Err }

// Admin roles that can create identity providers and routing rules. Okta reserves
// identity providers to super administrators.
const roleSuperAdmin = "SUPER_ADMIN"

var roleNames = map[string]string{
	"SUPER_ADMIN":                 "Super Administrator",
	"ORG_ADMIN":                   "Organization Administrator",
	"APP_ADMIN":                   "Application Administrator",
	"USER_ADMIN":                  "Group Administrator",
	"HELP_DESK_ADMIN":             "Help Desk Administrator",
	"READ_ONLY_ADMIN":             "Read-Only Administrator",
	"MOBILE_ADMIN":                "Mobile Administrator",
	"API_ACCESS_MANAGEMENT_ADMIN": "API Access Management Administrator",
	"REPORT_ADMIN":                "Report Administrator",
	"GROUP_MEMBERSHIP_ADMIN":      "Group Membership Administrator",
}

func roleName(t string) string {
	if n, ok := roleNames[t]; ok {
		return n
	}
	return t
}

const tokenAdvice = "create the token as a Super Administrator (Security > API > Tokens)"

func (st connect) Check(ctx context.Context, s *Setup) (Report, error) {
	s.Refresh() // every connect starts from what Okta says now
	a := s.Answers
	serviceApp := a.AuthMethod == AuthServiceApp

	// Everything the later checks read first, all at once. Each read lands in the Setup's
	// read cache, where the step checks find it.
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		errs  []error
		admin *okta.User
		roles []string
	)
	run := func(f func(ctx context.Context) error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := f(ctx); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		}()
	}
	if !serviceApp {
		// A service app is not a user: it has no "me" and its roles are not listed here.
		run(func(ctx context.Context) error {
			u, err := s.Okta.WhoAmI(ctx)
			if err != nil {
				return err
			}
			r, err := s.Okta.AdminRoles(ctx, u.ID)
			if err != nil {
				return err
			}
			mu.Lock()
			admin, roles = u, r
			mu.Unlock()
			return nil
		})
	}
	s.Record(func(o *Objects) { o.Engine = "" }) // what the last run saw is not evidence
	run(func(ctx context.Context) error {
		engine, err := s.Okta.OrgEngine(ctx)
		if err == nil {
			s.Record(func(o *Objects) { o.Engine = engine })
		}
		return err
	})
	for _, st := range All() {
		if p, ok := st.(prefetcher); ok {
			run(func(ctx context.Context) error { return p.prefetch(ctx, s) })
		}
	}
	wg.Wait()

	org := s.Okta.OrgURL()
	if len(errs) > 0 {
		err := firstByCause(errs)
		return failed(&ConnectError{Message: connectFailure(org, serviceApp, err), Err: err})
	}

	if serviceApp {
		return Report{
			Status: StatusDone,
			Detail: fmt.Sprintf("connected to %s (%s) as service app %s", org, s.Known().Engine, a.ServiceAppClientID),
			Notes:  []string{"A service app's admin role cannot be checked in advance: if a write is refused (E0000006), assign it the Super Administrator role (Applications > the app > Admin roles)."},
		}, nil
	}
	who := admin.Login
	if who == "" {
		who = admin.ID
	}
	if !slices.Contains(roles, roleSuperAdmin) {
		msg := fmt.Sprintf("this token belongs to %s %s; the wizard must create an identity provider, profile attributes, mappings and a routing rule, which Okta allows only to Super Administrators: %s",
			rolesText(roles), who, tokenAdvice)
		return failed(&ConnectError{Message: msg})
	}
	return Report{
		Status: StatusDone,
		Detail: fmt.Sprintf("connected to %s (%s) as %s (%s)", org, s.Known().Engine, who, roleName(roleSuperAdmin)),
	}, nil
}

// firstByCause picks the error to explain: credentials problems first (they explain every
// other failure), then permissions, then whatever came first.
func firstByCause(errs []error) error {
	for _, test := range []func(error) bool{okta.IsUnauthorized, okta.IsForbidden} {
		for _, err := range errs {
			if test(err) {
				return err
			}
		}
	}
	return errs[0]
}

// connectFailure says what went wrong in terms of what to do. Okta's errors usually carry
// a hint already (okta.APIError); the advice here is added only when they do not.
func connectFailure(org string, serviceApp bool, err error) string {
	apiErr, _ := okta.AsAPIError(err)
	say := func(what, advice string) string {
		msg := fmt.Sprintf("%s: %v", what, err)
		if apiErr == nil || apiErr.Hint == "" {
			msg += ": " + advice
		}
		return msg
	}
	switch {
	case okta.IsUnauthorized(err) && serviceApp:
		return say(org+" did not accept the service app's credentials",
			"check the client ID, the key id and that the public key registered on the app matches the private key")
	case okta.IsUnauthorized(err):
		return say(org+" did not accept the API token", "check it was copied whole and has not expired or been revoked, or "+tokenAdvice)
	case okta.IsForbidden(err) && serviceApp:
		return say("the service app may not read what the setup needs",
			"grant it the scopes "+strings.Join(okta.DefaultScopes(), ", ")+" and the Super Administrator role")
	case okta.IsForbidden(err):
		return say("the token may not read what the setup needs", tokenAdvice)
	case apiErr != nil && apiErr.Status == 0:
		return say("cannot reach "+org, "check the org URL and your network or proxy")
	}
	return fmt.Sprintf("connect to %s: %v", org, err)
}

// failed is the Report of a connect that cannot go on: StatusError, saying why.
func failed(err error) (Report, error) {
	return Report{Status: StatusError, Detail: err.Error()}, err
}

func rolesText(roles []string) string {
	if len(roles) == 0 {
		return "a user with no admin role"
	}
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = roleName(r)
	}
	return strings.Join(names, " and ")
}

// Apply has nothing to do: connect never writes.
func (connect) Apply(ctx context.Context, s *Setup, r Report) (Result, error) {
	return Result{Detail: r.Detail}, nil
}
