#!/usr/bin/env bash
# The workbook fixtures are written by scripts: running them again must give the committed bytes,
# so a fixture never drifts from the script that documents it. Called by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore XlsxWriter==3.2.0 xlwt==1.3.0 odfpy==1.4.1
fixtures=(tests/excel/*.xlsx tests/excel/*.xls tests/excel/*.ods rules/ten_level.sample.xlsx)
committed=$(mktemp -d)
trap 'rm -rf "$committed"' EXIT
for f in "${fixtures[@]}"; do
  mkdir -p "$committed/$(dirname "$f")" && cp "$f" "$committed/$f"
done
python3 tests/excel/make_workbooks.py
python3 tests/excel/make_sample_workbook.py
status=0
for f in "${fixtures[@]}"; do
  if ! cmp -s "$f" "$committed/$f"; then
    echo "check_fixtures: $f differs from what its script writes now; run the script and commit the result" >&2
    status=1
  fi
done
exit $status
