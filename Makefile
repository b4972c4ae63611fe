# KPI Planner: `make run` to try it, `make test` to check it. Needs Python 3.11+ and Node.js (npm).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install lock run test test-fast lint format bench messages clean

# Exactly the versions (and files, by hash) of requirements.lock; then the project itself, which
# adds nothing the lock does not have (pip check fails if the lock misses what pyproject.toml
# asks for). `make lock` writes the lock from pyproject.toml.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m pip check  # a dependency of pyproject.toml missing from the lock: run `make lock`
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(STAMP) $(NODE_STAMP)

# The web server and a background worker (django-tasks' db_worker) in one command; Ctrl-C stops
# both. Tasks a killed worker left running are queued again first.
run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo --if-empty $(if $(DEMO_PASSWORD),--password "$(DEMO_PASSWORD)")
	$(PY) manage.py requeue_stuck_tasks
	@echo "KPI Planner runs at http://$(HOST):$(PORT)/ (log in as facilitator, manager, ...)"
	@$(PY) manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# Rewrite requirements.lock after a change of the dependencies in pyproject.toml: pins that still
# fit are kept; `make lock LOCK_ARGS=--upgrade` moves every package to its newest fitting release.
# pip-tools runs in a venv of its own, so it is not part of the project's.
LOCK_VENV := .make-lock-venv
lock:
	test -x $(LOCK_VENV)/bin/pip-compile || ($(PYTHON) -m venv $(LOCK_VENV) && \
		$(LOCK_VENV)/bin/pip install --quiet "pip-tools>=7.4,<8")
	CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --extra dev --strip-extras \
		--no-emit-index-url --no-emit-find-links \
		--allow-unsafe $(LOCK_ARGS) -o requirements.lock pyproject.toml

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# On PostgreSQL when DATABASE_URL is set, else on SQLite.
test: lint
	$(VENV)/bin/pytest $(PYTEST_ARGS)

test-fast: install
	$(VENV)/bin/pytest -m "not browser" -x -q $(PYTEST_ARGS)

bench: install
	$(PY) -m bench

# Regenerate the Dutch catalogues after changing user-visible strings, then translate and compile.
messages: install
	$(PY) manage.py makemessages -l nl --ignore=.venv --ignore=node_modules --ignore="indicators/smart/*"
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules

clean:
	rm -rf $(VENV) $(LOCK_VENV) node_modules staticfiles .pytest_cache .ruff_cache
