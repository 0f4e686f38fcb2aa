# orgctl's build, tests and benchmarks. `make test` is what CI runs.
GO       ?= go
PKGS     := ./...
BIN      := bin/orgctl
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)

.PHONY: all build test unit e2e lint fmt bench fuzz cover demo clean

all: lint test

# -v names each package as it compiles: the first build on a fresh machine
# downloads the modules and compiles the AWS SDK, minutes with no other sign
# of life; later builds take seconds and list only what changed.
build:
	@echo "Building $(BIN): the first build takes a few minutes (modules, the AWS SDK); later ones seconds."
	$(GO) build -v -ldflags "-X main.version=$(VERSION)" -o $(BIN) ./cmd/orgctl
	@echo "Built $(BIN)."

# Everything CI checks: formatting, vet, and every test (unit, provider tests
# against the sandbox over HTTP, end-to-end tests with the binary and the AWS
# CLI), with the race detector; then each fuzz target for a short while.
# -parallel 4: the end-to-end tests mostly wait (on the sandbox's delays,
# on the AWS CLI starting), so four at a time on two cores finish sooner.
test: lint
	$(GO) test -race -count=1 -parallel 4 -timeout 20m $(PKGS)
	$(MAKE) --no-print-directory fuzz

unit:
	$(GO) test -short -count=1 $(PKGS)

e2e:
	$(GO) test -count=1 -run 'E2E' -v ./cmd/orgctl/

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)

fmt:
	gofmt -w $$(git ls-files '*.go')

cover:
	$(GO) test -count=1 -coverprofile=coverage.out ./spec/... ./engine/... ./providers/... ./sandbox/...
	$(GO) tool cover -func=coverage.out | tail -1

# Go benchmarks (load, diff, plan at 5,000 accounts), then the scale
# benchmark of the binary against the rate-limited sandbox (bench/; about
# half an hour, mostly a 5,000-account plan at 10 calls a second).
# BENCH_FLAGS passes flags to it, e.g. BENCH_FLAGS='-sizes 100,1000'.
bench: build
	$(GO) test -run '^$$' -bench . -benchmem $(PKGS)
	$(GO) run ./bench -orgctl $(BIN) $(BENCH_FLAGS)

# Each fuzz target for FUZZTIME executions (make test: 30,000 each, a few
# seconds; longer runs: make fuzz FUZZTIME=5m). A count, not a duration, by
# default: with a duration, Go 1.26's fuzz coordinator can fail a run that
# ends while a worker is busy ("context deadline exceeded", golang/go#75804),
# and minimising a new input (up to 60 s by default) made that likely here.
# A failing input is saved under spec/testdata/fuzz/<target>/; commit it,
# and plain `go test` replays it as a regression case from then on.
FUZZTIME ?= 30000x
FUZZMINIMIZETIME ?= 200x
FUZZFLAGS = -run '^$$' -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZETIME) -timeout 10m
fuzz:
	$(GO) test $(FUZZFLAGS) -fuzz '^FuzzLoad$$' ./spec/
	$(GO) test $(FUZZFLAGS) -fuzz '^FuzzDocument$$' ./spec/

# Apply the landing-zone example to a throwaway sandbox and show drift.
demo:
	rm -f /tmp/orgctl-demo.json
	$(GO) run ./cmd/orgctl --sandbox=/tmp/orgctl-demo.json apply -f examples/landing-zone/org.yaml --auto-approve
	$(GO) run ./cmd/orgctl --sandbox=/tmp/orgctl-demo.json drift -f examples/landing-zone/org.yaml

clean:
	rm -rf bin coverage.out
