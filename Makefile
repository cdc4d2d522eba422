# One command to run the app, one to test it; both set everything up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test bench deb clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test,build]'
	touch $(STAMP)

setup: $(STAMP)
	@sh scripts/system-deps.sh

run: setup  ## open the window on the demo project
	$(BIN)/stancemap $(ARGS)

test: setup  ## the whole test suite, headless
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

bench: setup  ## speed figures
	@for b in benchmarks/bench_*.py; do echo "== $$b"; QT_QPA_PLATFORM=offscreen $(BIN)/python $$b || exit 1; done

clean:
	rm -rf build dist $(VENV)

# The Linux package: dist/stancemap_<version>_<arch>.deb (PyInstaller build + dpkg-deb).
DEB_DIST ?= dist
DEB_WORK ?= build

deb: setup  ## dist/stancemap_<version>_<arch>.deb, installable with dpkg -i
	$(BIN)/python packaging/deb/build_deb.py --dist $(DEB_DIST) --work $(DEB_WORK)
