package steps

import (
	"context"
	"fmt"
)

// observation returns what the step's Check saw, which its Apply acts on. A Report that
// carries none (built by hand, or from a Check that could not look yet, e.g. before the IdP
// existed) is replaced by a fresh Check. That Check must not ask for more than the admin
// approved: if it finds changes that overwrite configuration and the given Report had none,
// Apply stops and asks for a new check.
func observation[T any](ctx context.Context, s *Setup, st Step, r Report) (T, error) {
	var zero T
	if o, ok := r.observed.(T); ok {
		return o, nil
	}
	fresh, err := st.Check(ctx, s)
	if err != nil {
		return zero, err
	}
	if fresh.NeedsOverwrite() && !r.NeedsOverwrite() {
		return zero, fmt.Errorf("%s: Okta changed since the check: check again and review the changes", st.ID())
	}
	o, ok := fresh.observed.(T)
	if !ok {
		return zero, fmt.Errorf("%s cannot be applied yet: %s", st.ID(), fresh.Detail)
	}
	return o, nil
}
