# Weerbaar developer commands. Everything runs from the project's own .venv,
# which scripts/ensure-venv.sh creates and keeps in step with pyproject.toml.
#   make up      Kafka + PostgreSQL + mail sink + the four services, supervised (Ctrl-C stops all of it)
#   make infra   only Kafka + PostgreSQL with databases, topics, principals and ACLs
#                (BROKERS=3: a three-node Kafka cluster; for `up` also REPLICAS=2: every service twice)
#   make status  backlog, lag and dead letters per service of a running `make up`
#   make test    the test suite (its fixtures start the infrastructure; tests/cluster included)
#   make bench   the benchmarks, each beside its raw baseline (not part of make test)
#   make demo    the demo scenario (Brabant-Noord) against a running `make up`, service by service
#   make down    stop what an interrupted `make up` left running
#   make clean   remove .venv, .weerbaar (local Kafka/PostgreSQL data) and caches

PY := .venv/bin/python
PYTEST_ARGS ?=
BROKERS ?= 1
REPLICAS ?= 1

.PHONY: venv up infra status down test bench demo clean

venv:
	@bash scripts/ensure-venv.sh

up: venv
	@bash scripts/ensure-system-packages.sh
	@bash scripts/check-tools.sh up
	$(PY) -m shared.runtime.stack up --brokers $(BROKERS) --replicas $(REPLICAS)

infra: venv
	@bash scripts/check-tools.sh up
	$(PY) -m shared.runtime.stack infra --brokers $(BROKERS)

status: venv
	@$(PY) -m shared.ops.status

# Inventory first: funding commits its pilots, campaign renders its noodsteunpunten, notify writes the memo.
demo: venv
	$(PY) -m services.inventory.demo --base-url http://127.0.0.1:8001/v1
	$(PY) -m services.funding.demo --base-url http://127.0.0.1:8002/v1
	$(PY) -m services.campaign.demo --base-url http://127.0.0.1:8003/v1
	$(PY) -m services.notify.demo --base-url http://127.0.0.1:8004/v1 --out .weerbaar/memo

down: venv
	$(PY) -m shared.runtime.stack down

test: venv
	@bash scripts/ensure-system-packages.sh
	@bash scripts/check-tools.sh test
	@bash scripts/ensure-node-tools.sh
	@bash scripts/ensure-browser-tools.sh
	$(PY) -m pytest $(PYTEST_ARGS)

bench: venv
	@bash scripts/check-tools.sh test
	$(PY) -m benchmarks

clean:
	@if [ -x $(PY) ]; then $(PY) -m shared.runtime.stack down || true; fi
	rm -rf .venv .weerbaar .pytest_cache build *.egg-info tools/asyncapi-validate/node_modules
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
