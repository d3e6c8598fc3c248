package steps

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Every value idme-okta sends to Okta is checked here, once, before the first write: the
// same rules serve the flags and environment of the headless commands, the progress file and
// the wizard's fields. A rule errs on the side of refusing: a value Okta would store but
// that no ID.me or Okta setup needs (a newline in a rule name, a password in a URL) is a
// mistake or an attack, and some of what Okta stores idme-okta can never delete (user
// attributes).

// Field names an answer the way the progress file does (its JSON key), so the caller can say
// where the value came from: a flag, a variable, the file or a form field.
type Field string

const (
	FieldOrgURL          Field = "org_url"
	FieldIDmeEnv         Field = "idme_env"
	FieldIDmeBaseURL     Field = "idme_base_url"
	FieldIDmeClientID    Field = "idme_client_id"
	FieldPolicyHandle    Field = "policy_handle"
	FieldIdPName         Field = "idp_name"
	FieldRuleName        Field = "rule_name"
	FieldExtraAttributes Field = "extra_attributes"
	FieldMappings        Field = "mappings"
	FieldTestAppLabel    Field = "test_app_label"
	FieldCallbackPort    Field = "callback_port"
	FieldTestGroupID     Field = "test_group_id"
	FieldIdPID           Field = "idp_id"
	FieldRuleApps        Field = "rule_apps"
	FieldRuleUserPattern Field = "rule_user_pattern"
	FieldRuleStatus      Field = "rule_status"
)

// InvalidAnswerError is an answer that breaks its rule; Err says which rule, in words.
type InvalidAnswerError struct {
	Field Field
	Err   error
}

func (e *InvalidAnswerError) Error() string { return e.Err.Error() }
func (e *InvalidAnswerError) Unwrap() error { return e.Err }

// InvalidAnswers lists the *InvalidAnswerError in err (one from Validate may join several).
func InvalidAnswers(err error) []*InvalidAnswerError {
	var out []*InvalidAnswerError
	var walk func(error)
	walk = func(err error) {
		if ia, ok := err.(*InvalidAnswerError); ok {
			out = append(out, ia)
			return
		}
		switch x := err.(type) {
		case interface{ Unwrap() []error }:
			for _, e := range x.Unwrap() {
				walk(e)
			}
		case interface{ Unwrap() error }:
			walk(x.Unwrap())
		}
	}
	if err != nil {
		walk(err)
	}
	return out
}

// Validate checks every answer the steps need before anything is written to Okta: each is
// there and keeps its rule.
func (a Answers) Validate() error { return a.validate(true) }

// ValidateGiven checks the answers that are there and leaves missing ones to the command
// that needs them (status and test-signin need no ID.me client ID, say).
func (a Answers) ValidateGiven() error { return a.validate(false) }

func (a Answers) validate(complete bool) error {
	var errs []error
	check := func(f Field, given bool, err error) {
		var known *InvalidAnswerError
		switch {
		case err == nil || !(complete || given):
		case errors.As(err, &known):
			errs = append(errs, known)
		default:
			errs = append(errs, &InvalidAnswerError{Field: f, Err: err})
		}
	}
	if complete && a.OrgURL == "" {
		check(FieldOrgURL, false, errors.New("Okta org URL is empty"))
	}
	_, _, err := ResolveIDmeBaseURL(a.IDmeEnv, a.IDmeBaseURL)
	check(FieldIDmeBaseURL, a.IDmeEnv != "" || a.IDmeBaseURL != "", err)
	check(FieldIDmeClientID, a.IDmeClientID != "", ValidateClientID(a.IDmeClientID))
	check(FieldPolicyHandle, a.PolicyHandle != "", ValidatePolicyHandle(a.PolicyHandle))
	check(FieldIdPName, a.IdPName != "", ValidateName("identity provider name", a.IdPName))
	check(FieldRuleName, a.RuleName != "", ValidateName("routing rule name", a.RuleName))
	if a.TestAppLabel != "" {
		check(FieldTestAppLabel, true, ValidateName("test app label", a.TestAppLabel))
	}
	for _, name := range a.ExtraAttributes {
		check(FieldExtraAttributes, true, ValidateExtraAttribute(name))
	}
	check(FieldMappings, len(a.Mappings) > 0, ValidateMappings(a.Mappings))
	if a.CallbackPort != 0 { // 0: the default
		check(FieldCallbackPort, true, ValidateCallbackPort(a.CallbackPort))
	}
	if a.RuleStatus != "" { // "": the guide's ACTIVE
		check(FieldRuleStatus, true, ValidateRuleStatus(a.RuleStatus))
	}
	if a.TestGroupID != "" { // "": the Everyone group
		check(FieldTestGroupID, true, ValidateGroupID(a.TestGroupID))
	}
	if a.IdPID != "" {
		check(FieldIdPID, true, validateObjectID("identity provider id", "0oa", a.IdPID))
	}
	for _, id := range a.RuleApps {
		check(FieldRuleApps, true, validateObjectID("app id", "0oa", id))
	}
	if a.RuleUserPattern != "" {
		check(FieldRuleUserPattern, true, ValidateUserPattern(a.RuleUserPattern))
	}
	return errors.Join(errs...)
}

// maxScopeToken bounds the policy handle. ID.me's handles are words or short URIs (the
// longest known, http://idmanagement.gov/ns/assurance/ial/2/aal/2, has 49 characters).
// unverified: ID.me documents no limit; 128 is a sanity bound, not ID.me's.
const maxScopeToken = 128

// ValidatePolicyHandle accepts one OAuth scope token (RFC 6749 §3.3: printable ASCII
// without space, " and \), URIs such as http://idmanagement.gov/ns/assurance/ial/2/aal/2
// included: ID.me assigns handles per consumer, so only the shape can be checked here.
func ValidatePolicyHandle(h string) error {
	switch {
	case strings.TrimSpace(h) == "":
		return errors.New("policy handle is empty: enter the handle your ID.me Solution Consultant gave you, e.g. teacher or http://idmanagement.gov/ns/assurance/ial/2/aal/2")
	case h != strings.TrimSpace(h):
		return fmt.Errorf("policy handle %q has spaces around it: enter it exactly as ID.me gave it", h)
	case strings.IndexFunc(h, unicode.IsSpace) >= 0:
		return fmt.Errorf("policy handle %q contains a space: it is a single value; openid is added for you", h)
	case len(h) > maxScopeToken:
		return fmt.Errorf("policy handle is %d characters long: an ID.me policy handle has at most %d", len(h), maxScopeToken)
	case strings.IndexFunc(h, notScopeChar) >= 0:
		return fmt.Errorf("policy handle %q contains %s: a scope may hold only printable ASCII characters other than space, \" and \\ (RFC 6749)", h, describeRune(h, notScopeChar))
	case strings.EqualFold(h, "openid"):
		return errors.New("policy handle cannot be \"openid\": openid is added for you; enter the ID.me policy handle itself")
	case strings.EqualFold(h, "profile") || strings.EqualFold(h, "email"):
		return fmt.Errorf("policy handle cannot be %q: ID.me returns no claims unless the scope is exactly openid plus your policy handle", h)
	}
	return nil
}

// notScopeChar is true for a rune outside RFC 6749's NQCHAR (%x21 / %x23-5B / %x5D-7E).
func notScopeChar(r rune) bool { return r < 0x21 || r > 0x7e || r == '"' || r == '\\' }

// maxClientID bounds the ID.me client ID. ID.me's are 32 hex digits.
// unverified: ID.me documents no limit; 255 is a sanity bound.
const maxClientID = 255

// ValidateClientID checks an ID.me client ID (not a secret, but it must be there): the
// same characters as a scope token, since it travels in URLs and in the IdP's JSON.
func ValidateClientID(id string) error {
	switch {
	case strings.TrimSpace(id) == "":
		return errors.New("ID.me client ID is empty: it is provided by your ID.me Solution Consultant")
	case strings.IndexFunc(id, unicode.IsSpace) >= 0:
		return fmt.Errorf("ID.me client ID %q contains a space: paste it exactly as ID.me gave it", id)
	case len(id) > maxClientID:
		return fmt.Errorf("ID.me client ID is %d characters long: at most %d", len(id), maxClientID)
	case strings.IndexFunc(id, notScopeChar) >= 0:
		return fmt.Errorf("ID.me client ID %q contains %s: paste it exactly as ID.me gave it (printable ASCII, no quotes or backslashes)", id, describeRune(id, notScopeChar))
	}
	return nil
}

// maxObjectName is Okta's limit for the names idme-okta gives objects (the Admin Console
// refuses longer identity provider names and app labels).
// unverified: the API's limit for IDP_DISCOVERY rule names; the Admin Console's is lower
// for some policy types (50), so shorter names are safer.
const maxObjectName = 100

// ValidateName checks an Okta object name the admin may edit (IdP name, rule name, app
// label): not empty, no surrounding spaces, no control characters (a newline in a name
// makes a second object rather than finding the first), within Okta's length.
func ValidateName(what, name string) error {
	n := strings.TrimSpace(name)
	switch {
	case n == "":
		return fmt.Errorf("%s is empty: enter a name", what)
	case !utf8.ValidString(name):
		return fmt.Errorf("%s is not valid text (UTF-8)", what)
	case utf8.RuneCountInString(n) > maxObjectName:
		return fmt.Errorf("%s is %d characters long: Okta allows at most %d", what, utf8.RuneCountInString(n), maxObjectName)
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return fmt.Errorf("%s %q contains %s: a name is one line of printable text", what, name, describeRune(name, unicode.IsControl))
	case n != name:
		return fmt.Errorf("%s %q has spaces around it", what, name)
	}
	return nil
}

// maxAttributeName bounds an Okta attribute's variable name.
// unverified: Okta documents no limit for the variable name; real orgs have names of 50+
// characters, and 100 keeps the schema and the expressions that name it readable.
const maxAttributeName = 100

// reservedAttributes are names Okta refuses for custom user attributes ("Review reserved
// attributes", Okta help), compared without case.
var reservedAttributes = map[string]bool{
	"id": true, "profile": true, "status": true, "transitioningtostatus": true, "created": true,
	"activated": true, "statuschanged": true, "lastlogin": true, "lastupdated": true,
	"passwordchanged": true, "type": true, "realm": true, "realmid": true, "password": true,
	"credentials": true, "_links": true, "_embedded": true, "class": true, "classloader": true,
	"createdby": true, "lastupdatedby": true, "orgid": true, "activationstatus": true,
	"apistatus": true, "logintype": true, "initialreconcilecomplete": true,
	"activationdate": true, "statuschangeddate": true, "apilastupdate": true,
	"passwordexpirationguess": true, "passwordexpirationcursor": true, "numunlocks": true,
	"changedstatus": true,
}

// baseAttributes are the Okta user profile's base attributes: there already, never added.
var baseAttributes = map[string]bool{
	"login": true, "email": true, "secondEmail": true, "firstName": true, "lastName": true,
	"middleName": true, "honorificPrefix": true, "honorificSuffix": true, "title": true,
	"displayName": true, "nickName": true, "profileUrl": true, "primaryPhone": true,
	"mobilePhone": true, "streetAddress": true, "city": true, "state": true, "zipCode": true,
	"postalAddress": true, "countryCode": true, "preferredLanguage": true, "locale": true,
	"timezone": true, "userType": true, "employeeNumber": true, "costCenter": true,
	"organization": true, "division": true, "department": true, "managerId": true, "manager": true,
}

// attributeName is an Okta variable name: a letter, then letters, digits and underscores.
var attributeName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

// ValidateAttributeName checks an Okta user attribute's variable name, as a mapping target
// or a custom attribute to add: Okta expressions name it (user.<name>), so it is an
// identifier, and Okta reserves some names.
func ValidateAttributeName(name string) error {
	switch {
	case name == "":
		return errors.New("attribute name is empty")
	case len(name) > maxAttributeName:
		return fmt.Errorf("attribute name is %d characters long: at most %d", len(name), maxAttributeName)
	case !attributeName.MatchString(name):
		return fmt.Errorf("%q is not an Okta attribute (variable) name: a letter, then letters, digits and _ only", name)
	case reservedAttributes[strings.ToLower(name)]:
		return fmt.Errorf("%q is a name Okta reserves (see \"Review reserved attributes\" in Okta's help): choose another", name)
	}
	return nil
}

// ValidateExtraAttribute checks a custom attribute to add (--attribute): a valid name that
// is not one of Okta's base attributes, which exist already.
func ValidateExtraAttribute(name string) error {
	if err := ValidateAttributeName(name); err != nil {
		return err
	}
	if baseAttributes[name] {
		return fmt.Errorf("%q is one of Okta's base attributes: it exists already; to fill it from ID.me, add a mapping row instead (--map %s=<claim>)", name, name)
	}
	return nil
}

// ValidateMappings checks the mapping table before anything is written.
func ValidateMappings(rows []MappingRow) error {
	seen := map[string]bool{}
	hasLogin := false
	for i, r := range rows {
		if r.Attribute == "" || r.Claim == "" {
			return fmt.Errorf("mapping row %d is incomplete: both the Okta attribute and the ID.me claim are needed", i+1)
		}
		if err := ValidateAttributeName(r.Attribute); err != nil {
			return fmt.Errorf("mapping row %d: %w", i+1, err)
		}
		if !isIdentifier(r.Claim) || len(r.Claim) > maxAttributeName {
			return fmt.Errorf("mapping row %d: %q is not a claim name (letters, digits and _ only, at most %d)", i+1, r.Claim, maxAttributeName)
		}
		if seen[r.Attribute] {
			return fmt.Errorf("Okta attribute %q is mapped twice: keep one row", r.Attribute)
		}
		seen[r.Attribute] = true
		hasLogin = hasLogin || r.Attribute == "login"
	}
	if !hasLogin {
		return errors.New("the mapping table has no row for login: Okta needs a username (the guide maps login ← email)")
	}
	return nil
}

func isIdentifier(s string) bool {
	for i, r := range s {
		if !(r == '_' || unicode.IsLetter(r) || (i > 0 && unicode.IsDigit(r))) || r > unicode.MaxASCII {
			return false
		}
	}
	return s != ""
}

// groupID is the shape of an Okta group id: "00g" and 17 more letters and digits.
var groupID = regexp.MustCompile(`^00g[A-Za-z0-9]{17}$`)

// ValidateRuleStatus checks the routing rule's wanted status: RuleActive or RuleInactive.
func ValidateRuleStatus(status string) error {
	if status != RuleActive && status != RuleInactive {
		return fmt.Errorf("routing rule status %q is not one: use active (the guide: every user sees \"Sign in with ID.me\") or inactive (held back until it is activated)", status)
	}
	return nil
}

// ValidateGroupID checks the shape of a group id; whether the group exists is the test-app
// step's check (it reads the group).
func ValidateGroupID(id string) error {
	if !groupID.MatchString(id) {
		return fmt.Errorf("group id %q is not an Okta group id (00g and 17 letters or digits, as in the group's Admin Console URL)", id)
	}
	return nil
}

// objectID is the shape of an Okta object id: a three-character prefix and 17 more letters
// and digits.
var objectID = regexp.MustCompile(`^[0-9a-z]{3}[A-Za-z0-9]{17}$`)

// validateObjectID checks an Okta id of the kind whose ids start with prefix ("0oa" for
// apps and identity providers).
func validateObjectID(what, prefix, id string) error {
	if !objectID.MatchString(id) || !strings.HasPrefix(id, prefix) {
		return fmt.Errorf("%s %q is not an Okta id (%s and 17 letters or digits, as in the Admin Console URL)", what, id, prefix)
	}
	return nil
}

// maxUserPattern bounds the routing rule's username pattern.
// unverified: Okta's limit for a rule's userIdentifier pattern value.
const maxUserPattern = 1024

// ValidateUserPattern checks the routing rule's username pattern: its form (ParseUserPattern)
// and one line of printable text.
func ValidateUserPattern(p string) error {
	if _, err := ParseUserPattern(p); err != nil {
		return err
	}
	switch {
	case len(p) > maxUserPattern:
		return fmt.Errorf("username pattern is %d characters long: at most %d", len(p), maxUserPattern)
	case !utf8.ValidString(p) || strings.IndexFunc(p, unicode.IsControl) >= 0:
		return fmt.Errorf("username pattern %q contains %s: it is one line of printable text", p, describeRune(p, unicode.IsControl))
	}
	return nil
}

// ValidateCallbackPort checks the loopback port of the test sign-in's callback.
func ValidateCallbackPort(port int) error {
	if port < 1 || port > 65535 {
		return fmt.Errorf("callback port %d is not a TCP port: use 1–65535 (ports below 1024 may need privileges)", port)
	}
	return nil
}

// describeRune names the first rune of s for which bad is true, for a message.
func describeRune(s string, bad func(rune) bool) string {
	i := strings.IndexFunc(s, bad)
	if i < 0 {
		return "nothing"
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	switch {
	case r == '"' || r == '\\':
		return fmt.Sprintf("%q", string(r))
	case r == utf8.RuneError:
		return "bytes that are not UTF-8"
	}
	return fmt.Sprintf("the character %U", r)
}
