package sim_test

import (
	"net/http"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim/idme"
)

// eitherStyleRows read whichever claim ID.me released: the guide's custom IdP attribute when
// it has a value, else the OIDC IdP profile's base attribute (which reads the standard claim).
var eitherStyleRows = map[string]string{
	"firstName":     "appuser.fname != null ? appuser.fname : appuser.firstName",
	"lastName":      `appuser.lname != null AND appuser.lname != "" ? appuser.lname : appuser.lastName`,
	"middleName":    "appuser.mname ?: appuser.middleName",
	"mobilePhone":   "appuser.phone != null ? appuser.phone : appuser.phoneNumber",
	"streetAddress": "appuser.street != null ? appuser.street : appuser.street_address",
	"city":          "appuser.city != null ? appuser.city : appuser.locality",
	"state":         "appuser.state != null ? appuser.state : appuser.region",
	"zipCode":       "appuser.zip == null ? appuser.postalCode : appuser.zip",
	"birth_date":    "appuser.birth_date != null ? appuser.birth_date : appuser.birthdate",
	"idme_uuid":     "appuser.uuid",
}

// One setup, made before anyone signed in, fills the Okta user from either claim style.
func TestMappingRowsReadWhicheverClaimStyleIDmeReleases(t *testing.T) {
	for _, tc := range []struct {
		style idme.ClaimStyle
		want  map[string]any // Okta user profile
		idp   map[string]any // what Okta extracted: GET /api/v1/idps/{idpId}/users/{userId}
	}{
		{idme.ClaimsGuide,
			map[string]any{"firstName": "JANE", "lastName": "VETERAN", "middleName": "QUINN", "mobilePhone": "12065550143",
				"streetAddress": "145 N Hayden Bay Dr Apt 2350", "city": "Portland", "state": "OR", "zipCode": "97217",
				"birth_date": "1970-10-10", "idme_uuid": janeUUID, "email": janeEmail, "login": janeEmail},
			map[string]any{"fname": "JANE", "lname": "VETERAN", "zip": "97217", "uuid": janeUUID, "email": janeEmail,
				"birth_date": "1970-10-10", "firstName": nil, "lastName": nil, "postalCode": nil, "displayName": nil, "birthdate": nil}},
		{idme.ClaimsOIDC,
			map[string]any{"firstName": "JANE", "lastName": "VETERAN", "middleName": "QUINN", "mobilePhone": "+12065550143",
				"streetAddress": "145 N Hayden Bay Dr Apt 2350", "city": "Portland", "state": "OR", "zipCode": "97217",
				"birth_date": "10/10/1970", "idme_uuid": janeUUID, "email": janeEmail, "login": janeEmail,
				// Okta's default row (DONT_PUSH) reads the base displayName, which reads the name claim.
				"displayName": "JANE QUINN VETERAN"},
			map[string]any{"firstName": "JANE", "lastName": "VETERAN", "middleName": "QUINN", "displayName": "JANE QUINN VETERAN",
				"phoneNumber": "+12065550143", "street_address": "145 N Hayden Bay Dr Apt 2350", "locality": "Portland",
				"region": "OR", "postalCode": "97217", "uuid": janeUUID, "email": janeEmail, "birthdate": "10/10/1970",
				"fname": nil, "lname": nil, "zip": nil, "birth_date": nil}},
	} {
		t.Run(string(tc.style), func(t *testing.T) {
			env := setupFederation(t, fedOptions{claims: tc.style})
			env.api(t, http.MethodPost, "/api/v1/meta/schemas/apps/"+env.idpID+"/default",
				customProperties(map[string]string{"birthdate": "Birthdate (OIDC)"}, true))
			env.mapRows(t, eitherStyleRows, "PUSH")

			b := newBrowser(t, env.redirectURI)
			b.finish(b.consent(b.get(env.authorizeURL(map[string]string{"response_type": "id_token", "response_mode": "form_post"})), "verified"))
			idt, _, err := env.verifyIDToken(t, b.landed.params.Get("id_token"))
			if err != nil {
				t.Fatalf("sign-in: %v (%v)", err, b.landed.params)
			}
			profile := env.api(t, http.MethodGet, "/api/v1/users/"+idt.Subject, nil)["profile"].(map[string]any)
			for attr, want := range tc.want {
				if profile[attr] != want {
					t.Errorf("user %s = %v, want %v", attr, profile[attr], want)
				}
			}
			link := call(t, env.org, http.MethodGet, "/api/v1/idps/"+env.idpID+"/users/"+idt.Subject, admin(env.org), nil)
			raw := link.json(t)
			got := raw["profile"].(map[string]any)
			for attr, want := range tc.idp {
				if v, ok := got[attr]; !ok || v != want {
					t.Errorf("IdP user profile %s = %v (present %t), want %v", attr, v, ok, want)
				}
			}
			raw["profile"] = map[string]any{}
			requireSameShapeAs(t, "idp_user.json", raw)
		})
	}
}

// A row that reads only the guide's claim leaves the attribute empty for an OIDC-style
// policy, and a required one makes JIT fail: the trap the issue describes.
func TestGuideOnlyRowsFailJITForOIDCStyleClaims(t *testing.T) {
	env := setupFederation(t, fedOptions{claims: idme.ClaimsOIDC})
	b := newBrowser(t, env.redirectURI)
	b.finish(b.consent(b.get(env.authorizeURL(map[string]string{"response_type": "id_token", "response_mode": "form_post"})), "verified"))
	if b.landed.params.Get("error") != "access_denied" {
		t.Fatalf("the guide's rows (firstName ← appuser.fname) cannot fill a required attribute from given_name: %v", b.landed.params)
	}
	if users := env.list(t, "/api/v1/users?q=JANE"); len(users) != 0 {
		t.Errorf("a user was created: %v", users)
	}
	const missing = "Unable to create the user. The following required properties are missing: firstName, lastName"
	if got := b.landed.params.Get("error_description"); got != missing {
		t.Errorf("error_description = %q, want %q", got, missing)
	}
	// The System Log as the support article shows it: the create failed, and the social
	// login failed with "Unable to JIT user from the Identity Provider".
	for eventType, want := range map[string]string{
		"user.lifecycle.create":               missing,
		"user.authentication.auth_via_social": "Unable to JIT user from the Identity Provider",
		"user.authentication.auth_via_IDP":    missing,
	} {
		evs := env.events(t, eventType)
		if len(evs) != 1 || outcome(evs[0]) != "FAILURE" || reason(evs[0]) != want {
			t.Errorf("%s = %v, want one FAILURE %q", eventType, evs, want)
		}
	}
}

// requireSameShapeAs compares a decoded value with a recorded shape.
func requireSameShapeAs(t *testing.T, fixture string, got map[string]any) {
	t.Helper()
	for _, d := range shapeDiff("$", recorded(t, fixture), got) {
		t.Errorf("%s: %s", fixture, d)
	}
}
