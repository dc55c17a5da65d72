#!/usr/bin/env bash
# The README's test command: install everything the tests need, lint, type-check, run the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
python3 -m ruff check toolkit tests bench
python3 -m mypy
python3 -m pytest
