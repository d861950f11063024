# AfterSales — the two commands: `make run` (set up and run the platform locally, with demo
# traffic and a live view) and `make test` (set up and pass every test).
SHELL := /bin/bash
.DEFAULT_GOAL := help
SWIFT_BUILD_FLAGS ?=
CONFIGURATION ?= debug
export CONFIGURATION
LOCAL_ENV := set -a; [ -f .local/env ] && . .local/env; set +a; export AFTERSALES_LOG_LEVEL=$${AFTERSALES_LOG_LEVEL:-warning};

.PHONY: help setup build infra-up infra-down up down status test unit-test run bench fuzz lint clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'

setup: ## Install packages, the Tansu broker and the librdkafka runtime; build everything (idempotent)
	@bash infra/local/setup.sh
	@$(MAKE) --no-print-directory build

build: ## Build every executable and the tests
	swift build -c $(CONFIGURATION) $(SWIFT_BUILD_FLAGS) --build-tests

infra-up: ## Start the local PostgreSQL cluster and Tansu broker, create databases, roles and topics
	@bash infra/local/infra-up.sh

infra-down: ## Stop the local PostgreSQL cluster and broker
	@bash infra/local/infra-down.sh

up: infra-up ## Start the infrastructure and the five services in the background (CONFIGURATION=release for release binaries)
	@bash infra/local/services.sh up

down: ## Stop the five services, then the infrastructure
	@bash infra/local/services.sh down
	@bash infra/local/infra-down.sh

status: ## Print the health of the infrastructure and of each service
	@bash infra/local/services.sh status

test: ## Set everything up and run every unit and integration test against real PostgreSQL and Kafka
	@bash infra/local/setup.sh
	@bash infra/local/infra-up.sh
	@status=0; \
	  $(LOCAL_ENV) swift build --build-tests $(SWIFT_BUILD_FLAGS) && \
	  $(LOCAL_ENV) swift test --skip-build $(SWIFT_BUILD_FLAGS) || status=$$?; \
	  bash infra/local/infra-down.sh; \
	  exit $$status

unit-test: ## Run the tests (infrastructure must already be up)
	$(LOCAL_ENV) swift test $(SWIFT_BUILD_FLAGS) $(if $(FILTER),--filter $(FILTER),)

run: ## Set everything up, start the platform with demo timings, simulate traffic and show a live view
	@bash infra/local/run.sh

bench: ## Print throughput and latency numbers (rules, pipeline, the five release services end to end)
	@bash infra/local/setup.sh
	@bash infra/local/infra-up.sh
	@$(LOCAL_ENV) swift build -c release && $(LOCAL_ENV) .build/release/aftersales-bench rules pipeline dispatch-scale e2e $(BENCH_ARGS)

fuzz: ## Fuzz the five services' pipelines with 10,000 mutated messages (AFTERSALES_FUZZ_MESSAGES, AFTERSALES_FUZZ_SEED)
	@bash infra/local/setup.sh
	@bash infra/local/infra-up.sh
	@$(LOCAL_ENV) swift build --build-tests $(SWIFT_BUILD_FLAGS) && \
	  $(LOCAL_ENV) export AFTERSALES_LOG_LEVEL=error AFTERSALES_FUZZ_MESSAGES=$(or $(AFTERSALES_FUZZ_MESSAGES),10000); \
	  timeout 900 swift test --skip-build $(SWIFT_BUILD_FLAGS) --filter HostileInputTests.Fuzz

lint: ## Check shell scripts, YAML and the compose file (installs shellcheck, yamllint, docker-compose when missing)
	@command -v shellcheck >/dev/null && command -v yamllint >/dev/null && command -v docker-compose >/dev/null || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends shellcheck yamllint docker-compose >/dev/null; }
	shellcheck -x infra/local/*.sh infra/*.sh infra/postgres/*.sh infra/contract/*.sh .ci/run
	yamllint -c .yamllint.yml -s compose infra
	docker-compose -f compose/docker-compose.yml --env-file compose/example.env config -q

clean: ## Remove build products (keeps .local)
	rm -rf .build
