package sim

import (
	"bytes"
	_ "embed"
	"github.com/idme-okta/idme-okta/okta/sim/internal/oauthwire"
	"html/template"
	"maps"
	"net/http"
	"net/url"
	"slices"
)

// Replies to a browser: redirects, HTML pages, and results (codes, tokens, errors) delivered
// to an app's redirect_uri in the response mode it asked for.

//go:embed signin_pages.html
var signinPagesHTML string

// The pages are plain HTML with one form each, so a Go test client, a headless browser and a
// person all drive them the same way; none needs JavaScript.
var signinPages = template.Must(template.New("pages").Parse(signinPagesHTML))

func redirectReply(location string) reply {
	return reply{status: http.StatusFound, header: http.Header{"Location": {location}, "Cache-Control": {"no-store"}}}
}

func htmlReply(status int, page string, data any) reply {
	var buf bytes.Buffer
	if err := signinPages.ExecuteTemplate(&buf, page, data); err != nil {
		// Only a template bug gets here; say so rather than send half a page.
		return reply{status: http.StatusInternalServerError, raw: []byte("render " + page + ": " + err.Error()), contentType: "text/plain; charset=utf-8"}
	}
	return reply{status: status, raw: buf.Bytes(), contentType: "text/html; charset=utf-8",
		header: http.Header{"Cache-Control": {"no-store"}}}
}

// errorPage is Okta's own error page, shown when there is no app to send the error to (an
// unregistered redirect_uri, an unknown client, a sign-in to the org itself).
func errorPage(status int, code, message string) reply {
	return htmlReply(status, "error", struct{ Code, Message string }{code, message})
}

// delivery says where and how a result goes back to an app.
type delivery struct {
	redirectURI string
	mode        string // "query", "fragment" or "form_post"
	state       string
}

// deliver sends params (code, id_token, or error and error_description) to the app, with
// the state of its request.
func deliver(d delivery, params url.Values) reply {
	if d.state != "" {
		params.Set("state", d.state)
	}
	switch d.mode {
	case "form_post":
		return formPost(d.redirectURI, params)
	case "fragment":
		return redirectReply(d.redirectURI + "#" + params.Encode())
	default:
		return redirectReply(oauthwire.WithQuery(d.redirectURI, params))
	}
}

// deliverError sends an OAuth error to the app.
func deliverError(d delivery, code, description string) reply {
	return deliver(d, url.Values{"error": {code}, "error_description": {description}})
}

type formField struct{ Name, Value string }

// formPost is response_mode=form_post: a page whose one form posts the fields to the app. It
// submits itself on load and shows a button for browsers without JavaScript.
func formPost(action string, params url.Values) reply {
	var fields []formField
	for _, k := range slices.Sorted(maps.Keys(params)) {
		for _, v := range params[k] {
			fields = append(fields, formField{k, v})
		}
	}
	return htmlReply(http.StatusOK, "form_post", struct {
		Action template.URL
		Fields []formField
	}{template.URL(action), fields})
}
