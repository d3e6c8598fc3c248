package sim_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

// GET /.well-known/okta-organization needs no credentials and names the engine as recorded
// from a Classic ("v1") and an Identity Engine ("idx") org.
func TestOrgMetadataNamesTheEngine(t *testing.T) {
	for _, tc := range []struct {
		engine   sim.Engine
		fixture  string
		pipeline string
	}{
		{"", "org_metadata_oie.json", "idx"},
		{sim.IdentityEngine, "org_metadata_oie.json", "idx"},
		{sim.ClassicEngine, "org_metadata_classic.json", "v1"},
	} {
		org := simtest.Start(t, func(o *sim.Options) { o.Engine = tc.engine })
		r := call(t, org, http.MethodGet, "/.well-known/okta-organization", "", nil)
		if r.status != http.StatusOK {
			t.Fatalf("engine %q: status %d: %s", tc.engine, r.status, r.printable())
		}
		requireSameShape(t, tc.fixture, r)
		body := r.json(t)
		if body["pipeline"] != tc.pipeline || string(org.Engine()) != tc.pipeline {
			t.Errorf("engine %q: pipeline %v, Engine() %q, want %s", tc.engine, body["pipeline"], org.Engine(), tc.pipeline)
		}
		if simtest.Str(body, "_links", "organization", "href") != org.URL() || !strings.HasPrefix(simtest.Str(body, "id"), "00o") {
			t.Errorf("engine %q: body %v", tc.engine, body)
		}
	}
	if _, err := sim.Start(sim.Options{Engine: "v2"}); err == nil || !strings.Contains(err.Error(), `"v2"`) {
		t.Errorf("an unknown engine must not start: %v", err)
	}
}

func discoveryRule(name string, providers []any, conditions map[string]any) map[string]any {
	return map[string]any{"type": "IDP_DISCOVERY", "name": name, "priority": 1, "conditions": conditions,
		"actions": map[string]any{"idp": map[string]any{"idpSelectionType": "SPECIFIC", "providers": providers}}}
}

// The guide's rule (Okta + the IdP) exists only on Identity Engine: a Classic org refuses it
// and any dynamic rule with E0000001, and creates nothing.
func TestClassicRefusesRulesWithSeveralProviders(t *testing.T) {
	for _, engine := range []sim.Engine{sim.ClassicEngine, sim.IdentityEngine} {
		env := setupFederation(t, fedOptions{engine: engine, noRule: true})
		path := "/api/v1/policies/" + env.policyID + "/rules"
		both := discoveryRule("ID.me", []any{map[string]any{"type": "OKTA"}, map[string]any{"type": "OIDC", "id": env.idpID}}, nil)
		r := call(t, env.org, http.MethodPost, path, admin(env.org), both)
		if engine == sim.IdentityEngine {
			if r.status != http.StatusOK {
				t.Errorf("Identity Engine refused the guide's rule: %d %s", r.status, r.printable())
			}
			continue
		}
		e := oktaError(t, r, http.StatusBadRequest, "E0000001")
		if got := causes(e); len(got) != 1 || !strings.Contains(got[0], "Multiple identity providers") {
			t.Errorf("causes = %q", got)
		}
		dynamic := discoveryRule("dynamic", []any{}, nil)
		dynamic["actions"] = map[string]any{"idp": map[string]any{"idpSelectionType": "DYNAMIC", "providers": []any{},
			"matchCriteria": []any{map[string]any{"providerExpression": "login.identifier.substringAfter('@')", "propertyName": "name"}}}}
		oktaError(t, call(t, env.org, http.MethodPost, path, admin(env.org), dynamic), http.StatusBadRequest, "E0000001")
		if rules := env.list(t, path); len(rules) != 1 || rules[0]["name"] != "Default Rule" {
			t.Errorf("a refused rule was created: %v", rules)
		}
	}
}

// What Classic allows: one provider, scoped to apps or to a username pattern; a replace that
// adds a second provider is refused too.
func TestClassicAcceptsScopedSingleProviderRules(t *testing.T) {
	env := setupFederation(t, fedOptions{engine: sim.ClassicEngine, noRule: true})
	path := "/api/v1/policies/" + env.policyID + "/rules"
	idme := []any{map[string]any{"type": "OIDC", "id": env.idpID}}
	byApp := env.api(t, http.MethodPost, path, discoveryRule("ID.me for the test app", idme,
		map[string]any{"app": map[string]any{"include": []any{map[string]any{"type": "APP", "id": env.appID}}, "exclude": []any{}}}))
	byUser := env.api(t, http.MethodPost, path, discoveryRule("ID.me for example.org", idme,
		map[string]any{"userIdentifier": map[string]any{"type": "IDENTIFIER",
			"patterns": []any{map[string]any{"matchType": "SUFFIX", "value": "@example.org"}}}}))
	if include, _ := simtest.At(byApp, "conditions", "app", "include").([]any); len(include) != 1 || simtest.Str(include[0], "id") != env.appID {
		t.Errorf("app condition not kept: %v", byApp)
	}
	if patterns, _ := simtest.At(byUser, "conditions", "userIdentifier", "patterns").([]any); len(patterns) != 1 {
		t.Errorf("user identifier condition not kept: %v", byUser)
	}
	for k := range byApp {
		if k == "id" || k == "status" || k == "created" || k == "lastUpdated" || k == "_links" || k == "system" {
			delete(byApp, k)
		}
	}
	byApp["actions"] = map[string]any{"idp": map[string]any{"providers": append(idme, map[string]any{"type": "OKTA"})}}
	oktaError(t, call(t, env.org, http.MethodPut, path+"/"+byUser["id"].(string), admin(env.org), byApp), http.StatusBadRequest, "E0000001")
}

// On Classic a matching rule that routes to the ID.me IdP alone sends the app's sign-in
// straight to ID.me; where the rule does not apply (the org's own page) the page shows no
// ID.me button.
func TestClassicHostedPageRedirectsToTheRulesIdP(t *testing.T) {
	env := setupFederation(t, fedOptions{engine: sim.ClassicEngine, noRule: true})
	env.api(t, http.MethodPost, "/api/v1/policies/"+env.policyID+"/rules", discoveryRule("ID.me for the test app",
		[]any{map[string]any{"type": "OIDC", "id": env.idpID}},
		map[string]any{"app": map[string]any{"include": []any{map[string]any{"type": "APP", "id": env.appID}}, "exclude": []any{}}}))

	b := newBrowser(t, env.redirectURI)
	b.finish(b.consent(b.get(env.authorizeURL(map[string]string{"idp": "", "response_type": "id_token", "response_mode": "form_post"})), "partial"))
	if _, claims, err := env.verifyIDToken(t, b.landed.params.Get("id_token")); err != nil || claims["idp"] != env.idpID {
		t.Errorf("ID token %v, %v", claims, err)
	}
	p := newBrowser(t, env.redirectURI).get(env.org.URL() + "/")
	if p == nil || p.url.Path != "/login/login.htm" || len(p.links()) != 0 {
		t.Fatalf("the org's own page is outside the rule's apps, yet: %+v", p)
	}
}

// A Classic rule scoped to a username pattern: the page asks for the username first, and
// only a matching one is sent to ID.me.
func TestClassicHostedPageRoutesByUsername(t *testing.T) {
	env := setupFederation(t, fedOptions{engine: sim.ClassicEngine, noRule: true})
	env.api(t, http.MethodPost, "/api/v1/policies/"+env.policyID+"/rules", discoveryRule("ID.me for example.org",
		[]any{map[string]any{"type": "OIDC", "id": env.idpID}},
		map[string]any{"userIdentifier": map[string]any{"type": "IDENTIFIER",
			"patterns": []any{map[string]any{"matchType": "SUFFIX", "value": "@example.org"}}}}))

	b := newBrowser(t, env.redirectURI)
	authorize := env.authorizeURL(map[string]string{"idp": "", "response_type": "id_token", "response_mode": "form_post"})
	p := b.get(authorize)
	if p == nil || p.url.Path != "/login/login.htm" || len(p.links()) != 0 {
		t.Fatalf("before the username is known the page should ask for it: %+v", p)
	}
	if other := b.submit(p, map[string]string{"username": "someone@elsewhere.test"}); other == nil || other.status != http.StatusUnauthorized {
		t.Fatalf("a username outside the pattern stays with Okta: %+v", other)
	}
	p = b.get(authorize)
	b.finish(b.consent(b.submit(p, map[string]string{"username": "Sam.Teacher@example.org"}), "partial"))
	if b.landed.params.Get("id_token") == "" {
		t.Errorf("no ID token: %v", b.landed.params)
	}
}
