package terraform

import (
	"fmt"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/idme-okta/idme-okta/okta"
)

// Resource types, as the provider names them.
const (
	typeIdP         = "okta_idp_oidc"
	typeUserAttr    = "okta_user_schema_property"
	typeIdPAttr     = "okta_app_user_schema_property"
	typeMapping     = "okta_profile_mapping"
	typeRule        = "okta_policy_rule_idp_discovery"
	typeApp         = "okta_app_oauth"
	typeAppGroup    = "okta_app_group_assignment"
	secretVariable  = "idme_client_secret"
	labelIntegrated = "idme"
	labelTestApp    = "idme_test"
)

// Names of the files an export writes, in the order they are listed.
const (
	FileMain           = "main.tf"
	FileVariables      = "variables.tf"
	FileIdentityProv   = "identity_provider.tf"
	FileUserAttributes = "user_attributes.tf"
	FileMapping        = "profile_mapping.tf"
	FileRoutingRule    = "routing_rule.tf"
	FileTestApp        = "test_app.tf"
	FileImports        = "imports.tf"
)

// FileNames lists every file an export may write: Write refuses to replace any of them
// without force, whether or not this export writes it, so a directory never mixes two exports.
func FileNames() []string {
	return []string{FileMain, FileVariables, FileIdentityProv, FileUserAttributes, FileMapping, FileRoutingRule, FileTestApp, FileImports}
}

// builder accumulates the files of one export.
type builder struct {
	opts    Options
	snap    *snapshot
	res     *Result
	files   map[string]*hclwrite.File
	imports *hclwrite.Body
	labels  map[string]map[string]bool // resource type → labels used
	// artifacts are the attributes a first plan after import shows as updates, by address
	// (see header.go).
	artifacts map[string][]string
}

func render(snap *snapshot, opts Options) *Result {
	b := &builder{
		opts: opts, snap: snap, res: &Result{},
		files:     map[string]*hclwrite.File{},
		labels:    map[string]map[string]bool{},
		artifacts: map[string][]string{},
	}
	b.imports = b.file(FileImports).Body()
	var attrAddrs []string
	if snap.idp != nil {
		b.identityProvider(snap.idp)
		for _, a := range snap.idpAttrs {
			attrAddrs = append(attrAddrs, b.idpAttribute(a))
		}
	}
	for _, a := range snap.userAttrs {
		attrAddrs = append(attrAddrs, b.userAttribute(a))
	}
	if snap.mapping != nil && snap.idp != nil {
		b.mapping(snap.mapping, attrAddrs)
	}
	if snap.rule != nil {
		b.routingRule(snap.rule)
	}
	if snap.app != nil {
		b.testApp(snap.app)
	}
	b.main()
	if snap.idp != nil {
		b.variables()
	}
	for _, name := range FileNames() {
		if f, ok := b.files[name]; ok {
			b.res.Files = append(b.res.Files, File{Name: name, Content: hclwrite.Format(f.Bytes())})
		}
	}
	return b.res
}

func (b *builder) file(name string) *hclwrite.File {
	f, ok := b.files[name]
	if !ok {
		f = hclwrite.NewEmptyFile()
		b.files[name] = f
	}
	return f
}

// resource appends a resource block to file and its import block to imports.tf.
func (b *builder) resource(file, typ, label, importID string) *hclwrite.Body {
	body := b.file(file).Body()
	if len(body.Blocks()) > 0 {
		body.AppendNewline()
	}
	block := body.AppendNewBlock("resource", []string{typ, label})
	addr := typ + "." + label
	b.res.Resources = append(b.res.Resources, Resource{Address: addr, ImportID: importID})

	if len(b.imports.Blocks()) > 0 {
		b.imports.AppendNewline()
	}
	imp := b.imports.AppendNewBlock("import", nil).Body()
	imp.SetAttributeTraversal("to", hcl.Traversal{hcl.TraverseRoot{Name: typ}, hcl.TraverseAttr{Name: label}})
	str(imp, "id", importID)
	return block.Body()
}

// label is a resource name for an Okta value: the value's letters, digits and underscores
// (anything else becomes _), starting with a letter or _, unique within its type.
func (b *builder) label(typ, name string) string {
	out := make([]byte, 0, len(name))
	for _, r := range name {
		switch {
		case r < 0x80 && (r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'):
			out = append(out, byte(r))
		default:
			out = append(out, '_')
		}
	}
	l := string(out)
	if l == "" || l[0] >= '0' && l[0] <= '9' {
		l = "attr_" + l
	}
	used := b.labels[typ]
	if used == nil {
		used = map[string]bool{}
		b.labels[typ] = used
	}
	unique := l
	for i := 2; used[unique]; i++ {
		unique = fmt.Sprintf("%s_%d", l, i)
	}
	used[unique] = true
	return unique
}

// note records something the admin should know, by resource address: never a value read
// from Okta, so notes are safe to print and to put in comments.
func (b *builder) note(format string, args ...any) {
	b.res.Notes = append(b.res.Notes, fmt.Sprintf(format, args...))
}

func (b *builder) identityProvider(idp *okta.IdP) {
	body := b.resource(FileIdentityProv, typeIdP, labelIntegrated, idp.ID)
	addr := typeIdP + "." + labelIntegrated
	d := idp.Detail
	str(body, "name", idp.Name)
	str(body, "status", idp.Status)
	str(body, "protocol_type", d.ProtocolType)
	str(body, "issuer_mode", idp.IssuerMode)
	strList(body, "scopes", idp.Scopes)
	str(body, "client_id", idp.ClientID)
	secretAttr := "client_secret"
	if b.opts.WriteOnlySecret {
		secretAttr = "client_secret_wo"
	}
	body.SetAttributeTraversal(secretAttr, hcl.Traversal{hcl.TraverseRoot{Name: "var"}, hcl.TraverseAttr{Name: secretVariable}})
	str(body, "issuer_url", idp.IssuerURL)
	str(body, "authorization_url", idp.AuthorizationURL)
	str(body, "authorization_binding", d.AuthorizationBinding)
	str(body, "token_url", idp.TokenURL)
	str(body, "token_binding", d.TokenBinding)
	str(body, "jwks_url", idp.JWKSURL)
	str(body, "jwks_binding", d.JWKSBinding)
	if idp.UserInfoURL != "" {
		str(body, "user_info_url", idp.UserInfoURL)
		str(body, "user_info_binding", d.UserInfoBinding)
		b.note("%s has a userinfo endpoint: ID.me sign-ins fail with one (run idme-okta apply to remove it); the export writes it as it is.", addr)
	}
	if d.PKCERequired != nil {
		boolean(body, "pkce_required", *d.PKCERequired)
	}
	if idp.MaxClockSkew != nil {
		body.SetAttributeValue("max_clock_skew", cty.NumberIntVal(*idp.MaxClockSkew))
	}
	// Always written, "" included: the provider's defaults (HS256, REQUEST) would otherwise
	// make Okta sign requests that the IdP is not set up for.
	str(body, "request_signature_algorithm", idp.RequestSignatureAlgorithm)
	str(body, "request_signature_scope", idp.RequestSignatureScope)
	str(body, "username_template", idp.UsernameTemplate)
	str(body, "subject_match_type", idp.MatchType)
	if d.MatchAttribute != "" {
		str(body, "subject_match_attribute", d.MatchAttribute)
	}
	str(body, "account_link_action", idp.AccountLinkAction)
	if len(d.AccountLinkGroupInclude) > 0 {
		strList(body, "account_link_group_include", d.AccountLinkGroupInclude)
	}
	str(body, "provisioning_action", idp.ProvisioningAction)
	boolean(body, "profile_master", idp.ProfileMaster)
	str(body, "groups_action", idp.GroupsAction)
	if d.GroupsAttribute != "" {
		str(body, "groups_attribute", d.GroupsAttribute)
	}
	if len(d.GroupsAssignments) > 0 {
		strList(body, "groups_assignment", d.GroupsAssignments)
	}
	if len(d.GroupsFilter) > 0 {
		strList(body, "groups_filter", d.GroupsFilter)
	}
	str(body, "deprovisioned_action", idp.DeprovisionedAction)
	str(body, "suspended_action", idp.SuspendedAction)
	if d.ParticipateSLO != nil && *d.ParticipateSLO {
		boolean(body, "participate_slo", true)
	}
	if d.SLOURL != "" {
		str(body, "slo_url", d.SLOURL)
	}
	if d.TrustClaims {
		b.note("%s trusts the IdP's authentication claims (trustClaims) in Okta; the provider's documentation has no argument for it, so the export leaves it out and Terraform may turn it off: check before applying.", addr)
	}
	if d.SubjectFilter != "" {
		b.note("%s has a username filter (policy.subject.filter) in Okta; the provider's documentation has no argument for it, so the export leaves it out: check before applying.", addr)
	}
	b.artifacts[addr] = []string{"status", "protocol_type", secretAttr}
	if b.opts.WriteOnlySecret {
		b.artifacts[addr] = b.artifacts[addr][:2] // a write-only value is never compared
	}
}

// schemaProperty writes what okta_user_schema_property and okta_app_user_schema_property
// share, and returns the arguments a first plan after import will show as updates.
//
// scope is always written, "" included: the provider defaults it to NONE and replaces (deletes
// and recreates) an app user schema property whose scope changes. master and permissions are
// left to the provider's defaults (PROFILE_MASTER, READ_ONLY) when Okta sends none, which it
// does not for app and IdP profiles (recorded: terraform-provider-okta
// test/fixtures/vcr/idaas/TestAccResourceOktaAppUserSchemas_crud/oie-00.yaml, where Okta
// answers a POST carrying both without either): the provider sends those defaults itself, and
// "" would be sent as an empty permission.
func schemaProperty(body *hclwrite.Body, a okta.Attribute) (artifacts []string) {
	str(body, "index", a.Name)
	str(body, "title", a.Title)
	str(body, "type", a.Type)
	if a.Description != "" {
		str(body, "description", a.Description)
	}
	if a.ExternalName != "" {
		str(body, "external_name", a.ExternalName)
	}
	if a.ExternalNamespace != "" {
		str(body, "external_namespace", a.ExternalNamespace)
	}
	str(body, "scope", a.Scope)
	if a.Master != "" {
		str(body, "master", a.Master)
	} else {
		artifacts = append(artifacts, "master")
	}
	if a.Permission != "" {
		str(body, "permissions", a.Permission)
	} else {
		artifacts = append(artifacts, "permissions")
	}
	if a.Required {
		boolean(body, "required", true)
	}
	if a.Unique != "" {
		str(body, "unique", a.Unique)
	}
	if a.ItemsType != "" {
		str(body, "array_type", a.ItemsType)
	}
	if a.MinLength != nil {
		body.SetAttributeValue("min_length", cty.NumberIntVal(int64(*a.MinLength)))
	}
	if a.MaxLength != nil {
		body.SetAttributeValue("max_length", cty.NumberIntVal(int64(*a.MaxLength)))
	}
	return artifacts
}

// keepUserData stops Terraform from deleting a profile attribute, which deletes every user's
// value: the provider replaces (deletes, then creates) a property when external_name,
// external_namespace or unique change (docs/resources/user_schema_property.md).
func keepUserData(body *hclwrite.Body) {
	body.AppendNewline()
	comment(body, "Deleting a profile attribute deletes every user's value of it.")
	body.AppendNewBlock("lifecycle", nil).Body().SetAttributeValue("prevent_destroy", cty.True)
}

func (b *builder) idpAttribute(a okta.Attribute) string {
	label := b.label(typeIdPAttr, a.Name)
	body := b.resource(FileIdentityProv, typeIdPAttr, label, b.snap.idp.ID+"/"+a.Name)
	addr := typeIdPAttr + "." + label
	body.SetAttributeTraversal("app_id", ref(typeIdP, labelIntegrated, "id"))
	artifacts := schemaProperty(body, a)
	if a.Union == "ENABLE" {
		boolean(body, "union", true)
	}
	if a.Pattern != "" {
		b.note("%s has a pattern in Okta, which okta_app_user_schema_property cannot hold.", addr)
	}
	if a.Constrained {
		b.note("%s has an enum or oneOf list in Okta that the export does not write: add it by hand before applying.", addr)
	}
	keepUserData(body)
	// user_type has a default the import does not set; union is read only when Okta sends it.
	artifacts = append(artifacts, "user_type")
	if a.Union == "" {
		artifacts = append(artifacts, "union")
	}
	b.artifacts[addr] = artifacts
	return addr
}

func (b *builder) userAttribute(a okta.Attribute) string {
	label := b.label(typeUserAttr, a.Name)
	// "<index>" imports from the default user type, which the provider then records as
	// user_type "default", its default.
	body := b.resource(FileUserAttributes, typeUserAttr, label, a.Name)
	addr := typeUserAttr + "." + label
	if artifacts := schemaProperty(body, a); len(artifacts) > 0 {
		b.artifacts[addr] = artifacts
	}
	if a.Pattern != "" {
		str(body, "pattern", a.Pattern)
	}
	if a.Constrained {
		b.note("%s has an enum, oneOf or master priority list in Okta that the export does not write: add it by hand before applying.", addr)
	}
	keepUserData(body)
	return addr
}

func (b *builder) mapping(m *okta.Mapping, dependsOn []string) {
	body := b.resource(FileMapping, typeMapping, labelIntegrated, m.ID)
	addr := typeMapping + "." + labelIntegrated
	body.SetAttributeTraversal("source_id", ref(typeIdP, labelIntegrated, "id"))
	str(body, "target_id", m.TargetID)
	// Every row is written, Okta's defaults and an admin's included: the mapping belongs to
	// the IdP, and with delete_when_absent a row removed here is removed from Okta.
	boolean(body, "delete_when_absent", true)
	keys := make([]string, 0, len(m.Properties))
	for k := range m.Properties {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		row := body.AppendNewBlock("mappings", nil).Body()
		str(row, "id", k)
		str(row, "expression", m.Properties[k].Expression)
		str(row, "push_status", m.Properties[k].PushStatus)
	}
	if len(dependsOn) > 0 {
		// A mapping row can only read and write attributes that exist.
		elems := make([]hclwrite.Tokens, len(dependsOn))
		for i, a := range dependsOn {
			typ, label := splitAddress(a)
			elems[i] = hclwrite.TokensForTraversal(hcl.Traversal{hcl.TraverseRoot{Name: typ}, hcl.TraverseAttr{Name: label}})
		}
		body.SetAttributeRaw("depends_on", hclwrite.TokensForTuple(elems))
	}
	b.artifacts[addr] = []string{"mappings", "delete_when_absent", "always_apply"}
}

func splitAddress(addr string) (typ, label string) {
	for i := range addr {
		if addr[i] == '.' {
			return addr[:i], addr[i+1:]
		}
	}
	return addr, ""
}

func (b *builder) routingRule(r *okta.Rule) {
	body := b.resource(FileRoutingRule, typeRule, labelIntegrated, r.PolicyID+"/"+r.ID)
	addr := typeRule + "." + labelIntegrated
	// The IDP_DISCOVERY policy is Okta's own (one per org): referenced, not managed.
	str(body, "policy_id", r.PolicyID)
	str(body, "name", r.Name)
	str(body, "status", r.Status)
	if r.Priority > 0 {
		body.SetAttributeValue("priority", cty.NumberIntVal(int64(r.Priority)))
	}
	str(body, "network_connection", r.NetworkConnection)
	if len(r.NetworkInclude) > 0 {
		strList(body, "network_includes", r.NetworkInclude)
	}
	if len(r.NetworkExclude) > 0 {
		strList(body, "network_excludes", r.NetworkExclude)
	}
	selection := r.SelectionType
	if selection == "" {
		selection = "SPECIFIC" // what the provider reads an absent selection type as
	}
	str(body, "selection_type", selection)
	if r.ShouldFallBackToOkta {
		boolean(body, "should_fall_back_to_okta", true)
	}
	if r.UserIdentifierType != "" {
		str(body, "user_identifier_type", r.UserIdentifierType)
	}
	if r.UserIdentifierAttribute != "" {
		str(body, "user_identifier_attribute", r.UserIdentifierAttribute)
	}
	for _, p := range r.UserIdentifierPatterns {
		pb := body.AppendNewBlock("user_identifier_patterns", nil).Body()
		str(pb, "match_type", p.MatchType)
		str(pb, "value", p.Value)
	}
	for _, p := range r.Providers {
		pb := body.AppendNewBlock("idp_providers", nil).Body()
		str(pb, "type", p.Type)
		switch {
		case p.ID == "":
		case b.snap.idp != nil && p.ID == b.snap.idp.ID:
			pb.SetAttributeTraversal("id", ref(typeIdP, labelIntegrated, "id"))
		default:
			str(pb, "id", p.ID)
		}
	}
	if selection == "DYNAMIC" {
		b.note("%s selects its IdP dynamically; the export does not write its expression: add provider_expression by hand.", addr)
	}
	for _, c := range r.OtherConditions {
		b.note("%s has a %s condition in Okta that the export does not write: add it by hand, or Terraform will remove it.", addr, c)
	}
}

func (b *builder) testApp(app *okta.OIDCApp) {
	body := b.resource(FileTestApp, typeApp, labelTestApp, app.ID)
	addr := typeApp + "." + labelTestApp
	d := app.Detail
	str(body, "label", app.Label)
	str(body, "type", app.ApplicationType)
	str(body, "status", app.Status)
	str(body, "token_endpoint_auth_method", app.TokenAuthMethod)
	boolean(body, "pkce_required", app.PKCERequired)
	strList(body, "grant_types", app.GrantTypes)
	strList(body, "response_types", app.ResponseTypes)
	strList(body, "redirect_uris", app.RedirectURIs)
	if len(d.PostLogoutRedirectURIs) > 0 {
		strList(body, "post_logout_redirect_uris", d.PostLogoutRedirectURIs)
	}
	str(body, "consent_method", d.ConsentMethod)
	str(body, "issuer_mode", d.IssuerMode)
	str(body, "wildcard_redirect", d.WildcardRedirect)
	str(body, "login_mode", d.LoginMode)
	if len(d.LoginScopes) > 0 {
		strList(body, "login_scopes", d.LoginScopes)
	}
	if d.InitiateLoginURI != "" {
		str(body, "login_uri", d.InitiateLoginURI)
	}
	str(body, "refresh_token_rotation", d.RefreshTokenRotation)
	if d.RefreshTokenLeeway != nil {
		body.SetAttributeValue("refresh_token_leeway", cty.NumberIntVal(int64(*d.RefreshTokenLeeway)))
	}
	if d.ImplicitAssignment {
		boolean(body, "implicit_assignment", true)
	}
	boolean(body, "auto_key_rotation", d.AutoKeyRotation)
	if d.SelfService {
		boolean(body, "accessibility_self_service", true)
	}
	boolean(body, "auto_submit_toolbar", d.AutoSubmitToolbar)
	boolean(body, "hide_ios", d.HideIOS)
	boolean(body, "hide_web", d.HideWeb)
	str(body, "user_name_template", d.UserNameTemplate)
	str(body, "user_name_template_type", d.UserNameTemplateType)
	if d.AccessPolicyID != "" {
		str(body, "authentication_policy", d.AccessPolicyID)
	}
	// A public client has no secret; with omit_secret none is ever kept in the state.
	boolean(body, "omit_secret", true)
	b.artifacts[addr] = []string{"omit_secret", "skip_authentication_policy"}
	if d.RefreshTokenLeeway == nil {
		b.artifacts[addr] = append(b.artifacts[addr], "refresh_token_leeway")
	}

	if g := b.snap.appGroupID; g != "" {
		gb := b.resource(FileTestApp, typeAppGroup, labelTestApp, app.ID+"/"+g)
		gb.SetAttributeTraversal("app_id", ref(typeApp, labelTestApp, "id"))
		str(gb, "group_id", g)
	}
}

func (b *builder) variables() {
	body := b.file(FileVariables).Body()
	comment(body,
		"The ID.me client secret of the identity provider. idme-okta never writes it to a file:",
		"give it as TF_VAR_idme_client_secret (or -var), from where you keep secrets.")
	v := body.AppendNewBlock("variable", []string{secretVariable}).Body()
	v.SetAttributeTraversal("type", hcl.Traversal{hcl.TraverseRoot{Name: "string"}})
	str(v, "description", "ID.me client secret (from your ID.me Solution Consultant)")
	boolean(v, "sensitive", true)
	boolean(v, "nullable", false)
}

// ref is a reference to another resource's attribute, e.g. okta_idp_oidc.idme.id.
func ref(typ, label, attr string) hcl.Traversal {
	return hcl.Traversal{hcl.TraverseRoot{Name: typ}, hcl.TraverseAttr{Name: label}, hcl.TraverseAttr{Name: attr}}
}

// str writes a quoted string: hclwrite escapes quotes, backslashes, control characters and
// the template sequences ${ and %{, so a value from Okta stays a literal.
func str(body *hclwrite.Body, name, v string) { body.SetAttributeValue(name, cty.StringVal(v)) }

func strList(body *hclwrite.Body, name string, vs []string) {
	if len(vs) == 0 {
		body.SetAttributeValue(name, cty.ListValEmpty(cty.String))
		return
	}
	vals := make([]cty.Value, len(vs))
	for i, v := range vs {
		vals[i] = cty.StringVal(v)
	}
	body.SetAttributeValue(name, cty.ListVal(vals))
}

func boolean(body *hclwrite.Body, name string, v bool) { body.SetAttributeValue(name, cty.BoolVal(v)) }

// comment appends comment lines. Only idme-okta's own text goes here, never a value from
// Okta: a comment has no escaping.
func comment(body *hclwrite.Body, lines ...string) {
	var toks hclwrite.Tokens
	for _, l := range lines {
		text := "#"
		if l != "" {
			text += " " + l
		}
		toks = append(toks, &hclwrite.Token{Type: hclsyntax.TokenComment, Bytes: []byte(text + "\n")})
	}
	body.AppendUnstructuredTokens(toks)
}
