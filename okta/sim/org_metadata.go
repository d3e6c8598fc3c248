package sim

import "net/http"

// Engine is the org's authentication pipeline, as GET /.well-known/okta-organization names it:
// "idx" for Okta Identity Engine, "v1" for Classic Engine.
type Engine string

const (
	IdentityEngine Engine = "idx" // the default: every org created since March 2022
	ClassicEngine  Engine = "v1"
)

func (e Engine) valid() bool { return e == IdentityEngine || e == ClassicEngine }

// Engine reports the org's engine.
func (o *Org) Engine() Engine { return o.engine }

func (o *Org) classic() bool { return o.engine == ClassicEngine }

// orgMetadata serves GET /.well-known/okta-organization, which needs no credentials (the spec
// declares "security: []"). The bodies are the ones recorded in terraform-provider-okta's
// cassettes (TestAccDataSourceOktaOrgMetadata_read/classic-00.yaml for "v1", …/oie-00.yaml
// for "idx"): same keys, and the settings a Classic and an Identity Engine org answered with.
// The "cell" is where Okta hosts the org; every recording says "op3" or "ok14".
func (o *Org) orgMetadata(c *call) reply {
	settings := JSON{"analyticsCollectionEnabled": false, "bugReportingEnabled": true, "omEnabled": false,
		"pssoEnabled": false, "desktopMFAEnabled": false, "itpEnabled": false}
	if o.classic() {
		// The recorded Classic org still had the legacy Okta Mobile app enabled.
		settings["omEnabled"] = true
	}
	return reply{status: http.StatusOK, body: JSON{
		"id":       o.orgID,
		"cell":     "op3",
		"_links":   JSON{"organization": JSON{"href": o.baseURL}},
		"pipeline": string(o.engine),
		"settings": settings,
	}}
}
