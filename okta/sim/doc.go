// Package sim is a simulated Okta org on a real loopback HTTP server: the subset of the
// management API that idme-okta uses, with Okta's JSON shapes, error bodies, status codes,
// rate-limit headers, Link pagination and System Log, an OAuth 2.0 token endpoint for the
// org's service app (private_key_jwt, optionally DPoP), and a check of every request against
// Okta's OpenAPI spec (package openapi).
//
// A request that real Okta would reject is answered the way Okta answers it (400 with an Okta
// error body) and recorded as a violation; simtest.Start turns recorded violations into test
// failures, so "passes against the sim" includes "sends only what Okta accepts".
//
// Every request goes through the same pipeline (server.go): injected faults, routing (the
// table is in routes.go), the per-route rate limit, authentication, the spec check,
// authorization (admin role and OAuth scopes), the handler, added latency. Handlers run with
// the org's lock held and keep objects as the JSON Okta returns (see JSON).
//
// Fidelity: shapes are taken from responses recorded on real orgs (testdata/recorded and
// parity_test.go). Error texts that were not recorded anywhere are marked
// "exact text unverified" where they are written; only their codes and statuses are
// documented. Not simulated: IdP types other than OIDC, apps other than oidc_client, group
// and user writes, and the org authorization server's sign-in flow (authorize, callback,
// authorization_code grant), which later work adds in its own files (see oauth_token.go for
// grant registration, users.go/idpusers.go/logs.go for the user, link and event APIs).
package sim
