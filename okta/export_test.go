package okta

import (
	"context"
	"time"
)

// SetSleep replaces the client's wait between retries, so that external tests (package
// okta_test, which drive the simulated org) never wait for real.
func SetSleep(c *Client, sleep func(ctx context.Context, d time.Duration) error) { c.sleep = sleep }
