package sim

import (
	"fmt"
	"net/http"
)

// apiError is an Okta management API error. It is written as Okta's error body:
// {"errorCode","errorSummary","errorLink","errorId","errorCauses":[{"errorSummary"}]}.
type apiError struct {
	status  int
	code    string
	summary string
	causes  []string
}

type errorCause struct {
	ErrorSummary string `json:"errorSummary"`
}

type errorBody struct {
	ErrorCode    string       `json:"errorCode"`
	ErrorSummary string       `json:"errorSummary"`
	ErrorLink    string       `json:"errorLink"`
	ErrorID      string       `json:"errorId"`
	ErrorCauses  []errorCause `json:"errorCauses"`
}

func (e *apiError) body() errorBody {
	causes := make([]errorCause, 0, len(e.causes))
	for _, c := range e.causes {
		causes = append(causes, errorCause{ErrorSummary: c})
	}
	// errorLink repeats the code: that is what real orgs send.
	return errorBody{ErrorCode: e.code, ErrorSummary: e.summary, ErrorLink: e.code, ErrorID: newErrorID(), ErrorCauses: causes}
}

func (e *apiError) Error() string {
	return fmt.Sprintf("%d %s: %s %v", e.status, e.code, e.summary, e.causes)
}

// Okta error codes used by the simulated org (data/error-codes.json in okta-developer-docs).
const (
	codeValidation     = "E0000001"
	codeIllegalArg     = "E0000002"
	codeMalformedBody  = "E0000003"
	codeForbidden      = "E0000006"
	codeNotFound       = "E0000007"
	codePathNotFound   = "E0000008"
	codeInternal       = "E0000009"
	codeReadOnly       = "E0000010"
	codeInvalidToken   = "E0000011"
	codeMethod         = "E0000022"
	codeInvalidPaging  = "E0000029"
	codeInvalidSearch  = "E0000031"
	codeRateLimit      = "E0000047"
	codePolicyLocked   = "E0000239"
	summaryForbidden   = "You do not have permission to perform the requested action"
	summaryMalformed   = "The request body was not well-formed."
	summaryRateLimit   = "API call exceeded rate limit due to too many requests."
	summaryInvalidTok  = "Invalid token provided"
	summaryPolicyLock  = "Policy priorities are being reconciled. Please try again later." // recorded: TestAccResourceOktaGroupRule_423ResponseCapture
	summaryInternal    = "Internal Server Error"
	summaryReadOnlyDB  = "Service is in read only mode"
	summaryMethod      = "The endpoint does not support the provided HTTP method" // exact text unverified
	summaryPathMissing = "The requested path was not found"
)

// validationFailed is E0000001 "Api validation failed: <what>" with one cause per problem.
func validationFailed(what string, causes ...string) *apiError {
	return &apiError{status: http.StatusBadRequest, code: codeValidation, summary: "Api validation failed: " + what, causes: causes}
}

// notFound is E0000007 "Not found: Resource not found: <id> (<Kind>)".
func notFound(id, kind string) *apiError {
	return &apiError{status: http.StatusNotFound, code: codeNotFound, summary: fmt.Sprintf("Not found: Resource not found: %s (%s)", id, kind)}
}

func malformedBody() *apiError {
	return &apiError{status: http.StatusBadRequest, code: codeMalformedBody, summary: summaryMalformed}
}

func forbidden() *apiError {
	return &apiError{status: http.StatusForbidden, code: codeForbidden, summary: summaryForbidden}
}

func invalidToken() *apiError {
	return &apiError{status: http.StatusUnauthorized, code: codeInvalidToken, summary: summaryInvalidTok}
}

func methodNotAllowed() *apiError {
	return &apiError{status: http.StatusMethodNotAllowed, code: codeMethod, summary: summaryMethod}
}

func invalidSearch(cause string) *apiError {
	return &apiError{status: http.StatusBadRequest, code: codeInvalidSearch, summary: "Invalid search criteria.", causes: []string{cause}}
}

// errorForStatus is the Okta error a bare HTTP status stands for; InjectFault uses it so
// that injected failures look like the real ones.
func errorForStatus(status int) *apiError {
	switch status {
	case http.StatusTooManyRequests:
		return &apiError{status: status, code: codeRateLimit, summary: summaryRateLimit}
	case http.StatusLocked:
		return &apiError{status: status, code: codePolicyLocked, summary: summaryPolicyLock}
	case http.StatusServiceUnavailable:
		return &apiError{status: status, code: codeReadOnly, summary: summaryReadOnlyDB}
	case http.StatusUnauthorized:
		return invalidToken()
	case http.StatusForbidden:
		return forbidden()
	case http.StatusNotFound:
		return &apiError{status: status, code: codePathNotFound, summary: summaryPathMissing}
	case http.StatusMethodNotAllowed:
		return methodNotAllowed()
	case http.StatusBadRequest:
		return validationFailed("request")
	default:
		// Every other 5xx (and anything unexpected) is Okta's generic internal error.
		return &apiError{status: status, code: codeInternal, summary: summaryInternal}
	}
}

// oauthError is the error shape of the /oauth2/v1/* endpoints: {"error","error_description"}.
type oauthError struct {
	status      int
	Code        string `json:"error"`
	Description string `json:"error_description"`
}
