package steps

import (
	"context"
	"errors"
	"fmt"

	"github.com/idme-okta/idme-okta/okta"
)

// A create whose answer was lost (the connection dropped after the request left, a timeout,
// a 5xx) may or may not have made the object. Giving up then would say "0 writes" about a
// write that may have landed; sending it again blindly could make a second object (Okta
// does not make app labels unique). So the run heals itself: it reads back, continues with
// the object if it is there, and creates it once more only if it is not. (Writes that set a
// state rather than make an object are simply sent again by the okta client.)

// UnknownOutcomeError is a create whose outcome stayed unknown: what was tried, the lost
// answer, and what reading back found.
type UnknownOutcomeError struct {
	Object string // e.g. `test app "ID.me sign-in test (idme-okta)"`
	Err    error  // the create's failure (okta.OutcomeUnknown holds)
	Found  string // what reading back found, in words
}

func (e *UnknownOutcomeError) Error() string {
	return fmt.Sprintf("%s: the outcome of the create is unknown (%v); read back: %s", e.Object, e.Err, e.Found)
}

func (e *UnknownOutcomeError) Unwrap() error { return e.Err }

// createOnce runs create; if its outcome is unknown it reads back with find (nil, nil: not
// there) and returns what is there, or creates once more. healed says the answer was lost
// and the object was found or made after all, for the step's result.
func createOnce[T any](ctx context.Context, object string, create, find func(context.Context) (*T, error)) (made *T, healed string, err error) {
	made, err = create(ctx)
	if err == nil || !okta.OutcomeUnknown(err) || ctx.Err() != nil {
		return made, "", err
	}
	found, ferr := find(ctx)
	switch {
	case ferr != nil:
		return nil, "", &UnknownOutcomeError{Object: object, Err: err, Found: fmt.Sprintf("could not read it back (%v)", ferr)}
	case found != nil:
		return found, "the answer to the create was lost, and reading back found it made", nil
	}
	made, err2 := create(ctx)
	if err2 != nil {
		return nil, "", &UnknownOutcomeError{Object: object, Err: err, Found: fmt.Sprintf("not there, and creating it once more failed too (%v)", err2)}
	}
	return made, "the answer to the create was lost and it was not there, so it was created once more", nil
}

// WriteOutcomeUnknown reports whether err says a write may have been made although it
// failed: a lost answer, healed or not.
func WriteOutcomeUnknown(err error) bool {
	var u *UnknownOutcomeError
	return errors.As(err, &u) || okta.OutcomeUnknown(err)
}
