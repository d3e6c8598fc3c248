package main

import (
	"context"
	"sync"
	"time"

	"github.com/idme-okta/idme-okta/steps"
)

// lockWait is how long a run waits for another run on the same org before it gives up and
// says who holds the org (tests shorten it).
var lockWait = 5 * time.Second

// orgLock is the org lock a wizard holds: the one of the org it last connected to.
type orgLock struct {
	mu   sync.Mutex
	org  string
	lock *steps.OrgLock
}

func (h *orgLock) take(ctx context.Context, org, command string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.lock != nil && h.org == org {
		return nil
	}
	h.lock.Release()
	h.lock, h.org = nil, ""
	l, err := steps.LockOrg(ctx, org, command, lockWait)
	if err != nil {
		return err
	}
	h.lock, h.org = l, org
	return nil
}

func (h *orgLock) release() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.lock.Release()
	h.lock = nil
}
