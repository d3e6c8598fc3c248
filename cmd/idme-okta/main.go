// Command idme-okta sets up "Sign in with ID.me" in an Okta org: it automates
// Okta's guide for using ID.me as an OpenID Connect identity provider.
package main

import (
	"fmt"
	"os"
)

// version is stamped at build time (-ldflags "-X main.version=...").
var version = "dev"

func main() {
	if len(os.Args) > 1 && os.Args[1] == "version" {
		fmt.Println("idme-okta", version)
		return
	}
	fmt.Fprintln(os.Stderr, "idme-okta: the wizard is not built yet; try `idme-okta version`")
	os.Exit(2)
}
