# srmonitor. make run: the whole system locally on moto. make test: everything CI checks.
SHELL := /bin/bash
.DEFAULT_GOAL := help

GO        ?= go
PORT      ?= 8080
ROLE      ?= municipality
ORG       ?= utrecht
# Every function of template.yaml, by logical id; its code is in
# functions/<logical id without "Function", lower case>.
FUNCTIONS := $(shell awk '/^  [A-Za-z0-9]+:$$/ {id=$$1} /Type: AWS::Serverless::Function$$/ {sub(":", "", id); print id}' template.yaml)
LAMBDA_FLAGS := -tags lambda.norpc -trimpath -ldflags='-s -w'

.PHONY: help run token test lint unit build policy-data bench tools clean portal portal-check e2e chromium deploy

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

run: tools portal ## the whole system on http://127.0.0.1:$(PORT), on moto (or AWS_ENDPOINT_URL)
	PORT=$(PORT) $(GO) run ./infra/run

token: ## print a dev token: make token ROLE=contractor ORG=12345678
	@$(GO) run ./infra/token -role '$(ROLE)' -org '$(ORG)'

test: tools lint unit build portal-check e2e ## what CI runs: lint, all tests against moto, Lambda builds, the portal's checks and browser tests

lint: tools/lint/node_modules/.package-lock.json ## gofmt, go vet, cfn-lint template.yaml, openapi.yaml validation and Redocly's lint
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt needed: $$out"; exit 1; fi
	$(GO) vet ./...
	cfn-lint template.yaml
	openapi-spec-validator openapi.yaml
	cd tools/lint && npm run -s lint

# Redocly CLI, from its own lockfile (tools/lint/README.md).
tools/lint/node_modules/.package-lock.json: tools/lint/package-lock.json
	@command -v npm >/dev/null || { echo "missing npm: make lint needs Node 20.19+ with npm (README.md, What you need)"; exit 1; }
	cd tools/lint && npm ci --no-audit --no-fund
	@touch $@

# The packages that mostly wait on the local emulator (it serves one
# request at a time) run without the race detector, which makes them three
# times slower and finds nothing there that the race-tested units of the same
# code would not; every other package runs under it. The two run side by
# side.
EMULATED := ./infra/devserver ./infra/localstack ./shared/store
unit: ## go test ./... (starts moto itself)
	@set -o pipefail; $(GO) test -race -count=1 $$($(GO) list ./... | grep -v -x -F $(foreach p,$(EMULATED),-e github.com/srmonitor/srmonitor/$(p:./%=%))) & race=$$!; \
	  $(GO) test -count=1 $(EMULATED); emulated=$$?; wait $$race && exit $$emulated

# One go build links every function in parallel; each lands where sam
# build would put it.
build: ## every Lambda for arm64, with sizes
	@mkdir -p build/bin
	GOOS=linux GOARCH=arm64 CGO_ENABLED=0 $(GO) build $(LAMBDA_FLAGS) -o build/bin/ ./functions/...
	@for f in $(FUNCTIONS); do mkdir -p build/$$f && mv build/bin/$$(echo $${f%Function} | tr 'A-Z' 'a-z') build/$$f/bootstrap; done
	@ls -l build/*/bootstrap | awk '{printf "%-40s %6.1f MB\n", $$NF, $$5/1048576}'

# sam build calls build-<LogicalId> with ARTIFACTS_DIR set.
build-%Function:
	@mkdir -p $(ARTIFACTS_DIR)
	GOOS=linux GOARCH=arm64 CGO_ENABLED=0 $(GO) build $(LAMBDA_FLAGS) -o $(ARTIFACTS_DIR)/bootstrap ./functions/$(shell echo '$*' | tr 'A-Z' 'a-z')

policy-data: ## after editing shared/policy/data: check it and regenerate the registry the functions compile in
	$(GO) test ./shared/policy -run '^TestRegistryDataIsGenerated$$' -update
	$(GO) test ./shared/policy

bench: ## benchmarks
	$(GO) test -run '^$$' -bench . -benchmem ./...

tools: ## check the preinstalled tools the local stack and lint need
	@for t in python3 cfn-lint openapi-spec-validator; do \
	  command -v $$t >/dev/null || { echo "missing $$t: see README.md, 'What you need'"; exit 1; }; done
	@python3 -c 'import moto.server, werkzeug' || { echo "python3 cannot import moto: see README.md, 'What you need'"; exit 1; }
	@$(GO) mod download

clean:
	rm -rf build .aws-sam web/dist


# ---- the portal (web/): see README.md, "Portal" ---------------------------
PORTAL_SRC := $(shell find web/src web/public -type f 2>/dev/null) web/index.html web/package.json web/vite.config.ts web/tsconfig.json

portal: web/dist/index.html ## build the portal (web/dist) when it is missing or older than its sources

web/node_modules/.package-lock.json: web/package-lock.json
	@command -v npm >/dev/null || { echo "missing npm: the portal needs Node 20.19+ with npm (README.md, What you need)"; exit 1; }
	cd web && npm ci --no-audit --no-fund
	@touch $@

web/dist/index.html: web/node_modules/.package-lock.json $(PORTAL_SRC)
	cd web && npm run build

portal-check: web/node_modules/.package-lock.json ## the portal: API types current with openapi.yaml, tsc (strict), unit tests
	cd web && npm run check

e2e: chromium portal ## the portal end to end in headless Chromium (starts the whole system itself)
	cd web && npm run e2e

chromium:
	@test -x /usr/bin/chromium || { echo "missing /usr/bin/chromium: the portal's end-to-end tests drive Debian's Chromium; install it (as root: apt-get install -y chromium). .ci/run does this itself."; exit 1; }

deploy: ## deploy to AWS: sam build and deploy (twice on the first run), then the portal's assets and config.json; see README.md, "Deploy"
	bash web/scripts/deploy.sh
