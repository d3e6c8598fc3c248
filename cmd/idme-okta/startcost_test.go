package main

import (
	"runtime/debug"
	"testing"
)

// slowInits are modules whose package initialisation costs the first frame more than
// everything else together (see the budgets in start_bench_test.go): linked into the binary,
// they run before main in every command, `version` included. The benchmark's CPU budget
// would catch one only with room for noise; this names it.
var slowInits = map[string]string{
	// Compiles every JSON Schema draft's meta-schemas in init (8.8 ms, 1.7 MB). It comes
	// with getkin/kin-openapi v0.146 and later; the spec check uses oasdiff/kin-openapi.
	"github.com/santhosh-tekuri/jsonschema/v6": "8.8 ms of init: use github.com/oasdiff/kin-openapi for the spec check, not getkin/kin-openapi v0.146+",
}

func TestTheBinaryLinksNoSlowInit(t *testing.T) {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		t.Fatal("no build information in the test binary")
	}
	if len(info.Deps) == 0 {
		t.Fatal("the build information lists no modules: this test would pass whatever is linked")
	}
	for _, m := range info.Deps {
		if why, slow := slowInits[m.Path]; slow {
			t.Errorf("%s %s is linked: %s", m.Path, m.Version, why)
		}
	}
}
