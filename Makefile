# The two commands of the quick start: `make site` and `make test`.
VENV := .venv
PYTHON := $(VENV)/bin/python
# Silence only the theme's end-of-life banner, through the variable it documents for that.
export NO_MKDOCS_2_WARNING := 1

.PHONY: site offline serve test check clean zensical

$(VENV)/installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip==25.3
	$(PYTHON) -m pip install --quiet -e .
	touch $@

$(VENV)/installed-test: $(VENV)/installed
	$(PYTHON) -m pip install --quiet -e '.[test]'
	@# Debian's Chromium for the browser tests (Playwright never downloads a browser here)
	@# and Java for the W3C Nu HTML checker.
	@command -v chromium >/dev/null && command -v java >/dev/null || \
	  { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq chromium default-jre-headless >/dev/null; } || \
	  { echo "Install Debian's chromium and default-jre-headless packages"; exit 1; }
	touch $@

# Zensical, the successor of the theme and of MkDocs, for `make zensical` (and its test).
$(VENV)/installed-zensical: $(VENV)/installed
	$(PYTHON) -m pip install --quiet -e '.[zensical]'
	touch $@

# Front-end files from the npm registry at the versions package-lock.json pins.
node_modules/installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --silent
	touch $@

# site/ and the offline bundle, strict (any warning fails), one build at a time, and swapped in
# whole only on success: a failed or interrupted build keeps the last good site/
# (see scripts/build_site.py).
site: $(VENV)/installed node_modules/installed
	$(PYTHON) scripts/build_site.py

# Only the offline bundle, dist/agenda-offline.zip (see scripts/offline_bundle.py).
offline: $(VENV)/installed node_modules/installed
	$(PYTHON) scripts/build_site.py --offline-only

# The same site built by Zensical into build/zensical/site/ (never site/, which MkDocs builds and
# which is published). Zensical runs no MkDocs plugin or hook, so the pages are generated first,
# with a config for it (build/zensical/docs/, build/zensical/mkdocs.yml), and what the plugin
# does after its build (policies, data exports, audit) is a step of its own. See the README.
zensical: $(VENV)/installed-zensical
	$(PYTHON) -m agenda_site generate --out build/zensical/docs --engine-config build/zensical/mkdocs.yml
	cd build/zensical && $(abspath $(VENV))/bin/zensical build --clean --strict
	$(PYTHON) -m agenda_site finish build/zensical/site

serve: $(VENV)/installed node_modules/installed
	$(PYTHON) -m mkdocs serve

check: $(VENV)/installed
	$(PYTHON) -m agenda_site check

test: $(VENV)/installed-test $(VENV)/installed-zensical node_modules/installed
	$(PYTHON) -m pytest

clean:
	rm -rf site build dist
