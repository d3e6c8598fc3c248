package steps

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"text/template"
	"unicode/utf8"

	"github.com/idme-okta/idme-okta/assets"
)

// Handoff is what the ID.me Solution Consultant needs to finish the integration on ID.me's
// side. It holds no secret: the client secret came from ID.me and never goes back.
//
// The JSON keys are a contract (scripts read `handoff --format json`).
type Handoff struct {
	RedirectURI  string   `json:"redirect_uri"`
	PolicyHandle string   `json:"policy_handle"`
	Environment  string   `json:"environment"`
	IDmeBaseURL  string   `json:"idme_base_url"`
	OktaOrgURL   string   `json:"okta_org_url"`
	IdPID        string   `json:"idp_id"`
	IdPName      string   `json:"idp_name"`
	Scopes       []string `json:"scopes"`
	IDmeClientID string   `json:"idme_client_id"`
	Claims       []string `json:"claims"` // the ID token claims the profile mapping reads
	// Okta cannot decrypt an ID token from an identity provider and verifies its signature
	// with the JWKS endpoint, so ID.me must sign it (RS256) and not encrypt it.
	IDTokenSigningAlg string `json:"id_token_signing_alg"`
	IDTokenEncrypted  bool   `json:"id_token_encrypted"`

	Prepared string `json:"prepared,omitempty"` // date the sheet was written (YYYY-MM-DD)
	Version  string `json:"idme_okta_version,omitempty"`
}

// HandoffFormats are the formats RenderHandoff accepts.
var HandoffFormats = []string{"text", "markdown", "json"}

// BuildHandoff assembles the sheet from the answers and what Okta told us about the IdP.
// redirectURI must be Okta's _links.clientRedirectUri.href: never build it by hand, its host
// depends on the org's custom domain settings.
func BuildHandoff(a Answers, oktaOrgURL, idpID, redirectURI string) Handoff {
	env := a.IDmeEnv
	if e, ok := assets.EnvironmentByID(env); ok {
		env = e.Title
	}
	return Handoff{
		RedirectURI:       redirectURI,
		PolicyHandle:      a.PolicyHandle,
		Environment:       env,
		IDmeBaseURL:       a.IDmeBaseURL,
		OktaOrgURL:        oktaOrgURL,
		IdPID:             idpID,
		IdPName:           a.IdPName,
		Scopes:            a.Scopes(),
		IDmeClientID:      a.IDmeClientID,
		Claims:            mappedClaims(a.Mappings),
		IDTokenSigningAlg: "RS256",
		IDTokenEncrypted:  false,
	}
}

// mappedClaims are the distinct claims the mapping table reads, in table order.
func mappedClaims(rows []MappingRow) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range rows {
		if r.Claim != "" && !seen[r.Claim] {
			seen[r.Claim] = true
			out = append(out, r.Claim)
		}
	}
	return out
}

// RenderHandoff renders the sheet as "text", "markdown" or "json".
//
// Text stays pure ASCII: Windows' clip.exe reads its input in the console code page and
// mangles anything else, and the text sheet is the one people paste into e-mails.
func RenderHandoff(h Handoff, format string) ([]byte, error) {
	switch format {
	case "json":
		b, err := json.MarshalIndent(h, "", "  ")
		if err != nil {
			return nil, fmt.Errorf("render handoff sheet as json: %w", err)
		}
		return append(b, '\n'), nil
	case "text":
		return renderTemplate(asciiHandoff(h), format)
	case "markdown":
		h.IdPName = escapeMarkdown(h.IdPName)
		h.Environment = escapeMarkdown(h.Environment)
		return renderTemplate(h, format)
	}
	return nil, fmt.Errorf("handoff sheet format %q is not known: use %s", format, strings.Join(HandoffFormats, ", "))
}

func renderTemplate(h Handoff, format string) ([]byte, error) {
	src, err := assets.HandoffTemplate(format)
	if err != nil {
		return nil, err
	}
	t, err := template.New("handoff-" + format).
		Funcs(template.FuncMap{"join": strings.Join}).
		Option("missingkey=error").
		Parse(src)
	if err != nil {
		return nil, fmt.Errorf("parse handoff %s template: %w", format, err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, h); err != nil {
		return nil, fmt.Errorf("render handoff sheet as %s: %w", format, err)
	}
	out := b.Bytes()
	if !bytes.HasSuffix(out, []byte("\n")) {
		out = append(out, '\n')
	}
	return out, nil
}

// asciiHandoff returns h with every free-text value reduced to ASCII. Names may carry
// typographic punctuation pasted from a document; those get their ASCII look-alikes, anything
// else becomes "?". Ids and URLs are ASCII already.
func asciiHandoff(h Handoff) Handoff {
	h.RedirectURI = toASCII(h.RedirectURI)
	h.PolicyHandle = toASCII(h.PolicyHandle)
	h.Environment = toASCII(h.Environment)
	h.IDmeBaseURL = toASCII(h.IDmeBaseURL)
	h.OktaOrgURL = toASCII(h.OktaOrgURL)
	h.IdPID = toASCII(h.IdPID)
	h.IdPName = toASCII(h.IdPName)
	h.IDmeClientID = toASCII(h.IDmeClientID)
	h.Version = toASCII(h.Version)
	h.Prepared = toASCII(h.Prepared)
	h.Scopes = mapStrings(h.Scopes, toASCII)
	h.Claims = mapStrings(h.Claims, toASCII)
	return h
}

var asciiLookalikes = strings.NewReplacer(
	"\u2013", "-", "\u2014", "-", "\u2212", "-", "\u2010", "-", "\u2011", "-",
	"\u2018", "'", "\u2019", "'", "\u201c", `"`, "\u201d", `"`,
	"\u2026", "...", "\u00a0", " ", "\u2022", "*", "\u2192", "->", "\u2190", "<-",
)

func toASCII(s string) string {
	s = asciiLookalikes.Replace(s)
	if isASCII(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r < utf8.RuneSelf {
			b.WriteRune(r)
		} else {
			b.WriteByte('?')
		}
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func mapStrings(in []string, f func(string) string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = f(s)
	}
	return out
}

// escapeMarkdown keeps an admin-chosen name from turning into markup or breaking the table.
var escapeMarkdown = strings.NewReplacer(
	`\`, `\\`, "|", `\|`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`,
).Replace

// sameHandoffSheet reports whether two rendered sheets say the same thing. The footer line
// ("Prepared <date> by idme-okta <version>") is ignored: a sheet written yesterday, or by an
// older idme-okta, is still current if everything the Solution Consultant reads is the same.
func sameHandoffSheet(a, b []byte) bool {
	return bytes.Equal(withoutFooter(a), withoutFooter(b))
}

func withoutFooter(sheet []byte) []byte {
	var out [][]byte
	for _, line := range bytes.Split(bytes.ReplaceAll(sheet, []byte("\r\n"), []byte("\n")), []byte("\n")) {
		trimmed := bytes.TrimLeft(bytes.TrimSpace(line), "_*")
		if bytes.HasPrefix(trimmed, []byte("Prepared ")) {
			continue
		}
		out = append(out, bytes.TrimRight(line, " \t"))
	}
	return bytes.TrimSpace(bytes.Join(out, []byte("\n")))
}
