package okta

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// ErrInvalidOrgURL is wrapped by every error NormalizeOrgURL returns.
var ErrInvalidOrgURL = errors.New("invalid Okta org URL")

// orgURLExample ends every org URL error so the admin sees what a good answer looks like.
const orgURLExample = "enter your Okta org URL, e.g. https://dev-123456.okta.com"

// oktaDomains are the domains Okta itself serves orgs from. Only on these do we know that a
// "-admin" suffix on the first label means "the Admin Console of this org".
var oktaDomains = []string{"okta.com", "oktapreview.com", "okta-emea.com", "okta-gov.com", "okta.mil"}

// NormalizeOrgURL turns what an admin typed or pasted (a bare host, a link into the Admin
// Console, a URL with a trailing slash …) into the canonical org base URL
// "https://host[:port]" that API paths are appended to. It accepts plain http only for
// loopback hosts, which are used by the simulated org and tests. It never echoes user info
// or unparseable input in an error, because admins sometimes paste a token into the wrong
// field.
func NormalizeOrgURL(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return "", orgURLError("the org URL is empty")
	}
	if strings.ContainsAny(s, " \t\r\n") {
		return "", orgURLError("the org URL contains spaces")
	}
	// A "://" after the host (in a pasted link's query, say) is not a scheme.
	if i := strings.Index(s, "://"); i < 0 || strings.ContainsAny(s[:i], "/?#") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", orgURLError("the org URL could not be parsed")
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "https" && scheme != "http" {
		return "", orgURLError(fmt.Sprintf("the org URL must start with https://, not %s://", scheme))
	}
	if u.User != nil {
		return "", orgURLError("the org URL must not contain a user name or password")
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if host == "" {
		return "", orgURLError("the org URL has no host name")
	}
	port := u.Port()
	if strings.HasSuffix(u.Host, ":") || (port != "" && !validPort(port)) {
		return "", orgURLError("the org URL has an invalid port")
	}
	if (scheme == "https" && port == "443") || (scheme == "http" && port == "80") {
		port = ""
	}

	loopback := IsLoopbackHost(host)
	switch {
	case loopback:
		// Any scheme is fine on this machine: the simulated org speaks plain http.
	case net.ParseIP(host) != nil:
		return "", orgURLError("the org URL must be a host name, not an IP address")
	case !strings.Contains(host, "."):
		return "", orgURLError("the org URL needs a full host name with a domain")
	case !validHostname(host):
		return "", orgURLError("the org URL host name may only contain letters, digits, hyphens and dots")
	case scheme == "http":
		return "", orgURLError(fmt.Sprintf("Okta serves orgs only over https: use https://%s", host))
	}

	if !loopback {
		var err error
		if host, err = stripAdminSuffix(host); err != nil {
			return "", err
		}
	}
	hostport := host
	if strings.Contains(host, ":") { // IPv6 literal
		hostport = "[" + host + "]"
	}
	if port != "" {
		hostport += ":" + port
	}
	return scheme + "://" + hostport, nil
}

// stripAdminSuffix maps the Admin Console host of an Okta-owned domain
// ("dev-123-admin.okta.com") to the org host ("dev-123.okta.com"). Custom domains are left
// alone: "-admin" may be a legitimate part of a company's own host name.
func stripAdminSuffix(host string) (string, error) {
	for _, d := range oktaDomains {
		if host == d || host == "www."+d {
			return "", orgURLError(fmt.Sprintf("%s is Okta's website, not your org", host))
		}
		if !strings.HasSuffix(host, "."+d) {
			continue
		}
		sub := strings.TrimSuffix(host, "."+d)
		if i := strings.IndexByte(sub, '.'); i >= 0 {
			// Okta org hosts have exactly one label before the Okta domain.
			return "", orgURLError(fmt.Sprintf("%s is not an org host: Okta org URLs look like https://<org>.%s", host, d))
		}
		if trimmed, ok := strings.CutSuffix(sub, "-admin"); ok && trimmed != "" {
			sub = trimmed
		}
		return sub + "." + d, nil
	}
	return host, nil
}

func orgURLError(problem string) error {
	return fmt.Errorf("%w: %s — %s", ErrInvalidOrgURL, problem, orgURLExample)
}

// IsLoopbackHost reports whether host (a host name or IP, without port or brackets) is
// this machine: localhost or a loopback address. Plain http is allowed only there.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func validPort(p string) bool {
	if len(p) == 0 || len(p) > 5 {
		return false
	}
	n := 0
	for _, r := range p {
		if r < '0' || r > '9' {
			return false
		}
		n = n*10 + int(r-'0')
	}
	return n > 0 && n <= 65535
}

// validHostname checks the LDH rule per label; it deliberately rejects underscores, which
// no Okta org or custom domain can contain.
func validHostname(host string) bool {
	if len(host) > 253 {
		return false
	}
	for _, label := range strings.Split(host, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}
