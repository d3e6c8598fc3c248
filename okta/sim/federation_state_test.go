package sim

import (
	"testing"
	"time"
)

func TestPruneForgetsOnlyExpiredSignInState(t *testing.T) {
	now := time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)
	f := newFederationState()
	f.appRequests["old"] = &appRequest{expires: now.Add(-time.Second)}
	f.appRequests["new"] = &appRequest{expires: now.Add(time.Minute)}
	f.upstream["old"] = &upstreamTxn{expires: now.Add(-time.Second)}
	f.codes["old"] = &authCode{expires: now.Add(-time.Second)}
	f.sessions["new"] = &session{expires: now.Add(time.Hour)}
	f.sessions["old"] = &session{expires: now.Add(-time.Hour)}
	f.userTokens["old"] = &userAccessToken{expires: now.Add(-time.Second)}
	f.prune(now)
	if len(f.appRequests) != 1 || f.appRequests["new"] == nil || len(f.upstream) != 0 || len(f.codes) != 0 ||
		len(f.sessions) != 1 || f.sessions["new"] == nil || len(f.userTokens) != 0 {
		t.Errorf("after prune: requests %v upstream %v codes %v sessions %v tokens %v",
			f.appRequests, f.upstream, f.codes, f.sessions, f.userTokens)
	}
}
