package ui

import (
	"context"
	"errors"
)

func runAccessible(ctx context.Context, opts Options) error {
	return errors.New("accessible mode: not built yet")
}
