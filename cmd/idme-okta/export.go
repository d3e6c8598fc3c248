package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/idme-okta/idme-okta/steps/export/terraform"
	"github.com/idme-okta/idme-okta/ui/termtext"
)

// exportFormats are the formats `idme-okta export <format>` writes.
var exportFormats = []string{"terraform"}

func runExport(ctx context.Context, c *cli, args []string) error {
	if len(args) == 0 || isHelpFlag(args[0]) {
		w := c.stdout // help asked for; a missing format is a mistake
		if len(args) == 0 {
			w = c.stderr
		}
		fmt.Fprint(w, "Usage: idme-okta export terraform [flags]\n\n"+
			"Write what idme-okta set up in Okta as configuration for another tool. Formats:\n"+
			"  terraform  HCL for the okta/okta Terraform provider, with import blocks\n\n"+
			"Run 'idme-okta help export terraform' for its flags.\n")
		if len(args) == 0 {
			return usagef("export needs a format: idme-okta export terraform")
		}
		return nil
	}
	if args[0] != "terraform" {
		return usagef("export %q: the only format is terraform (idme-okta export terraform --dir DIR)", args[0])
	}
	return runs(parseExportTerraform, runExportTerraform)(ctx, c, args[1:])
}

// exportTerraformOptions are the flags of `export terraform`.
type exportTerraformOptions struct {
	answers   answerFlags
	dir       string // --dir
	force     bool   // --force
	testApp   bool   // --test-app
	writeOnly bool   // --write-only-secret
}

func parseExportTerraform(c *cli, args []string) (*exportTerraformOptions, error) {
	fs := newFlagSet(c, "export terraform",
		"Write the ID.me integration idme-okta set up (or adopted) in the org as Terraform for the\n"+
			"okta/okta provider "+terraform.ProviderVersion+": the identity provider, its profile attributes, the custom\n"+
			"user attributes, the profile mapping and the routing rule, with import blocks for their\n"+
			"real ids. The ID.me client secret becomes a sensitive variable. Reads only; writes\n"+
			"nothing to Okta.",
		connectionEnv...)
	o := &exportTerraformOptions{}
	o.answers.addConnection(fs)
	pathVar(fs, &o.dir, "dir", terraform.DefaultDir, "`directory` for the .tf files (created if missing)")
	fs.BoolVar(&o.force, "force", false, "replace the files of an earlier export in --dir")
	fs.BoolVar(&o.testApp, "test-app", false, "also export the test sign-in app and its group assignment")
	fs.BoolVar(&o.writeOnly, "write-only-secret", false, "give the secret as client_secret_wo (Terraform 1.11+), which keeps it out of the state")
	if err := o.answers.parse(fs, args); err != nil {
		return o, err
	}
	if o.dir == "" {
		return o, usagef("--dir is empty: name a directory for the .tf files")
	}
	return o, nil
}

func runExportTerraform(ctx context.Context, c *cli, o *exportTerraformOptions) error {
	// Refuse before connecting: an export that cannot be written is not worth the reads.
	if !o.force {
		if err := terraform.Check(o.dir); err != nil {
			return exportWriteError(err)
		}
	}
	setup, err := c.prepare(&o.answers, false)
	if err != nil {
		return err
	}
	setup.StatePath = "" // an export reads; the progress file stays as it is

	res, err := terraform.Export(ctx, setup, terraform.Options{TestApp: o.testApp, WriteOnlySecret: o.writeOnly, Version: version})
	if err != nil {
		if ctx.Err() != nil {
			return errAborted
		}
		return err
	}
	paths, err := terraform.Write(o.dir, res.Files, o.force)
	if err != nil {
		return exportWriteError(err)
	}

	// Only idme-okta's own words and the resource addresses (made of safe characters) are
	// printed: no value read from Okta reaches the terminal.
	abs, _ := filepath.Abs(o.dir)
	fmt.Fprintf(c.stdout, "Wrote %d files to %s:\n", len(paths), abs)
	for _, p := range paths {
		fmt.Fprintf(c.stdout, "  %s\n", filepath.Base(p))
	}
	fmt.Fprintf(c.stdout, "\n%d resources, each with an import block:\n", len(res.Resources))
	for _, r := range res.Resources {
		fmt.Fprintf(c.stdout, "  %s\n", r.Address)
	}
	if len(res.Notes) > 0 {
		fmt.Fprintln(c.stdout, "\nCheck before applying:")
		for _, n := range res.Notes {
			fmt.Fprintf(c.stdout, "  - %s\n", termtext.Line(n)) // it may name a condition Okta holds
		}
	}
	fmt.Fprintf(c.stdout, "\nNext (see the header of main.tf):\n  cd %s\n  export OKTA_API_TOKEN=... TF_VAR_idme_client_secret=...\n  terraform init && terraform plan\n", shellQuote(abs))
	return nil
}

// exportWriteError makes "files are there already" a usage error (exit 2) naming --force.
func exportWriteError(err error) error {
	var exists *terraform.ExistsError
	if errors.As(err, &exists) {
		return usagef("%v", err)
	}
	return err
}
