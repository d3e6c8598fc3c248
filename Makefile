# idme-okta — build, test and demo targets.
# The README's quick start is exactly: `make demo` and `make test`.

GO       ?= go
BIN      := bin/idme-okta
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -s -w -X main.version=$(VERSION)
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
	rm -rf bin
