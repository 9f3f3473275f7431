#!/usr/bin/env python3
"""Checks docket's machine formats with standard tools.

  python3 Scripts/check-sarif.py [--docket PATH] [--root DIR] [--schema FILE]

Copies the sample repository (procedures/, tickets/) into a temporary folder,
breaks a few records so there are findings, then checks that

- `docket validate --format sarif` validates against the official SARIF 2.1.0
  schema (Python jsonschema, Draft 4) and lists every result's rule in the driver;
- `--format junit` and `--format checkstyle` parse as XML (xml.etree) with one
  test case / file per record file checked and a failure per error finding;
- `--format sarif` of a broken procedure is still valid SARIF, with the
  procedure-invalid result, and exit code 2.

Exit code 0 when everything holds, 1 with a message per failed check, 2 when
jsonschema or the schema file is missing.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE = os.path.dirname(HERE)
DEFAULT_SCHEMA = os.path.join(PACKAGE, "..", "shared", "conformance", "sarif", "sarif-schema-2.1.0.json")


def run(docket, root, *args):
    result = subprocess.run([docket, *args, "--root", root], capture_output=True, text=True, timeout=120)
    return result.returncode, result.stdout, result.stderr


def replace(path, old, new):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if old not in text:
        raise SystemExit(f"check-sarif: error: expected {old!r} in {path}, found none")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace(old, new, 1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docket", default=os.path.join(PACKAGE, ".build", "debug", "docket"))
    parser.add_argument("--root", default=PACKAGE, help="repository to copy (default: the bundled sample)")
    parser.add_argument("--schema", default=DEFAULT_SCHEMA)
    options = parser.parse_args()
    try:
        import jsonschema
    except ImportError:
        print("check-sarif: error: expected the python module jsonschema, found none; pip install jsonschema", file=sys.stderr)
        return 2
    if not os.path.isfile(options.schema):
        print(f"check-sarif: error: expected the SARIF 2.1.0 schema at {options.schema}, found none", file=sys.stderr)
        return 2
    with open(options.schema, encoding="utf-8") as f:
        schema = json.load(f)
    validator = jsonschema.Draft4Validator(schema)
    failures = []

    def check(condition, message):
        if not condition:
            failures.append(message)

    def valid_sarif(text, label):
        try:
            document = json.loads(text)
        except ValueError as error:
            failures.append(f"{label}: not JSON: {error}")
            return None
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
        for error in errors[:10]:
            failures.append(f"{label}: schema: {'/'.join(map(str, error.path))}: {error.message[:200]}")
        return document

    work = tempfile.mkdtemp(prefix="docket-sarif-")
    try:
        root = os.path.join(work, "repo")
        os.makedirs(root)
        for folder in ("procedures", "tickets"):
            shutil.copytree(os.path.join(options.root, folder), os.path.join(root, folder))
        incident = os.path.join(root, "tickets", "incidents", "2026", "INC-2026-0003.md")
        replace(incident, "channel: monitoring", "channel: telephone")
        with open(os.path.join(root, "tickets", "incidents", "2026", "INC-2026-9999.md"), "w", encoding="utf-8") as f:
            f.write("no front matter here\n")

        status, sarif, errors = run(options.docket, root, "validate", "--format", "sarif", "--now", "2026-11-30T10:00:00+08:00")
        check(status == 1, f"sarif: expected exit code 1, found {status}: {errors.strip()}")
        document = valid_sarif(sarif, "sarif")
        if document is not None:
            run_ = document["runs"][0]
            rules = [rule["id"] for rule in run_["tool"]["driver"]["rules"]]
            results = run_["results"]
            check(len(document["runs"]) == 1, "sarif: expected one run")
            check(len(results) >= 2, f"sarif: expected at least 2 results, found {len(results)}")
            for result in results:
                check(result["ruleId"] in rules, f"sarif: result rule {result['ruleId']} is not in the driver's rules")
                check(rules[result["ruleIndex"]] == result["ruleId"], f"sarif: ruleIndex of {result['ruleId']} points elsewhere")
                location = result["locations"][0]["physicalLocation"]
                check(not location["artifactLocation"]["uri"].startswith("/"), "sarif: expected relative uris")
            check(any(r["ruleId"] == "enum-value" for r in results), "sarif: expected the enum-value finding")
            check(all(rule.get("help", {}).get("text") for rule in run_["tool"]["driver"]["rules"]), "sarif: expected help on every rule")

        status, junit, _ = run(options.docket, root, "validate", "--format", "junit", "--now", "2026-11-30T10:00:00+08:00")
        check(status == 1, f"junit: expected exit code 1, found {status}")
        try:
            tree = ET.fromstring(junit)
            cases = tree.findall("./testsuite/testcase")
            names = {case.get("name") for case in cases}
            check("tickets/incidents/2026/INC-2026-0003.md" in names, "junit: expected a test case for INC-2026-0003")
            check("tickets/incidents/2026/INC-2026-0001.md" in names, "junit: expected a test case for a clean file")
            failing = [case.get("name") for case in cases if case.find("failure") is not None]
            check("tickets/incidents/2026/INC-2026-0003.md" in failing, "junit: expected INC-2026-0003 to fail")
            check(int(tree.get("tests")) == len(cases), "junit: tests attribute differs from the number of cases")
        except ET.ParseError as error:
            failures.append(f"junit: not XML: {error}")

        status, checkstyle, _ = run(options.docket, root, "validate", "--format", "checkstyle", "--now", "2026-11-30T10:00:00+08:00")
        try:
            tree = ET.fromstring(checkstyle)
            check(tree.tag == "checkstyle", "checkstyle: expected the root element checkstyle")
            sources = {error.get("source") for error in tree.iter("error")}
            check("docket.enum-value" in sources, "checkstyle: expected source docket.enum-value")
        except ET.ParseError as error:
            failures.append(f"checkstyle: not XML: {error}")

        replace(os.path.join(root, "procedures", "incident.md"), "\nstates:", "\nstates:\n  bogus: 7")
        status, sarif, _ = run(options.docket, root, "validate", "--format", "sarif")
        check(status == 2, f"sarif with a broken procedure: expected exit code 2, found {status}")
        document = valid_sarif(sarif, "sarif with a broken procedure")
        if document is not None:
            results = document["runs"][0]["results"]
            check([r["ruleId"] for r in results] == ["procedure-invalid"], f"sarif with a broken procedure: expected one procedure-invalid result, found {[r['ruleId'] for r in results]}")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    for failure in failures:
        print("check-sarif: " + failure, file=sys.stderr)
    if not failures:
        print("check-sarif: SARIF valid against the 2.1.0 schema; JUnit and Checkstyle parse as XML")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
