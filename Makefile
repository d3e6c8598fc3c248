# idme-okta — build, test and demo targets.
# The README's quick start is exactly: `make demo` and `make test`.

GO       ?= go
BIN      := bin/idme-okta
# Stamped into the binary, shown by `idme-okta version`. Before the first release tag the
# version is v0.0.0-dev; the commit says which one. SOURCE_DATE_EPOCH fixes the build date.
VERSION  ?= $(shell git describe --tags --match 'v[0-9]*' --dirty 2>/dev/null || echo v0.0.0-dev)
COMMIT   ?= $(shell git rev-parse --short=12 HEAD 2>/dev/null)$(shell git diff --quiet HEAD 2>/dev/null || echo -dirty)
DATE     ?= $(shell if [ -n "$$SOURCE_DATE_EPOCH" ]; then date -u -d "@$$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || date -u -r "$$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ; else date -u +%Y-%m-%dT%H:%M:%SZ; fi)
LDFLAGS  := -s -w -X main.version=$(VERSION) -X main.commit=$(COMMIT) -X main.date=$(DATE)
PKGS     := ./...

.PHONY: all build test fmt-check tidy-check vet unit bench-once demo sim bench clean

all: build

## build: compile the binary to bin/idme-okta
build:
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/idme-okta

## test: gofmt and go.mod checks, go vet, every test under the race detector, and every
## benchmark once (a benchmark that breaks or goes over its budget fails the build)
test: fmt-check tidy-check vet unit bench-once

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

tidy-check:
	$(GO) mod tidy -diff

vet:
	$(GO) vet $(PKGS)

unit:
	$(GO) test -race -count=1 -timeout 15m $(PKGS)

# Without -race: the budgets (calls, first frame, memory) are about the product as shipped.
bench-once:
	$(GO) test -run '^$$' -bench . -benchtime=1x -count=1 -timeout 10m $(PKGS)

## demo: the wizard against the built-in simulated Okta org and ID.me
demo: build
	$(BIN) demo

## sim: run the simulated Okta org and ID.me until interrupted
sim: build
	$(BIN) sim

## bench: API-call counts and wall time for a headless setup (see README)
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count=1 $(PKGS)

clean:
	rm -rf bin dist

# ---- release: every platform builds, archives, picture (see README "Install") ----

# The platforms the release archives are for. `make cross` (run by .ci/run after `make test`)
# fails when any of them stops building.
PLATFORMS := linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64
# go vet per OS (the test files too): arm64 would add nothing over amd64 here, there is no
# architecture-specific code; linux/amd64 is vetted by `make test`. Only the packages with
# files another OS builds differently (build constraints: the lock, the progress file's
# owner) are vetted per OS: the rest is the same source on every OS, vetted by `make test`
# and compiled for every platform by the builds. Vetting every package's tests per OS would
# compile the test-only dependencies for each OS too.
VET_OSES  := darwin windows

.PHONY: cross dist dist-check picture

## cross: build every platform (static, as released) and vet the other operating systems
# Every command here has dist's compile flags (CGO_ENABLED=0 -trimpath; -ldflags only changes
# the link): each OS's vet reuses the packages its build compiled, and `make dist` after it
# compiles nothing again, only links. Without -trimpath on vet, vet compiled everything anew.
cross:
	@set -e; for p in $(PLATFORMS); do \
	  echo "build $$p"; \
	  GOOS=$${p%/*} GOARCH=$${p#*/} CGO_ENABLED=0 $(GO) build -trimpath -o /dev/null $(PKGS); \
	done
	@set -e; for os in $(VET_OSES); do \
	  pkgs=$$(GOOS=$$os GOARCH=amd64 CGO_ENABLED=0 $(GO) list -f '{{if .IgnoredGoFiles}}{{.ImportPath}}{{end}}' $(PKGS)); \
	  echo "vet $$os/amd64:" $$pkgs; \
	  [ -z "$$pkgs" ] || GOOS=$$os GOARCH=amd64 CGO_ENABLED=0 $(GO) vet -trimpath $$pkgs; \
	done

## dist: an archive per platform (binary, README, LICENSE) and SHA256SUMS into dist/
dist:
	GO='$(GO)' PLATFORMS='$(PLATFORMS)' VERSION='$(VERSION)' LDFLAGS='$(LDFLAGS)' scripts/dist

## dist-check: what an admin does with dist/: sha256sum -c, unpack, run version and demo
dist-check: dist
	IDME_OKTA_DIST=$(CURDIR)/dist IDME_OKTA_DIST_VERSION='$(VERSION)' IDME_OKTA_DIST_COMMIT='$(COMMIT)' \
	  IDME_OKTA_DIST_PLATFORMS='$(PLATFORMS)' $(GO) test -race -count=1 -run '^TestDistArchives$$' -v ./cmd/idme-okta

## picture: docs/images/wizard-*.png for the README, from a real run of the demo in tmux
picture: build
	GO='$(GO)' BIN=$(BIN) scripts/picture
