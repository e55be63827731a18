# Every target creates the virtual environment on first use, so a fresh clone needs only
# Python 3.11 and make.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: test demo goldens bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

test: $(STAMP)
	$(PY) -m pytest -q

demo: $(STAMP)
	$(VENV)/bin/queryleaf query --uri memory:// --db demo --load examples/sample_data.json \
		--now 2025-08-23T12:00:00Z --file examples/demo.sql
	@echo
	@echo "queryleaf check examples/backup_validation.sql (the sample data has deliberate problems):"
	-$(VENV)/bin/queryleaf check examples/backup_validation.sql --uri memory:// \
		--load examples/backup_validation.json --now 2025-08-23T12:00:00Z \
		--conn original=memory:///production_app --conn restored=memory:///production_app_backup
	@echo
	@echo "queryleaf check examples/pbm_pitr.sql (Percona Backup's catalog: a hole in rs0's oplog slices, a failed backup):"
	-$(VENV)/bin/queryleaf check examples/pbm_pitr.sql --uri memory:///admin --load examples/pbm_and_oplog.json \
		--now 2025-08-23T12:00:00Z

goldens: $(STAMP)
	$(PY) -m tests.golden --update

bench: $(STAMP)
	$(PY) -m benchmarks.translate
	$(PY) -m benchmarks.tpch --sf 0.01
	$(PY) -m benchmarks.complete

clean:
	rm -rf $(VENV) build *.egg-info
