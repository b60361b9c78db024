# Kompetansenett: make run · make test · make bench · make lint
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi
#: make run PORT=8000 serves on another port
PORT ?= 5000

.PHONY: run test bench lint translations clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

translations: $(VENV)/.installed
	@if ls app/translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
		$(BIN)/pybabel -q compile -d app/translations; fi

run: $(VENV)/.installed translations
	$(BIN)/flask db upgrade
	$(BIN)/flask seed demo --if-empty
	@echo "== Kompetansenett: open http://127.0.0.1:$(PORT)/"
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

test: $(VENV)/.installed translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(VENV)/.installed
	@command -v wrk >/dev/null || { command -v apt-get >/dev/null && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1; } || \
		echo "== wrk is not installed: the page part falls back to Python threads"
	$(BIN)/python -m bench $(BENCH_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check app tests bench tools
	$(BIN)/lint-imports
	$(BIN)/python tools/check_sizes.py
	$(BIN)/python tools/untranslated.py

clean:
	rm -rf $(VENV) .pytest_cache
