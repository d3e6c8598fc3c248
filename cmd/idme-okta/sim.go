package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/idme-okta/idme-okta/okta/sim"
	"github.com/idme-okta/idme-okta/okta/sim/idme"
)

// world is a simulated Okta org federating to a simulated ID.me, wired to each other the way
// an ID.me Solution Consultant would: the ID.me client knows Okta's callback. production is
// a second, separate ID.me standing in for https://api.id.me/, with its own client for the
// same callback, so a finished sandbox setup can be moved to production and signed in again.
type world struct {
	org          *sim.Org
	idme         *idme.Server
	clientID     string
	clientSecret string
	policyHandle string

	production             *idme.Server
	productionClientID     string
	productionClientSecret string
}

// demoPolicyHandle is the example handle from Okta's guide.
const demoPolicyHandle = "nist_aal2_ial2"

// startWorld starts both simulators. Requests to the org are checked against Okta's OpenAPI
// spec, embedded in the binary and loaded at the first request; neither simulator makes its
// keys before they are needed, so the demo draws its first frame without waiting for either.
// ID.me releases claims in the given style and offers identities (none: its default people).
func startWorld(orgAddr, idmeAddr string, claims idme.ClaimStyle, identities ...idme.Identity) (*world, error) {
	org, err := sim.Start(sim.Options{Addr: orgAddr})
	if err != nil {
		return nil, fmt.Errorf("start the simulated Okta org: %w", err)
	}
	w := &world{org: org, clientID: randomHex(16), clientSecret: randomHex(24), policyHandle: demoPolicyHandle,
		productionClientID: randomHex(16), productionClientSecret: randomHex(24)}
	start := func(addr, clientID, secret string) (*idme.Server, error) {
		return idme.Start(idme.Options{
			Addr:       addr,
			Identities: identities,
			ClaimStyle: claims,
			Clients: []idme.Client{{
				ID:           clientID,
				Secret:       secret,
				RedirectURIs: []string{org.URL() + "/oauth2/v1/authorize/callback"},
				Policies:     []string{demoPolicyHandle, idme.IAL2Handle, "teacher"},
			}},
		})
	}
	if w.idme, err = start(idmeAddr, w.clientID, w.clientSecret); err != nil {
		_ = org.Close()
		return nil, fmt.Errorf("start the simulated ID.me: %w", err)
	}
	// The production stand-in listens on a free loopback port beside the sandbox one.
	if w.production, err = start("127.0.0.1:0", w.productionClientID, w.productionClientSecret); err != nil {
		w.Close()
		return nil, fmt.Errorf("start the simulated ID.me production environment: %w", err)
	}
	return w, nil
}

// addIDmeClaims declares --idme-claims, the claim names the simulated ID.me releases. A
// value other than guide or oidc is a usage error naming the flag and both values.
func addIDmeClaims(fs *flag.FlagSet, v *idme.ClaimStyle) {
	*v = idme.ClaimsGuide
	fs.Var(claimStyleValue{v}, "idme-claims",
		"claim names the simulated ID.me releases, `guide|oidc`: guide (fname, lname, … as Okta's guide maps) or oidc (given_name, family_name, address, …)")
}

type claimStyleValue struct{ v *idme.ClaimStyle }

func (c claimStyleValue) String() string {
	if c.v == nil {
		return ""
	}
	return string(*c.v)
}

// Values are the styles, for completion.
func (c claimStyleValue) Values() []string {
	var v []string
	for _, s := range idme.ClaimStyles {
		v = append(v, string(s))
	}
	return v
}

func (c claimStyleValue) Set(s string) error {
	style, err := idme.ParseClaimStyle(s)
	if err != nil {
		return errors.New("use guide or oidc")
	}
	*c.v = style
	return nil
}

func (w *world) Close() {
	if w.production != nil {
		_ = w.production.Close()
	}
	_ = w.idme.Close()
	_ = w.org.Close()
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return hex.EncodeToString(b)
}

// simInfo is the first stdout line of `sim --json`; its keys are a contract.
type simInfo struct {
	OrgURL           string `json:"org_url"`
	APIToken         string `json:"api_token"`
	IDmeBaseURL      string `json:"idme_base_url"`
	IDmeClientID     string `json:"idme_client_id"`
	IDmeClientSecret string `json:"idme_client_secret"`
	PolicyHandle     string `json:"policy_handle"`
	// The production stand-in: another ID.me environment with its own client.
	IDmeProductionBaseURL      string `json:"idme_production_base_url"`
	IDmeProductionClientID     string `json:"idme_production_client_id"`
	IDmeProductionClientSecret string `json:"idme_production_client_secret"`
}

// info is what sim prints about the world.
func (w *world) info() simInfo {
	return simInfo{
		OrgURL:           w.org.URL(),
		APIToken:         w.org.AdminToken(),
		IDmeBaseURL:      w.idme.BaseURL(),
		IDmeClientID:     w.clientID,
		IDmeClientSecret: w.clientSecret,
		PolicyHandle:     w.policyHandle,

		IDmeProductionBaseURL:      w.production.BaseURL(),
		IDmeProductionClientID:     w.productionClientID,
		IDmeProductionClientSecret: w.productionClientSecret,
	}
}

// simOptions are the flags of `sim`.
type simOptions struct {
	addr, idmeAddr string          // --addr, --idme-addr
	json           bool            // --json
	claims         idme.ClaimStyle // --idme-claims
}

func parseSim(c *cli, args []string) (*simOptions, error) {
	fs := newFlagSet(c, "sim", "Run a simulated Okta org and a simulated ID.me on this machine until interrupted.\nEverything is in memory; the API token printed is only valid for this process.")
	o := &simOptions{}
	fs.StringVar(&o.addr, "addr", "127.0.0.1:0", "listen address of the simulated Okta org (loopback only; port 0 picks a free one)")
	fs.StringVar(&o.idmeAddr, "idme-addr", "127.0.0.1:0", "listen address of the simulated ID.me")
	fs.BoolVar(&o.json, "json", false, "print one JSON object with the connection details as the first line of stdout")
	addIDmeClaims(fs, &o.claims)
	return o, parseFlags(fs, args)
}

func runSim(ctx context.Context, c *cli, o *simOptions) error {
	w, err := startWorld(o.addr, o.idmeAddr, o.claims)
	if err != nil {
		return err
	}
	defer w.Close()

	info := w.info()
	if o.json {
		b, _ := json.Marshal(info)
		fmt.Fprintln(c.stdout, string(b))
	} else {
		fmt.Fprintf(c.stdout, `Simulated Okta org and ID.me are running (in memory; stop with ctrl+c).

  Okta org URL      %s
  ID.me base URL    %s (sandbox)
  ID.me production  %s (a second environment with its own client: see sim --json)
  Request log       %s/__sim/requests

Connect the wizard to it:

  export %s=%s
  export %s=%s
  export %s=%s
  idme-okta --org-url %s --idme-base-url %s --idme-client-id %s --policy-handle %s

`, info.OrgURL, info.IDmeBaseURL, info.IDmeProductionBaseURL, info.OrgURL,
			envOrgURL, info.OrgURL, envToken, info.APIToken, envIDmeSecret, info.IDmeClientSecret,
			info.OrgURL, info.IDmeBaseURL, info.IDmeClientID, shellQuote(info.PolicyHandle))
	}
	<-ctx.Done()
	return nil
}

// helpOK turns "help was shown" into success and passes other errors through.
func helpOK(err error) error {
	if err == errHelpShown {
		return nil
	}
	return err
}

func shellQuote(s string) string {
	if strings.ContainsAny(s, " '\"$`\\!*?&;|<>()") {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	return s
}
