package sim

// APIRoute is a management API operation the org serves: an HTTP method and Okta's path
// template.
type APIRoute struct{ Method, Template string }

// APIRoutes lists the management API operations the org serves, the ones whose requests it
// checks against Okta's spec: okta/sim/openapi keeps exactly these of the spec in full (its
// go generate reads this list, and its test fails when the embedded spec is behind it).
func APIRoutes() []APIRoute {
	var out []APIRoute
	for _, r := range (&Org{}).routeTable() {
		if !r.public {
			out = append(out, APIRoute{Method: r.method, Template: r.template})
		}
	}
	return out
}
