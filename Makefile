# The commands the README shows. `make run` and `make test` are all a newcomer needs.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
SEED_PAGES := tests/data/legacy/000_10a2ac0fda2b824b.txt
DEMO_PROJECTS ?= 12000
CHROMIUM ?= /usr/bin/chromium

# Django 6.1 needs Python 3.12 or newer; the machine's python3 may be older.
PYTHON_CANDIDATES := python3.13 python3.12 $(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3) \
	$(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3) python3
BASE_PYTHON ?= $(shell for p in $(PYTHON_CANDIDATES); do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; \
	then echo $$p; break; fi; done)

.PHONY: run dev prepare check-deploy prod-smoke loadtest install translations static-vendor test test-postgres lint format messages browser redis clean

run: prepare ## Serve http://127.0.0.1:8000 as a visitor sees it: DEBUG off, compressed static files
	DJANGO_DEBUG=0 $(MANAGE) collectstatic --noinput --verbosity 0
	DJANGO_DEBUG=0 $(MANAGE) runserver 127.0.0.1:8000

dev: prepare ## The same site with Django's debug pages, static files read from the apps
	$(MANAGE) runserver 127.0.0.1:8000

prepare: install static-vendor ## Reference data, the seed page, a demo portfolio, its accounts
	$(MANAGE) migrate --noinput
	$(MANAGE) load_reference
	$(MANAGE) import_legacy $(SEED_PAGES)
	$(MANAGE) generate_demo --projects $(DEMO_PROJECTS) --seed 1
	$(MANAGE) rebuild_search_index
	$(MANAGE) write_open_data
	$(MANAGE) create_demo_accounts

install: $(STAMP) translations ## Create .venv, install pinned dependencies, compile translations

# Compiled again whenever a catalogue changes (a pull, `make messages`), not only at install.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
translations: $(MO_FILES)
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po | $(STAMP)
	$(MANAGE) compilemessages --ignore=.venv --locale $* --verbosity 0

$(STAMP): requirements/base.txt requirements/dev.txt
	@test -n "$(BASE_PYTHON)" || { echo "Python 3.12 or newer is required (none found)." >&2; exit 1; }
	@echo "Using $(BASE_PYTHON) ($$($(BASE_PYTHON) --version))"
	test -x $(PY) || $(BASE_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements/dev.txt
	touch $(STAMP)

browser: ## Chromium, and LibreOffice Calc for the spreadsheet test, from Debian packages
	@test -x $(CHROMIUM) || { \
		echo "Installing Chromium from Debian packages..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@command -v soffice >/dev/null || { \
		echo "Installing LibreOffice Calc (no GUI) from Debian packages..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends libreoffice-calc-nogui >/dev/null; }

redis: ## Redis's server (Debian package), which the tests of the limits shared by servers start
	@command -v redis-server >/dev/null || tools/services.sh redis

# Front-end packages from the lockfile (ECharts for the charts and the map, Supercluster for
# its points, axe-core for the browser tests' accessibility checks), and the files the
# pages load, copied into static files.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

VENDOR := explore/static/explore/vendor
$(VENDOR)/echarts.min.js: node_modules/.package-lock.json
	mkdir -p $(VENDOR)
	cp node_modules/echarts/dist/echarts.min.js node_modules/echarts/LICENSE $(VENDOR)/
	touch $@

# Supercluster groups the partner towns' points at each zoom of the map.
$(VENDOR)/supercluster.min.js: node_modules/.package-lock.json
	mkdir -p $(VENDOR)
	cp node_modules/supercluster/dist/supercluster.min.js $(VENDOR)/
	cp node_modules/supercluster/LICENSE $(VENDOR)/supercluster.LICENSE
	touch $@

# Country shapes (Natural Earth via world-atlas) as the GeoJSON the map draws: 1:110m, and
# 1:50m for the small countries the coarser file leaves out.
$(VENDOR)/world.geo.json: node_modules/.package-lock.json tools/world_geojson.py | $(STAMP)
	mkdir -p $(VENDOR)
	$(PY) tools/world_geojson.py node_modules/world-atlas/countries-110m.json \
		node_modules/world-atlas/countries-50m.json $@

static-vendor: $(VENDOR)/echarts.min.js $(VENDOR)/supercluster.min.js $(VENDOR)/world.geo.json

test: install browser redis static-vendor ## Run the whole suite (SQLite unless DATABASE_URL says otherwise)
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest

test-postgres: ## The suite against the local PostgreSQL server
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/atlas} $(MAKE) test

check-deploy: install ## Django's deployment checks on the production settings: no warning allowed
	DJANGO_SETTINGS_MODULE=atlas.settings.prod DJANGO_ALLOWED_HOSTS=atlas.example \
		DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/atlas} \
		DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(60))') \
		$(MANAGE) check --deploy --fail-level WARNING

prod-smoke: install static-vendor ## The production topology for real: nginx, 2 gunicorn, PostgreSQL, Redis
	tools/services.sh postgres redis nginx
	$(PY) tools/prod_smoke.py

loadtest: install static-vendor ## Requests per second and latency of gunicorn (production settings), into BENCHMARKS.md
	tools/services.sh postgres redis wrk
	$(PY) tools/loadtest.py

lint:
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format:
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

messages: ## Refresh the catalogues after changing French strings (English to translate)
	$(MANAGE) makemessages --locale en --locale fr --ignore=.venv --ignore=tests --ignore=tools \
		--no-obsolete
	$(PY) tools/french_plurals.py locale/fr/LC_MESSAGES/django.po

clean:
	rm -rf $(VENV) var staticfiles
