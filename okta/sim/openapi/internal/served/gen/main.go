// Command gen writes the part of Okta's spec the simulated org checks requests against (see
// package served) to the file named by its argument. `go generate ./okta/sim/openapi` runs
// it; run that after changing the simulator's routes or the SDK version.
package main

import (
	"fmt"
	"os"

	"github.com/idme-okta/idme-okta/okta/sim/openapi/internal/served"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gen <output file>")
		os.Exit(2)
	}
	compact, err := served.Generate()
	if err == nil {
		err = os.WriteFile(os.Args[1], compact, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
