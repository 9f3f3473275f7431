#!/usr/bin/env python3
"""Runs the shell steps of action.yml by hand, as the GitHub runner would, as far
as they can run outside GitHub: `actions/cache` is skipped (a cache miss), the
`${{ … }}` expressions are filled in from the inputs given here, and GITHUB_OUTPUT,
GITHUB_PATH and RUNNER_TEMP are files and folders in a temporary folder.

  python3 Scripts/test-action.py [--args 'validate --format github'] [--workdir DIR] [--bin-from FILE]

--bin-from FILE copies an already built docket into the cache folder instead of
building it (the build step is then skipped, as after a cache hit). Prints each
step and exits with the action's exit status.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE = os.path.dirname(HERE)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--args", default=None)
    parser.add_argument("--workdir", default=PACKAGE)
    parser.add_argument("--bin-from", default=None)
    options = parser.parse_args()
    with open(os.path.join(PACKAGE, "action.yml"), encoding="utf-8") as f:
        action = yaml.safe_load(f)
    inputs = {name: spec.get("default", "") for name, spec in action["inputs"].items()}
    if options.args is not None:
        inputs["args"] = options.args
    inputs["working-directory"] = options.workdir

    temp = tempfile.mkdtemp(prefix="docket-action-")
    output_file = os.path.join(temp, "output")
    path_file = os.path.join(temp, "path")
    environment = dict(os.environ, GITHUB_ACTION_PATH=PACKAGE, RUNNER_TEMP=temp, RUNNER_OS="Linux", RUNNER_ARCH="X64",
                       GITHUB_OUTPUT=output_file, GITHUB_PATH=path_file)
    outputs = {}
    cache_hit = "false"
    status = 0
    try:
        for step in action["runs"]["steps"]:
            step_id = step.get("id", "")

            def expand(text):
                def value(match):
                    expression = match.group(1).strip()
                    if expression.startswith("inputs."):
                        return inputs[expression[len("inputs."):]]
                    if expression.startswith("steps."):
                        _, other, _, name = expression.split(".", 3)
                        return outputs.get(other, {}).get(name, "")
                    if expression == "github.action_ref":
                        return "local-test"
                    raise SystemExit(f"test-action: error: no value for ${{{{ {expression} }}}}")
                return re.sub(r"\$\{\{(.*?)\}\}", value, str(text))

            if "uses" in step:
                print(f"--- {step_id or step['uses']}: skipped ({step['uses']}: a cache {'hit, --bin-from' if options.bin_from else 'miss'})")
                if options.bin_from:
                    bin_dir = outputs["key"]["bin"]
                    os.makedirs(bin_dir, exist_ok=True)
                    shutil.copy(options.bin_from, os.path.join(bin_dir, "docket"))
                    cache_hit = "true"
                continue
            condition = step.get("if")
            if condition:
                condition = condition.replace("steps.cache.outputs.cache-hit", repr(cache_hit)).replace("inputs.install-only", repr(inputs["install-only"]))
                if not eval(condition.replace("!=", " != ").replace("==", " == ")):
                    print(f"--- {step_id or 'step'}: skipped (if: {step['if']})")
                    continue
            env = dict(environment)
            for name, text in step.get("env", {}).items():
                env[name] = expand(text)
            script = expand(step["run"])
            workdir = expand(step.get("working-directory", PACKAGE))
            print(f"--- {step_id or 'step'}: bash in {workdir}")
            open(output_file, "w").close()
            result = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", script], cwd=workdir, env=env, timeout=1800)
            with open(output_file, encoding="utf-8") as f:
                outputs[step_id] = dict(line.rstrip("\n").split("=", 1) for line in f if "=" in line)
            if result.returncode != 0:
                status = result.returncode
                print(f"--- {step_id or 'step'}: exit {status}")
                break
        print("--- outputs:", outputs)
        if os.path.exists(path_file):
            print("--- GITHUB_PATH:", open(path_file).read().strip())
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
