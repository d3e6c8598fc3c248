package signin

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// exchangeCode trades the authorization code for tokens at the org's token endpoint, as a
// public client: client_id in the body, no secret, and the PKCE verifier that proves this
// process started the sign-in. It returns the raw ID token or the Problem.
func exchangeCode(ctx context.Context, hc *http.Client, p *oidc.Provider, req authRequest, code string) (string, *Problem) {
	// Only what the exchange sends: the scopes were asked for in the authorize URL (authRequest.url).
	cfg := oauth2.Config{
		ClientID:    req.clientID,
		Endpoint:    oauth2.Endpoint{TokenURL: p.Endpoint().TokenURL, AuthStyle: oauth2.AuthStyleInParams},
		RedirectURL: req.redirectURI,
	}
	tok, err := cfg.Exchange(context.WithValue(ctx, oauth2.HTTPClient, hc), code, oauth2.VerifierOption(req.verifier))
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) && re.ErrorCode != "" {
			said := re.ErrorCode
			if re.ErrorDescription != "" {
				said += ": " + re.ErrorDescription
			}
			hint := "Sign in again: a code works once and only for a few minutes."
			switch re.ErrorCode {
			case "invalid_client", "unauthorized_client":
				hint = "The test app must be a public client (client authentication \"none\") that allows the authorization code grant: run idme-okta apply for the test-app step, or use --flow id_token."
			case "invalid_grant":
				hint = "Okta refused the code: it was already used or has expired, or the PKCE verifier does not match the challenge. Sign in again."
			}
			return "", &Problem{Code: CodeTokenExchange, Message: "Okta refused the code exchange at " + cfg.Endpoint.TokenURL + ": " + said + ".", Hint: hint}
		}
		return "", &Problem{Code: CodeTokenExchange,
			Message: fmt.Sprintf("The code could not be exchanged at %s: %v.", cfg.Endpoint.TokenURL, err),
			Hint:    "Check that this machine can reach the org, then sign in again."}
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return "", &Problem{Code: CodeTokenExchange,
			Message: "Okta's token response has no id_token.",
			Hint:    "The openid scope was not granted to the test app: check its grant and scope settings in the Okta Admin Console, or run idme-okta apply for the test-app step."}
	}
	return raw, nil
}
