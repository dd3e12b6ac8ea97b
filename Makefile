# The two commands of the quick start: `make site` and `make test`.
VENV := .venv
PYTHON := $(VENV)/bin/python
# Silence only the theme's end-of-life banner, through the variable it documents for that.
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test check clean zensical properdocs

$(VENV)/installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip==25.3
	$(PYTHON) -m pip install --quiet -e .
	touch $@

$(VENV)/installed-test: $(VENV)/installed
	$(PYTHON) -m pip install --quiet -e '.[test]'
	@# Debian's Chromium for the browser tests (Playwright never downloads a browser here),
	@# Java for the W3C Nu HTML checker, TeX Live with BibTeX and biber for compiling the .bib
	@# files (site_tests/build/test_bibtex.py), and the CSL styles and locales for rendering
	@# references.json (site_tests/build/test_csl.py).
	@command -v chromium >/dev/null && command -v java >/dev/null && command -v pdflatex >/dev/null && \
	  command -v bibtex >/dev/null && command -v biber >/dev/null && \
	  test -e /usr/share/citation-style-language/styles/apa.csl && \
	  test -e /usr/share/citation-style-language/locales/locales-en-US.xml || \
	  { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq chromium default-jre-headless texlive-latex-base texlive-latex-recommended \
	    texlive-bibtex-extra biber citation-style-language-styles citation-style-language-locales >/dev/null; } || \
	  { echo "Install Debian's chromium, default-jre-headless, texlive-latex-base, texlive-latex-recommended," \
	    "texlive-bibtex-extra, biber, citation-style-language-styles and citation-style-language-locales" \
	    "packages"; exit 1; }
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
# (src/agenda_site/build.py).
site: $(VENV)/installed node_modules/installed
	$(PYTHON) -m agenda_site site

# The site built by another engine from the same generated project, into
# build/online-<engine>/site/ (never site/, which MkDocs builds and which is published).
zensical: $(VENV)/installed-zensical node_modules/installed
	$(PYTHON) -m agenda_site build --engine zensical
properdocs: $(VENV)/installed-test node_modules/installed
	$(PYTHON) -m agenda_site build --engine properdocs

# A preview that rebuilds and reloads the open page on every change: make serve PORT=8001
PORT ?= 8000
serve: $(VENV)/installed node_modules/installed
	$(PYTHON) -m agenda_site serve --port $(PORT)

check: $(VENV)/installed
	$(PYTHON) -m agenda_site check

# On two workers (site_tests/conftest.py says how tests are shared out).
test: $(VENV)/installed-test $(VENV)/installed-zensical node_modules/installed
	$(PYTHON) -m pytest -n 2 --dist loadgroup

clean:
	rm -rf site build dist
