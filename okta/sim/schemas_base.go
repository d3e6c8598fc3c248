package sim

// The base attributes of Okta's default user profile, as a real org returns them in
// GET /api/v1/meta/schemas/user/default (recorded in terraform-provider-okta's
// TestAccResourceOktaUserSchema_* cassettes).
var userBaseAttributes = []struct {
	name, title, format  string
	required             bool
	minLength, maxLength int
	selfPermission       string // permissions[{principal:"SELF"}].action
}{
	{"login", "Username", "", true, 5, 100, "READ_ONLY"},
	{"firstName", "First name", "", true, 1, 50, "READ_WRITE"},
	{"lastName", "Last name", "", true, 1, 50, "READ_WRITE"},
	{"middleName", "Middle name", "", false, 0, 0, "READ_ONLY"},
	{"honorificPrefix", "Honorific prefix", "", false, 0, 0, "READ_ONLY"},
	{"honorificSuffix", "Honorific suffix", "", false, 0, 0, "READ_ONLY"},
	{"email", "Primary email", "email", true, 0, 0, "READ_WRITE"},
	{"title", "Title", "", false, 0, 0, "READ_ONLY"},
	{"displayName", "Display name", "", false, 0, 0, "READ_ONLY"},
	{"nickName", "Nickname", "", false, 0, 0, "READ_ONLY"},
	{"profileUrl", "Profile Url", "uri", false, 0, 0, "READ_ONLY"},
	{"secondEmail", "Secondary email", "email", false, 0, 0, "READ_WRITE"},
	{"mobilePhone", "Mobile phone", "", false, 0, 100, "READ_WRITE"},
	{"primaryPhone", "Primary phone", "", false, 0, 100, "HIDE"},
	{"streetAddress", "Street address", "", false, 0, 0, "HIDE"},
	{"city", "City", "", false, 0, 0, "HIDE"},
	{"state", "State", "", false, 0, 0, "HIDE"},
	{"zipCode", "Zip code", "", false, 0, 0, "HIDE"},
	{"countryCode", "Country code", "country-code", false, 0, 0, "HIDE"},
	{"postalAddress", "Postal Address", "", false, 0, 0, "HIDE"},
	{"preferredLanguage", "Preferred language", "language-code", false, 0, 0, "READ_ONLY"},
	{"locale", "Locale", "locale", false, 0, 0, "READ_ONLY"},
	{"timezone", "Time zone", "timezone", false, 0, 0, "READ_ONLY"},
	{"userType", "User type", "", false, 0, 0, "READ_ONLY"},
	{"employeeNumber", "Employee number", "", false, 0, 0, "READ_ONLY"},
	{"costCenter", "Cost center", "", false, 0, 0, "READ_ONLY"},
	{"organization", "Organization", "", false, 0, 0, "READ_ONLY"},
	{"division", "Division", "", false, 0, 0, "READ_ONLY"},
	{"department", "Department", "", false, 0, 0, "READ_ONLY"},
	{"managerId", "ManagerId", "", false, 0, 0, "READ_ONLY"},
	{"manager", "Manager", "", false, 0, 0, "READ_ONLY"},
}

func userBaseProperties() (props map[string]JSON, required []string) {
	props = make(map[string]JSON, len(userBaseAttributes))
	for _, a := range userBaseAttributes {
		p := JSON{
			"title":       a.title,
			"type":        "string",
			"mutability":  "READ_WRITE",
			"scope":       "NONE",
			"permissions": []any{JSON{"principal": "SELF", "action": a.selfPermission}},
			"master":      JSON{"type": "PROFILE_MASTER"},
		}
		if a.required {
			p["required"] = true
			required = append(required, a.name)
		}
		if a.format != "" {
			p["format"] = a.format
		}
		if a.minLength > 0 {
			p["minLength"] = a.minLength
		}
		if a.maxLength > 0 {
			p["maxLength"] = a.maxLength
		}
		props[a.name] = p
	}
	return props, required
}

// The base attributes of an OIDC identity provider's user profile. The names are those the
// default IdP→user mapping of a real org reads (okta-api.md §3); the externalNames are the
// standard OIDC claims they are read from. // exact externalNames and titles unverified
var oidcIdPBaseAttributes = []struct{ name, title, externalName string }{
	{"email", "Email", "email"},
	{"firstName", "First name", "given_name"},
	{"lastName", "Last name", "family_name"},
	{"middleName", "Middle name", "middle_name"},
	{"displayName", "Display name", "name"},
	{"nickname", "Nickname", "nickname"},
	{"profile", "Profile URL", "profile"},
	{"zoneinfo", "Time zone", "zoneinfo"},
	{"phoneNumber", "Phone number", "phone_number"},
	{"street_address", "Street address", "address.street_address"},
	{"locality", "Locality", "address.locality"},
	{"region", "Region", "address.region"},
	{"postalCode", "Postal code", "address.postal_code"},
	{"country", "Country", "address.country"},
}

// The base attributes of an oidc_client app's user profile (recorded in
// TestAccResourceOktaAppUserSchemas_crud; descriptions left out).
var oidcClientBaseAttributes = []struct{ name, title, externalName string }{
	{"userName", "Username", "preferred_username"},
	{"name", "Name", ""},
	{"nickname", "Nickname", ""},
	{"given_name", "Given Name", ""},
	{"middle_name", "Middle Name", ""},
	{"family_name", "Family Name", ""},
	{"email", "Email", ""},
	{"profile", "Profile URL", ""},
	{"picture", "Picture URL", ""},
	{"website", "Website", ""},
	{"gender", "Gender", ""},
	{"birthdate", "Birthdate", ""},
	{"zoneinfo", "Time Zone", ""},
	{"locale", "Locale Name", ""},
	{"phone_number", "Phone Number", ""},
	{"street_address", "Street Address", "address.street_address"},
	{"locality", "Locality", "address.locality"},
	{"region", "Region", "address.region"},
	{"postal_code", "Postal Code", "address.postal_code"},
	{"country", "Country", "address.country"},
	{"formatted", "Formatted", "address.formatted"},
}

func appBaseProperties(attrs []struct{ name, title, externalName string }, scope string) map[string]JSON {
	props := make(map[string]JSON, len(attrs))
	for _, a := range attrs {
		p := JSON{"title": a.title, "type": "string", "scope": scope, "master": JSON{"type": "PROFILE_MASTER"}}
		if a.externalName != "" {
			p["externalName"] = a.externalName
		}
		props[a.name] = p
	}
	return props
}

// reservedAttributeNames may not name a custom attribute (Okta help, "Profile types").
var reservedAttributeNames = []string{"id", "profile", "status", "transitioningToStatus", "created", "activated",
	"statusChanged", "lastLogin", "lastUpdated", "passwordChanged", "type", "realm", "realmId", "password",
	"credentials", "_links", "_embedded", "class", "classloader"}
