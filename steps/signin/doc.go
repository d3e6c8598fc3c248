// Package signin runs the guide's "Test the integration": a live sign-in through Okta and
// ID.me that ends on this machine instead of jwt.ms.
//
// Run listens on a loopback port (127.0.0.1 only, before anything is shown), builds the
// authorize URL at the org's authorization server with idp=<the ID.me IdP>, waits for the
// browser to come back, then checks what came back: state, the code exchange (PKCE), the
// Okta ID token (signature, issuer, audience, expiry, algorithm, nonce), the Okta user and
// what Okta extracted from ID.me, attribute by attribute against the mapping table. Every
// failure is a Problem with a stable code and a hint, helped by the System Log of the test's
// own time window and a look at the IdP and app configuration.
//
// PortalURL and ConfirmPortalSignIn support the guide's Option 1 (sign in on the Okta-hosted
// page), where idme-okta sees nothing of the browser and can only read Okta afterwards.
//
// The package is UI-free: the wizard and the test-signin command drive it through Options.
package signin
