package signin

import (
	"context"
	"fmt"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/steps"
)

// Run performs one test sign-in and reports what it found. The error is for a test that
// could not take place (bad options, no loopback port, the org's discovery document
// unreachable, the context cancelled); everything that went wrong in the sign-in itself is a
// Problem of a failing Result.
func Run(ctx context.Context, o Options) (*Result, error) {
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	return run(ctx, o, o.Okta)
}

func run(ctx context.Context, o Options, rd reader) (*Result, error) {
	start := o.Now()

	// Listen first: a browser sent to a port nobody listens on yet shows "connection
	// refused" and never retries.
	ln, port, fellBack, err := listenLoopback(o.Port)
	if err != nil {
		return nil, err
	}
	redirectURI := steps.CallbackURI(port)
	req := newAuthRequest(o.Flow, o.ClientID, o.IdPID, redirectURI)
	srv := startCallbackServer(ln, req.state)
	defer srv.close()

	res := &Result{RedirectURI: redirectURI}
	if fellBack != nil {
		res.Notes = append(res.Notes, fmt.Sprintf("Port %d was not available (%v): the test listens on port %d instead.", o.Port, fellBack, port))
	}
	if o.EnsurePort != nil {
		if err := o.EnsurePort(ctx, port); err != nil {
			return nil, fmt.Errorf("register %s on the test app: %w", redirectURI, err)
		}
	}
	provider, err := oidc.NewProvider(oidc.ClientContext(ctx, o.HTTPClient), o.OrgURL)
	if err != nil {
		return nil, fmt.Errorf("read the org's OpenID configuration (%s/.well-known/openid-configuration): %w", o.OrgURL, err)
	}
	res.AuthorizeURL = req.url(provider.Endpoint().AuthURL)
	o.Show(res.AuthorizeURL)

	// The browser opener runs aside: a slow or stuck one must not hold up the timeout or
	// cancellation, and its failure only matters if nobody comes back.
	browserErr := make(chan error, 1)
	if o.OpenBrowser != nil {
		go func() { browserErr <- o.OpenBrowser(res.AuthorizeURL) }()
	}
	timer := time.NewTimer(o.Timeout)
	defer timer.Stop()
	var cb *callback
	var openErr error
	for cb == nil {
		select {
		case got := <-srv.got:
			cb = &got
		case openErr = <-browserErr:
			if openErr != nil {
				res.Notes = append(res.Notes, fmt.Sprintf("The browser could not be opened (%v): open the URL yourself.", openErr))
			}
			browserErr = nil // reported; a nil channel is never ready
		case <-timer.C:
			select { // an opener that failed just now still explains the timeout
			case openErr = <-browserErr:
			default:
			}
			res.add(timeoutProblem(o.Timeout.String(), redirectURI, port, openErr))
			if n := srv.ignoredCount(); n > 0 {
				res.add(Problem{Code: CodeStateMismatch,
					Message: fmt.Sprintf("%d response(s) reached %s without this test's state; they were ignored.", n, redirectURI),
					Hint:    "They belong to another sign-in (an old browser tab, a replayed form) or were sent by something else on this machine. Close other sign-in tabs and sign in again from the URL just printed."})
			}
			return finish(ctx, o, rd, res, start, nil), nil
		case <-ctx.Done():
			return nil, fmt.Errorf("test sign-in stopped while waiting for the browser: %w", ctx.Err())
		}
	}
	check := tokenCheck{provider: provider, clientID: o.ClientID, nonce: req.nonce, idpID: o.IdPID, now: o.Now}
	checkResponse(ctx, o, rd, res, req, check, cb)
	return finish(ctx, o, rd, res, start, cb), nil
}

// checkResponse checks what the callback brought: state, code or ID token, the token itself,
// then the user Okta signed in and its attributes.
func checkResponse(ctx context.Context, o Options, rd reader, res *Result, req authRequest, check tokenCheck, cb *callback) {
	if cb.Error != "" {
		return // explained in finish, with the IdP's configuration at hand
	}
	var raw string
	switch o.Flow {
	case FlowIDToken:
		raw = cb.IDToken
	default:
		if cb.Code != "" {
			var p *Problem
			if raw, p = exchangeCode(ctx, o.HTTPClient, check.provider, req, cb.Code); p != nil {
				res.add(*p)
				return
			}
		}
	}
	if raw == "" {
		res.add(Problem{Code: CodeCallbackIncomplete,
			Message: fmt.Sprintf("Okta called back without an error but also without the %s this test asked for.", o.Flow), // the flow is named after what it returns
			Hint:    "Check that the test app allows the " + o.Flow + " response type (run idme-okta apply for the test-app step)."})
		return
	}
	claims, p := check.verify(ctx, raw)
	res.Claims = claims
	if p != nil {
		res.add(*p)
		if claims == nil {
			return
		}
	}
	sub, _ := claims["sub"].(string)
	user, err := rd.GetUser(ctx, sub)
	if err != nil {
		res.add(Problem{Code: CodeUserUnreadable,
			Message: fmt.Sprintf("The signed-in user %s could not be read: %v.", sub, err),
			Hint:    "The API token (or service app) needs okta.users.read to check the user's attributes."})
		return
	}
	res.User = user.Profile
	ac := attributeCheck{rd: rd, idpID: o.IdPID, user: user.Profile}
	switch idpUser, err := rd.GetIdPUser(ctx, o.IdPID, sub); {
	case err == nil:
		res.IdPUser = idpUser.Profile
		ac.idpUser = idpUser.Profile
		if ac.idpUser == nil {
			ac.idpUser = map[string]any{}
		}
	case okta.IsNotFound(err):
		res.Notes = append(res.Notes, fmt.Sprintf("Okta has no link between user %s and the identity provider: the user was not signed in through ID.me.", sub))
	default:
		res.Notes = append(res.Notes, "What Okta received from ID.me could not be read: "+err.Error())
	}
	if ac.idpUser != nil {
		res.ClaimStyle = claimStyle(ac.idpUser, o.Expect)
		if n := styleNote(res.ClaimStyle); n != "" {
			res.Notes = append(res.Notes, n)
		}
	}
	problems, warnings, notes := ac.run(ctx, o.Expect)
	res.add(problems...)
	res.Warnings = append(res.Warnings, warnings...)
	res.Notes = append(res.Notes, notes...)
}

// finish reads the System Log of the test's time window and, on failure, explains it: the
// callback's error, the configuration, and each failed event.
func finish(ctx context.Context, o Options, rd reader, res *Result, start time.Time, cb *callback) *Result {
	pass := len(res.Problems) == 0 && res.Claims != nil // a verified token, and nothing amiss
	settle := o.LogSettle
	if pass || cb == nil {
		// A pass needs the record only; with nobody back, the events have had the whole
		// timeout to arrive.
		settle = -1
	}
	events, err := settledSignInEvents(ctx, o, rd, start, settle)
	res.Events = events
	if err != nil {
		res.Notes = append(res.Notes, err.Error())
	}
	if pass {
		res.Pass = true
		return res
	}
	calledBack := cb != nil
	config, idpRedirect, notes := configProblems(ctx, rd, o.IdPID, o.ClientID, res.RedirectURI, calledBack)
	res.Notes = append(res.Notes, notes...)
	var generic []Problem // said by the callback, but explained better by a specific cause
	if calledBack && cb.Error != "" {
		p := callbackProblem(cb.Error, cb.ErrorDescription, idpRedirect)
		if p.Code == CodeAccessDenied || p.Code == CodeCallbackError {
			generic = append(generic, p)
		} else {
			res.add(p)
		}
	}
	res.add(config...)
	res.add(eventProblems(events, idpRedirect)...)
	res.add(generic...)
	return res
}
