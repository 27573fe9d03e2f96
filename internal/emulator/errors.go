package emulator

import (
	"fmt"
	"net/http"
)

// apiError is an error answered as a Stytch error body (DESIGN.md, "Error body").
type apiError struct {
	status  int
	errType errorType
	message string
}

// Error implements error.
func (e *apiError) Error() string {
	return fmt.Sprintf("%d %s: %s", e.status, e.errType.name, e.message)
}

// invalid returns a 400 validation error; every validation failure is a 400
// (DESIGN.md, "Status codes and error types").
func invalid(errType errorType, format string, args ...any) *apiError {
	return &apiError{status: http.StatusBadRequest, errType: errType, message: fmt.Sprintf(format, args...)}
}

// errBadRequest is a 400 bad_request with a detail appended to Stytch's
// documented message.
func errBadRequest(detail string) *apiError {
	return invalid(etBadRequest, "The submitted request is invalid. %s", detail)
}

// errUnauthorized is the 401 for missing or wrong credentials.
func errUnauthorized() *apiError {
	return &apiError{status: http.StatusUnauthorized, errType: etUnauthorized, message: "Unauthorized credentials."}
}

// errOrganizationNotFound is the 404 for an unknown {organization_id}.
// INFERRED: status 404 and this message, which Stytch does not document
// (DESIGN.md, "Status codes and error types").
func errOrganizationNotFound() *apiError {
	return &apiError{status: http.StatusNotFound, errType: etOrganizationNotFound, message: "Organization could not be found."}
}

// errRouteNotFound is the 404 for a path outside the emulated API. Stytch
// answers unknown paths with a JSON 404 route_not_found, so a client must not
// take every 404 for "the object does not exist".
// INFERRED: the message.
func errRouteNotFound() *apiError {
	return &apiError{status: http.StatusNotFound, errType: etRouteNotFound, message: "The requested endpoint could not be found."}
}

// errMethodNotAllowed is the 405 for a known path with an unsupported method.
// INFERRED: status 405 and the message; the type is Stytch's method_not_allowed.
func errMethodNotAllowed(method string) *apiError {
	return &apiError{status: http.StatusMethodNotAllowed, errType: etMethodNotAllowed, message: fmt.Sprintf("The %s method is not allowed on this endpoint.", method)}
}

// errInternal is the 500 Stytch documents for unexpected failures.
func errInternal() *apiError {
	return &apiError{status: http.StatusInternalServerError, errType: etInternalServerError, message: "Oops, something seems to have gone wrong, please reach out to support@stytch.com to let us know what went wrong."}
}

// errEnum is the error for a value outside an enumeration.
func errEnum(errType errorType, field, got string, allowed []string) *apiError {
	return invalid(errType, "%s must be one of %s; got %q.", field, joinValues(allowed), got)
}

// errTooManyRequests is the 429 of the rate limiter (Options.Faults).
func errTooManyRequests() *apiError {
	return &apiError{status: http.StatusTooManyRequests, errType: etTooManyRequests, message: "Too many requests have been made."}
}

// errServerUnavailable is the 503 of failure injection (Options.Faults).
// INFERRED: the message; the type is Stytch's server_unavailable.
func errServerUnavailable() *apiError {
	return &apiError{status: http.StatusServiceUnavailable, errType: etServerUnavailable, message: "The service is temporarily unavailable, please try again later."}
}
