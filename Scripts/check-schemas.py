#!/usr/bin/env python3
"""Checks `docket schema KIND` against a standard JSON Schema validator.

For every kind defined in procedures/ (a procedure document whose front matter has
`kind` and `folder`), this script

1. runs `docket schema KIND` and checks the output is a valid draft 2020-12 schema
   (jsonschema's Draft202012Validator.check_schema);
2. validates the front matter of every record of that kind under tickets/<folder>/, as
   `docket yaml FILE.md` prints it, against the schema: every bundled record must be accepted;
3. mutates each record and checks the schema rejects the copy: every enum (and state)
   field the record carries set to a value that is no spelling of the enum, and every
   always-required field (the schema's `required`) removed, one mutation at a time.

Usage (from the package root; needs python3 with jsonschema: pip install jsonschema):

    swift build --product docket
    python3 Scripts/check-schemas.py                       # the bundled sample
    python3 Scripts/check-schemas.py --root DIR --docket .build/release/docket

Prints one line per kind and a summary; exits 0 when every check passed, 1 when a check
failed, 2 when jsonschema or docket is missing. The Swift tests do not need this script.
"""
import argparse
import copy
import glob
import json
import os
import subprocess
import sys

try:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError
except ImportError:
    print("check-schemas: error: python3 module jsonschema is missing (pip install jsonschema)", file=sys.stderr)
    sys.exit(2)

PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WRONG = "no-such-value-x"


def docket(binary, root, *args):
    run = subprocess.run([binary, *args], cwd=root, capture_output=True, text=True)
    return run.returncode, run.stdout, run.stderr


def find_docket(explicit):
    if explicit:
        return os.path.abspath(explicit)
    for config in ("debug", "release"):
        candidate = os.path.join(PACKAGE, ".build", config, "docket")
        if os.access(candidate, os.X_OK):
            return candidate
    print("check-schemas: error: no docket binary; run swift build --product docket or pass --docket PATH", file=sys.stderr)
    sys.exit(2)


def kinds(binary, root):
    """(kind, folder) of every procedure document that defines a kind, sorted by kind."""
    found = []
    for path in sorted(glob.glob(os.path.join(root, "procedures", "*.md"))):
        code, out, err = docket(binary, root, "yaml", os.path.relpath(path, root))
        if code != 0:
            raise SystemExit(f"check-schemas: error: docket yaml {path}: {err.strip()}")
        front = json.loads(out)
        if isinstance(front, dict) and "kind" in front and "folder" in front:
            found.append((front["kind"], front["folder"]))
    return sorted(found)


def mutations(schema, record):
    """(description, mutated copy) pairs the schema must reject."""
    for key, prop in schema["properties"].items():
        if key in record and "enum" in prop:
            wrong = copy.deepcopy(record)
            wrong[key] = WRONG
            yield f"{key}: {WRONG}", wrong
    for key in schema.get("required", []):
        if key in record:
            missing = copy.deepcopy(record)
            del missing[key]
            yield f"without {key}", missing


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", default=PACKAGE, help="the ticket repository (default: the package root, the bundled sample)")
    parser.add_argument("--docket", help="the docket binary (default: .build/debug/docket, else .build/release/docket)")
    parser.add_argument("--verbose", action="store_true", help="print every record checked")
    options = parser.parse_args()
    root = os.path.abspath(options.root)
    binary = find_docket(options.docket)

    failures = 0
    totals = {"kinds": 0, "records": 0, "mutations": 0}

    def fail(message):
        nonlocal failures
        failures += 1
        print("  FAIL " + message)

    for kind, folder in kinds(binary, root):
        totals["kinds"] += 1
        code, out, err = docket(binary, root, "schema", kind)
        if code != 0:
            fail(f"{kind}: docket schema exited {code}: {err.strip()}")
            continue
        schema = json.loads(out)
        try:
            Draft202012Validator.check_schema(schema)
        except SchemaError as error:
            fail(f"{kind}: not a valid draft 2020-12 schema: {error.message}")
            continue
        if schema.get("$schema") != "https://json-schema.org/draft/2020-12/schema":
            fail(f"{kind}: $schema is {schema.get('$schema')!r}")
        validator = Draft202012Validator(schema)
        files = sorted(glob.glob(os.path.join(root, "tickets", folder, "**", "*.md"), recursive=True))
        if not files:
            fail(f"{kind}: no records under tickets/{folder}/")
        accepted = rejected = 0
        for path in files:
            relative = os.path.relpath(path, root)
            code, out, err = docket(binary, root, "yaml", relative)
            if code != 0:
                fail(f"{relative}: docket yaml exited {code}: {err.strip()}")
                continue
            record = json.loads(out)
            errors = sorted(validator.iter_errors(record), key=lambda e: list(e.path))
            if errors:
                for error in errors:
                    fail(f"{relative}: rejected at {'/'.join(map(str, error.path)) or '(root)'}: {error.message}")
                continue
            accepted += 1
            for description, mutated in mutations(schema, record):
                if validator.is_valid(mutated):
                    fail(f"{relative}: accepted a copy with {description}")
                else:
                    rejected += 1
            if options.verbose:
                print(f"  ok {relative}")
        totals["records"] += accepted
        totals["mutations"] += rejected
        print(f"{kind}: schema valid (draft 2020-12); {accepted} of {len(files)} records accepted; "
              f"{rejected} mutated copies rejected (wrong enum value, missing required: {', '.join(schema.get('required', []))})")

    print(f"{totals['kinds']} kinds, {totals['records']} records accepted, {totals['mutations']} mutated copies rejected, "
          f"{failures} failure{'s' if failures != 1 else ''}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
