package sim

import "strings"

// route is one endpoint of the simulated org.
type route struct {
	method   string
	template string // Okta's path template, e.g. "/api/v1/idps/{idpId}"
	// resource names the OAuth scope family that guards the route: "idps" means reads need
	// okta.idps.read (or .manage) and writes need okta.idps.manage.
	resource string
	// public routes (the OAuth endpoints) do their own client authentication and are not
	// management API calls.
	public bool
	// unlocked routes (the IdP callback) take the org's lock themselves, because they call
	// the upstream identity provider over HTTP and must not hold the whole org meanwhile.
	unlocked bool
	handle   func(c *call) reply
	parts    []string
}

// match finds the route for a request. When several templates match, the one with the most
// literal segments wins (/api/v1/users/me before /api/v1/users/{userId}). pathKnown reports
// whether some route has this path with another method (405 rather than 404).
func (o *Org) match(method, path string) (rt *route, params map[string]string, pathKnown bool) {
	segs := splitPath(path)
	best := -1
	for i := range o.routes {
		r := &o.routes[i]
		literal, p, ok := matchTemplate(r.parts, segs)
		if !ok {
			continue
		}
		if r.method != method {
			pathKnown = true
			continue
		}
		if literal > best {
			best, rt, params = literal, r, p
		}
	}
	return rt, params, pathKnown
}

func splitPath(p string) []string {
	return strings.Split(strings.Trim(p, "/"), "/")
}

func matchTemplate(parts, segs []string) (literal int, params map[string]string, ok bool) {
	if len(parts) != len(segs) {
		return 0, nil, false
	}
	for i, part := range parts {
		if strings.HasPrefix(part, "{") && strings.HasSuffix(part, "}") {
			if segs[i] == "" {
				return 0, nil, false
			}
			if params == nil {
				params = map[string]string{}
			}
			params[part[1:len(part)-1]] = segs[i]
			continue
		}
		if part != segs[i] {
			return 0, nil, false
		}
		literal++
	}
	return literal, params, true
}

// api declares a management API route.
func api(method, template, resource string, h func(c *call) reply) route {
	return route{method: method, template: template, resource: resource, handle: h, parts: splitPath(template)}
}

// public declares a route that authenticates its own callers (OAuth endpoints).
func public(method, template string, h func(c *call) reply) route {
	return route{method: method, template: template, public: true, handle: h, parts: splitPath(template)}
}

// publicUnlocked declares a public route whose handler takes the org's lock itself.
func publicUnlocked(method, template string, h func(c *call) reply) route {
	r := public(method, template, h)
	r.unlocked = true
	return r
}
