// Package terraform writes the ID.me integration that idme-okta set up (or adopted) in an
// Okta org as Terraform configuration for the okta/okta provider: the OIDC identity provider,
// its profile attributes, the custom Okta user attributes, the profile mapping, the routing
// rule and, when asked, the test sign-in app, each with a Terraform 1.5 import block carrying
// its real id, so that a first `terraform plan` adopts the objects instead of creating them.
//
// Values read from Okta are untrusted: they reach the files only through hclwrite's string
// encoding (quotes, backslashes, control characters and the template introducers ${ and %{
// are escaped), never as raw text, and never into a comment. The ID.me client secret is
// never read or written: the identity provider takes it from a sensitive variable.
//
// The provider's argument names and import ID formats are those of its documentation at
// v6.12.0 (docs/resources/*.md of okta/terraform-provider-okta at commit
// e59c130b0b6e4b9f76aacbba437515cd5e95cc71); testdata/okta-provider-arguments.txt holds the
// documented names and the tests hold every emitted name to it.
package terraform

import (
	"context"
	"errors"

	"github.com/idme-okta/idme-okta/steps"
)

// Options choose what Export writes.
type Options struct {
	// TestApp adds the test sign-in app (okta_app_oauth) and its group assignment.
	TestApp bool
	// WriteOnlySecret gives the client secret to the identity provider as client_secret_wo
	// (Terraform 1.11 or later), which keeps it out of the Terraform state.
	WriteOnlySecret bool
	// Version is idme-okta's version, named in the files' header.
	Version string
}

// File is one file of the export, named relative to the export directory.
type File struct {
	Name    string
	Content []byte
}

// Resource is one resource the export writes and the id Terraform imports it with.
type Resource struct {
	Address  string // e.g. okta_idp_oidc.idme
	ImportID string
}

// Result is an export: the files, the resources in them, and notes for the admin about what
// the files could not say (settings written nowhere, values to check). Notes hold no value
// read from Okta, so they are safe to print.
type Result struct {
	Files     []File
	Resources []Resource
	Notes     []string
}

// ErrNothingToExport means the org holds none of the integration's objects.
var ErrNothingToExport = errors.New("nothing to export: idme-okta found no ID.me identity provider, custom attribute, profile mapping or routing rule of this setup in the org (run the setup first; the objects are found by the ids in the progress file, else by the names it remembers)")

// Export reads the integration from Okta (reads only) and writes it as Terraform. The
// objects are found as the steps find them: by the ids in s (from the progress file), else
// by the names in s.Answers.
func Export(ctx context.Context, s *steps.Setup, opts Options) (*Result, error) {
	snap, err := gather(ctx, s, opts)
	if err != nil {
		return nil, err
	}
	if snap.empty() {
		return nil, ErrNothingToExport
	}
	return render(snap, opts), nil
}

func (snap *snapshot) empty() bool {
	return snap.idp == nil && len(snap.userAttrs) == 0 && snap.rule == nil && snap.app == nil
}
