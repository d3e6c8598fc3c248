// Package assets holds the facts idme-okta ships with: ID.me environments, the catalogue of
// ID.me claims with the guide's default mappings, and the handoff sheet templates. It holds data
// only; the code that acts on it lives in steps/ and ui/.
package assets

import (
	"embed"
	"encoding/json"
	"fmt"
	"sync"
)

//go:embed environments.json claims.json handoff.txt.tmpl handoff.md.tmpl
var files embed.FS

// Environment is one ID.me environment. Every ID.me endpoint derives from BaseURL.
type Environment struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	BaseURL     string `json:"base_url"` // ends with "/"
	Description string `json:"description"`
}

// Claim is one ID.me claim and the Okta user attribute it maps to.
type Claim struct {
	Claim            string `json:"claim"`
	Title            string `json:"title"`
	OktaAttribute    string `json:"okta_attribute"`
	Custom           bool   `json:"custom"`            // not an Okta base attribute: must be added to the profile
	DefaultMapped    bool   `json:"default_mapped"`    // a row of the guide's mapping table
	DefaultAttribute bool   `json:"default_attribute"` // a custom attribute the guide asks for
	Description      string `json:"description"`
	// OIDCClaim is the OpenID Connect name of the claim, which some ID.me policies release
	// instead of the guide's (idme.md §9); "" when both use the same name.
	OIDCClaim string `json:"oidc_claim"`
	// OIDCAttribute is the base attribute of an Okta OIDC IdP profile that reads OIDCClaim;
	// "" when none does, and a custom IdP attribute named like the claim must.
	OIDCAttribute string `json:"oidc_attribute"`
	// EveryPolicy: every ID.me policy releases it for every person (ID.me's default
	// properties, idme.md §2.3), so a token without it means the claim is read under the
	// wrong name, not that the person lacks it.
	EveryPolicy bool `json:"every_policy"`
}

var (
	loadOnce     sync.Once
	environments []Environment
	claims       []Claim
	loadErr      error
)

func load() {
	loadOnce.Do(func() {
		if loadErr = decode("environments.json", &environments); loadErr != nil {
			return
		}
		var doc struct {
			Claims []Claim `json:"claims"`
		}
		if loadErr = decode("claims.json", &doc); loadErr != nil {
			return
		}
		claims = doc.Claims
	})
	if loadErr != nil {
		// The files are embedded at build time and covered by tests, so this is a build defect.
		panic(loadErr)
	}
}

func decode(name string, v any) error {
	b, err := files.ReadFile(name)
	if err != nil {
		return fmt.Errorf("assets: read %s: %w", name, err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("assets: parse %s: %w", name, err)
	}
	return nil
}

// Environments returns ID.me's environments in display order (sandbox first).
func Environments() []Environment {
	load()
	return append([]Environment(nil), environments...)
}

// EnvironmentByID returns the environment with that id ("sandbox" or "production").
func EnvironmentByID(id string) (Environment, bool) {
	for _, e := range Environments() {
		if e.ID == id {
			return e, true
		}
	}
	return Environment{}, false
}

// Claims returns the claim catalogue in display order.
func Claims() []Claim {
	load()
	return append([]Claim(nil), claims...)
}

// HandoffTemplate returns the handoff sheet template for "text" or "markdown".
func HandoffTemplate(format string) (string, error) {
	name := map[string]string{"text": "handoff.txt.tmpl", "markdown": "handoff.md.tmpl"}[format]
	if name == "" {
		return "", fmt.Errorf("assets: no handoff template for format %q (want text or markdown)", format)
	}
	b, err := files.ReadFile(name)
	if err != nil {
		return "", fmt.Errorf("assets: read %s: %w", name, err)
	}
	return string(b), nil
}
