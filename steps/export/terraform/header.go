package terraform

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"

	"github.com/zclconf/go-cty/cty"
)

// ProviderVersion is the okta/okta provider release whose documentation (argument names,
// import ID formats, defaults) and source (what its import reads back) the export follows:
// okta/terraform-provider-okta v6.12.0, commit e59c130b0b6e4b9f76aacbba437515cd5e95cc71.
const ProviderVersion = "6.12.0"

// oktaBaseDomains are the domains of Okta-hosted orgs: an org URL https://<org>.<base> gives
// the provider's org_name and base_url.
var oktaBaseDomains = []string{"okta.com", "oktapreview.com", "okta-emea.com", "okta-gov.com", "okta.mil", "trexcloud.com"}

// orgNameAndBase splits an Okta-hosted org URL into the provider's org_name and base_url;
// ok is false for anything else (a custom domain, the simulated org).
func orgNameAndBase(orgURL string) (name, base string, ok bool) {
	u, err := url.Parse(orgURL)
	if err != nil || u.Scheme != "https" || u.Port() != "" {
		return "", "", false
	}
	host := strings.ToLower(u.Hostname())
	for _, d := range oktaBaseDomains {
		if n, found := strings.CutSuffix(host, "."+d); found && n != "" && !strings.Contains(n, ".") {
			return n, d, true
		}
	}
	return "", "", false
}

// main writes main.tf: the README header, the required provider and its block.
func (b *builder) main() {
	body := b.file(FileMain).Body()
	comment(body, b.header()...)
	body.AppendNewline()

	tf := body.AppendNewBlock("terraform", nil).Body()
	required := ">= 1.5.0" // import blocks
	if b.opts.WriteOnlySecret {
		required = ">= 1.11.0" // write-only arguments
	}
	str(tf, "required_version", required)
	providers := tf.AppendNewBlock("required_providers", nil).Body()
	providers.SetAttributeValue("okta", cty.ObjectVal(map[string]cty.Value{
		"source":  cty.StringVal("okta/okta"),
		"version": cty.StringVal("~> " + ProviderVersion),
	}))
	body.AppendNewline()

	p := body.AppendNewBlock("provider", []string{"okta"}).Body()
	if name, base, ok := orgNameAndBase(b.snap.orgURL); ok {
		str(p, "org_name", name)
		str(p, "base_url", base)
		comment(p, "Credentials: OKTA_API_TOKEN, or OAuth 2.0 (client_id, private_key_id, private_key, scopes).")
	} else {
		comment(p,
			"This org's URL is not of the form https://<org>.okta.com: set org_name and base_url",
			"(or OKTA_ORG_NAME and OKTA_BASE_URL) for it, and the credentials (OKTA_API_TOKEN, or OAuth 2.0).")
	}
}

// header is the README at the top of main.tf: how to use the files, what the first plan
// shows and what is not verified. Only idme-okta's own text, never a value from Okta.
func (b *builder) header() []string {
	version := b.opts.Version
	if version == "" {
		version = "dev"
	}
	tfVersion := "1.5"
	if b.opts.WriteOnlySecret {
		tfVersion = "1.11"
	}
	h := []string{
		"Sign in with ID.me: the Okta objects idme-okta set up (or adopted) in this org, as Okta",
		fmt.Sprintf("reported them, for the okta/okta Terraform provider %s. Written by `idme-okta export", ProviderVersion),
		fmt.Sprintf("terraform` %s. Every resource below exists in Okta already: imports.tf adopts it by id.", version),
		"",
		fmt.Sprintf("Use (Terraform %s or later):", tfVersion),
		"  export OKTA_API_TOKEN=...            # or OAuth 2.0 in the provider block",
	}
	if b.snap.idp != nil {
		h = append(h, "  export TF_VAR_idme_client_secret=... # the ID.me client secret; never written to these files")
	}
	h = append(h,
		"  terraform init",
		fmt.Sprintf("  terraform plan    # %d to import, 0 to add, 0 to destroy", len(b.res.Resources)),
		"  terraform apply   # records the imports in the state",
		"",
	)
	if len(b.artifacts) > 0 {
		h = append(h,
			fmt.Sprintf("First plan. The provider (read at %s) does not read every argument back when it", ProviderVersion),
			"imports, so the first plan also shows these in-place updates, which write the values Okta",
			"has already; after the first apply, plans are empty:")
		// Resources of one type with the same list share a line.
		groups := map[string][]string{} // "type: list" → addresses
		for addr, args := range b.artifacts {
			typ, _ := splitAddress(addr)
			key := typ + ": " + strings.Join(args, ", ")
			groups[key] = append(groups[key], addr)
		}
		for _, key := range slices.Sorted(maps.Keys(groups)) {
			addrs := groups[key]
			if len(addrs) == 1 {
				_, args, _ := strings.Cut(key, ": ")
				h = append(h, fmt.Sprintf("  %s: %s", addrs[0], args))
				continue
			}
			typ, args, _ := strings.Cut(key, ": ")
			h = append(h, fmt.Sprintf("  %s (%d of them): %s", typ, len(addrs), args))
		}
		h = append(h, "")
	}
	h = append(h,
		`An argument set to "" stands for a setting Okta does not have: left out, the provider`,
		"would add its default.",
		"",
		"Not verified (no Okta provider binary or real org was reachable when this export was built):",
		"  - that the first plan is exactly as above: it follows the provider's documentation and",
		"    source, not a run;",
	)
	if len(b.snap.idpAttrs) > 0 {
		h = append(h,
			"  - identity provider profile attributes: the provider has no resource for an IdP's",
			"    profile (terraform-provider-okta issue 2184). They are written as",
			"    okta_app_user_schema_property with app_id = the IdP's id, because Okta serves an IdP's",
			"    profile at the app user schema path (/api/v1/meta/schemas/apps/<idp id>/default) that",
			"    this resource reads and writes; issue 902 reports that it creates the attribute.",
			"    external_name (the ID.me claim) must stay set for Okta to fill it at sign-in. The",
			"    import id follows the provider's docs (<app_id>/<index>); issue 2541 (open) says the",
			"    app's schema id may be needed instead.",
		)
	}
	if b.snap.app != nil {
		h = append(h, "  - the test app: okta_app_oauth has more settings than idme-okta reads; check the plan.")
	}
	return h
}
