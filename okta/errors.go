package okta

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// APIError is the one error type every operation of this package returns. It carries what we
// tried, what Okta answered (decoded from the raw response body, because the SDK's own error
// is often just "404 Not Found") and one actionable hint.
type APIError struct {
	Op           string // what we tried, e.g. "create identity provider"
	Method, Path string // the HTTP request, path without query
	Status       int    // HTTP status; 0 when Okta could not be reached

	Code, Summary, Link, ErrorID string   // Okta errorCode/errorSummary/errorLink/errorId
	Causes                       []string // errorCauses[].errorSummary

	RequestID string // X-Okta-Request-Id: what Okta support asks for

	OAuthError, OAuthDescription string // {"error","error_description"} bodies of /oauth2 endpoints

	Hint string // one actionable line for common failures
	Err  error  // underlying transport/decode error, if any

	// NotFromOkta: the answer carries neither Okta's request id nor an Okta error body (an
	// HTML page from a proxy, a firewall or a Wi-Fi sign-in page), so its status says nothing
	// about the token, the admin's role or whether an object exists.
	NotFromOkta bool

	// OutcomeUnknown: a write whose request may have reached Okta although no usable answer
	// came back (a dropped connection, a timeout, a 5xx); the change may have been made.
	OutcomeUnknown bool
}

// Error renders e.g.
//
//	create identity provider: Okta said 400 E0000001 "Api validation failed: name" (A duplicate name exists) [errorId oaeX, request id Y] — <hint>
func (e *APIError) Error() string {
	var b strings.Builder
	if e.Op != "" {
		b.WriteString(e.Op)
		b.WriteString(": ")
	}
	if e.Status == 0 {
		if e.Method != "" {
			fmt.Fprintf(&b, "%s %s: ", e.Method, e.Path)
		}
		if e.Err != nil {
			b.WriteString(e.Err.Error())
		} else {
			b.WriteString("no response from Okta")
		}
	} else {
		if e.NotFromOkta {
			fmt.Fprintf(&b, "got %d", e.Status)
		} else {
			fmt.Fprintf(&b, "Okta said %d", e.Status)
		}
		switch {
		case e.Code != "" || e.Summary != "":
			if e.Code != "" {
				b.WriteString(" " + e.Code)
			}
			if e.Summary != "" {
				fmt.Fprintf(&b, " %q", e.Summary)
			}
		case e.OAuthError != "":
			b.WriteString(" " + e.OAuthError)
			if e.OAuthDescription != "" {
				fmt.Fprintf(&b, " %q", e.OAuthDescription)
			}
		default:
			if text := http.StatusText(e.Status); text != "" {
				b.WriteString(" " + text)
			}
		}
		if len(e.Causes) > 0 {
			fmt.Fprintf(&b, " (%s)", strings.Join(e.Causes, "; "))
		}
		if e.NotFromOkta {
			b.WriteString(", not from Okta")
		}
		if ids := e.SupportIDs(); len(ids) > 0 {
			fmt.Fprintf(&b, " [%s]", strings.Join(ids, ", "))
		}
		if e.Err != nil {
			fmt.Fprintf(&b, ": %v", e.Err)
		}
	}
	if e.OutcomeUnknown {
		b.WriteString(" (outcome unknown: the change may have been made)")
	}
	if e.Hint != "" {
		b.WriteString(" — ")
		b.WriteString(e.Hint)
	}
	return b.String()
}

// SupportIDs are what Okta support asks for, in words: "errorId …", "request id …" (those
// Okta gave, none when it gave none).
func (e *APIError) SupportIDs() []string {
	var ids []string
	if e.ErrorID != "" {
		ids = append(ids, "errorId "+e.ErrorID)
	}
	if e.RequestID != "" {
		ids = append(ids, "request id "+e.RequestID)
	}
	return ids
}

// Unwrap exposes the transport or decode error, so errors.Is(err, context.Canceled) works.
func (e *APIError) Unwrap() error { return e.Err }

// AsAPIError finds an *APIError in err's chain.
func AsAPIError(err error) (*APIError, bool) {
	var e *APIError
	if errors.As(err, &e) {
		return e, true
	}
	return nil, false
}

// IsNotFound reports whether Okta said the object does not exist.
func IsNotFound(err error) bool {
	e, ok := AsAPIError(err)
	return ok && !e.NotFromOkta && (e.Status == http.StatusNotFound || e.Code == "E0000007")
}

// IsRateLimited reports whether Okta's rate limit stopped the call (after our retries).
func IsRateLimited(err error) bool {
	e, ok := AsAPIError(err)
	return ok && (e.Status == http.StatusTooManyRequests || e.Code == "E0000047")
}

// IsForbidden reports whether the credentials lack a permission or scope for the call.
func IsForbidden(err error) bool {
	e, ok := AsAPIError(err)
	return ok && !e.NotFromOkta && (e.Status == http.StatusForbidden || e.Code == "E0000006")
}

// IsUnauthorized reports whether Okta rejected the credentials themselves. E0000015 ("feature
// not enabled") also arrives as 401 but is not a credentials problem.
func IsUnauthorized(err error) bool {
	e, ok := AsAPIError(err)
	return ok && !e.NotFromOkta && e.Status == http.StatusUnauthorized && e.Code != "E0000015"
}

// oktaErrorBody is both shapes Okta uses for errors: the management API's errorCode form and
// the OAuth endpoints' error/error_description form.
type oktaErrorBody struct {
	ErrorCode    string `json:"errorCode"`
	ErrorSummary string `json:"errorSummary"`
	ErrorLink    string `json:"errorLink"`
	ErrorID      string `json:"errorId"`
	ErrorCauses  []struct {
		ErrorSummary string `json:"errorSummary"`
	} `json:"errorCauses"`
	OAuthError       string `json:"error"`
	OAuthDescription string `json:"error_description"`
}

// fillFromBody decodes an Okta error body into e. Bodies that are not JSON (an HTML page from a
// proxy, an empty 429 body) leave the fields empty: the status still tells the story.
func (e *APIError) fillFromBody(body []byte) {
	var eb oktaErrorBody
	if len(body) == 0 || json.Unmarshal(body, &eb) != nil {
		return
	}
	e.Code, e.Summary, e.Link, e.ErrorID = eb.ErrorCode, eb.ErrorSummary, eb.ErrorLink, eb.ErrorID
	for _, c := range eb.ErrorCauses {
		if s := strings.TrimSpace(c.ErrorSummary); s != "" {
			e.Causes = append(e.Causes, s)
		}
	}
	e.OAuthError, e.OAuthDescription = eb.OAuthError, eb.OAuthDescription
}
