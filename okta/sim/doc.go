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
// Every request goes through the same pipeline (server.go): routing (the table is in
// routes.go), injected faults (matched on the route's template), the per-route rate limit,
// authentication, the spec check, authorization (admin role and OAuth scopes), the handler,
// added latency. Handlers run with the org's lock held (the IdP callback releases it while it
// calls the IdP) and keep objects as the JSON Okta returns (see JSON).
//
// Fidelity: shapes are taken from responses recorded on real orgs (testdata/recorded and
// parity_test.go). Error texts that were not recorded anywhere are marked
// "exact text unverified" where they are written; only their codes and statuses are
// documented. Not simulated: IdP types other than OIDC, apps other than oidc_client, group
// and user writes, group memberships other than Everyone.
//
// The org authorization server signs people in for real (federation.go and the files it
// names): discovery and keys, /oauth2/v1/authorize for the org's OIDC apps (with idp=, or
// through the hosted sign-in page whose IdP buttons come from the ACTIVE routing rules), the
// round trip to the upstream IdP exactly as its IdP object is configured (authorize, token
// exchange, ID token check against its JWKS and issuer, userinfo only when configured), the
// username template, account linking, JIT provisioning and the profile mapping, then a code
// or an ID token for the app, the authorization_code grant and userinfo. Each stage writes
// System Log events with Okta's event types: a sign-in through the OIDC IdP is both
// user.authentication.auth_via_IDP and, once the IdP has answered, auth_via_social
// (signin_events.go). SetJITEnabled, SetTokenFault, SetSocialEventsOnly and SetLogDelay
// (events show in GET /api/v1/logs only after a delay, as Okta's do) are test knobs.
//
// The org is Identity Engine unless Options.Engine makes it Classic (org_metadata.go): the
// engine shows in GET /.well-known/okta-organization, in what a routing rule may contain and
// in how the hosted page routes (routing.go).
package sim
