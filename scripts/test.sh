#!/usr/bin/env bash
# The README's test command: install everything the tests need, lint, type-check, run the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
.venv/bin/python -m ruff check toolkit tests bench
.venv/bin/python -m mypy
.venv/bin/python -m pytest
