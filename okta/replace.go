package okta

import "context"

// readOnlyMembers are the members of an Okta object that a full replace must not send back.
var readOnlyMembers = []string{"_links", "_embedded", "created", "lastUpdated"}

// readForReplace reads the object a full replace (PUT) will overwrite, as raw JSON without
// its read-only members. Okta's PUT replaces the whole object, so the replace sends back
// every member this tool does not manage, and settings an admin made in the console
// survive. The exchange is returned too, for callers that also decode the object.
func (c *Client) readForReplace(ctx context.Context, op string, call sdkCall) (map[string]any, *exchange, error) {
	ex, err := c.do(ctx, op, call)
	if err != nil {
		return nil, nil, err
	}
	var raw map[string]any
	if err := decode(op, ex, &raw); err != nil {
		return nil, nil, err
	}
	for _, k := range readOnlyMembers {
		delete(raw, k)
	}
	return raw, ex, nil
}

// child returns m[key] as an object, creating it (or replacing a null) when needed.
func child(m map[string]any, key string) map[string]any {
	if c, ok := m[key].(map[string]any); ok {
		return c
	}
	c := map[string]any{}
	m[key] = c
	return c
}
