package okta

import (
	"context"
	"fmt"

	sdk "github.com/okta/okta-sdk-golang/v5/okta"
)

// Engine is the sign-in pipeline an org runs.
type Engine string

const (
	EngineIdentity Engine = "identity" // Okta Identity Engine (pipeline "idx")
	EngineClassic  Engine = "classic"  // Classic Engine (pipeline "v1")
)

// String names the engine the way Okta's documentation does.
func (e Engine) String() string {
	switch e {
	case EngineIdentity:
		return "Identity Engine"
	case EngineClassic:
		return "Classic Engine"
	}
	return "an unknown engine"
}

// OrgEngine reads GET /.well-known/okta-organization and says which engine the org runs:
// its pipeline is "idx" on Identity Engine and "v1" on Classic (okta-api.md §13, recorded in
// terraform-provider-okta's cassettes). The document needs no credentials; the call sends
// them anyway, like every call of this client.
func (c *Client) OrgEngine(ctx context.Context) (Engine, error) {
	w, ex, err := getJSON[struct {
		Pipeline string `json:"pipeline"`
	}](ctx, c, opOrgMetadata, func(ctx context.Context) (*sdk.APIResponse, error) {
		_, resp, err := c.api.OrgSettingAPI.GetWellknownOrgMetadata(ctx).Execute()
		return resp, err
	})
	switch {
	case err != nil:
		return "", err
	case w.Pipeline == "idx":
		return EngineIdentity, nil
	case w.Pipeline == "v1":
		return EngineClassic, nil
	}
	return "", unusableAnswer(opOrgMetadata, ex, fmt.Errorf("pipeline %q is neither idx (Identity Engine) nor v1 (Classic)", w.Pipeline),
		"idme-okta cannot tell which engine this org runs: please report this with the request id")
}
