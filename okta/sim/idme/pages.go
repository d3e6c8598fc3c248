package idme

import (
	"bytes"
	_ "embed"
	"html/template"
	"net/http"
	"slices"
	"strings"
)

//go:embed pages.html
var pagesHTML string

// The pages are one plain form with no JavaScript, so the Go test client, chromedp and a
// person all drive them the same way.
var pages = template.Must(template.New("pages").Funcs(template.FuncMap{"join": strings.Join}).Parse(pagesHTML))

type consentPage struct {
	ClientID, Policy, Transaction string
	Choices                       []consentChoice
}

type consentChoice struct {
	Key, Label string
	Shares     []string // claim names this identity would release under the policy
	Checked    bool
}

func (s *Server) consentPage(req authRequest, transaction string) consentPage {
	page := consentPage{ClientID: req.clientID, Policy: req.policy.Handle, Transaction: transaction}
	for i, id := range s.identities {
		var shares []string
		for name := range s.released(id, req.policy) {
			shares = append(shares, name)
		}
		slices.Sort(shares)
		page.Choices = append(page.Choices, consentChoice{Key: id.Key, Label: id.Label, Shares: shares, Checked: i == 0})
	}
	return page
}

func renderConsent(w http.ResponseWriter, page consentPage) {
	render(w, http.StatusOK, "consent", page)
}

func renderError(w http.ResponseWriter, status int, code, description string) {
	render(w, status, "error", oauthError{Code: code, Description: description})
}

func render(w http.ResponseWriter, status int, name string, data any) {
	// Render to a buffer first so a template bug becomes a 500, not half a page.
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, data); err != nil {
		http.Error(w, "render "+name+" page: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}
