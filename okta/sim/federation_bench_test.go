package sim_test

import "testing"

// BenchmarkSignInThroughIDme measures one whole sign-in of the guide's option 2 by a new
// browser: authorize with idp=, ID.me's consent, the callback (token exchange, JWKS, ID token
// check, linking, profile update), and the form_post to the app.
func BenchmarkSignInThroughIDme(b *testing.B) {
	env := setupFederation(b, fedOptions{})
	for b.Loop() {
		br := newBrowser(b, env.redirectURI)
		br.finish(br.consent(br.get(env.authorizeURL(map[string]string{"response_type": "id_token", "response_mode": "form_post"})), "verified"))
		if br.landed.params.Get("id_token") == "" {
			b.Fatalf("sign-in failed: %v", br.landed.params)
		}
	}
}
