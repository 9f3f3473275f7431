#!/usr/bin/env bash
# Runs the fuzz test (Tests/DocketKitTests/Hardening/FuzzTests.swift) for SECONDS
# instead of the few seconds `swift test` gives it: mutated copies of the sample
# records, `docket validate` and `docket yaml` in process, every run under a deadline.
#
# usage: Scripts/fuzz.sh SECONDS [SEED]      (SEED: default a random one, printed)
#
# Prints the number of cases run and failing, exits 1 on any failure (2 on a usage or
# build error). Every failing case is saved as OUT/case-SEED-N/ (the mutated files at
# their paths in the repository and case.txt: what was done, what failed, how to run it
# again); a case that killed the test process is saved as OUT/crash/. OUT is
# .build/fuzz/seed-SEED (DOCKET_FUZZ_OUT=DIR to put seed-SEED elsewhere); test.log there
# holds the test's output.
set -euo pipefail
package="$(cd "$(dirname "$0")/.." && pwd)"
usage="usage: Scripts/fuzz.sh SECONDS [SEED]"
seconds="${1:-}"
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
    echo "fuzz.sh: error: expected a number of seconds, found \"$seconds\"" >&2; echo "$usage" >&2; exit 2
fi
seed="${2:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}"
if ! [[ "$seed" =~ ^[0-9]+$ ]]; then
    echo "fuzz.sh: error: expected a seed of digits, found \"$seed\"" >&2; echo "$usage" >&2; exit 2
fi
out="${DOCKET_FUZZ_OUT:-$package/.build/fuzz}/seed-$seed"
rm -rf "$out" && mkdir -p "$out"
log="$out/test.log"

echo "fuzz: building the tests"
if ! swift build --build-tests --package-path "$package" >"$log" 2>&1; then
    cat "$log" >&2; echo "fuzz.sh: error: the build failed" >&2; exit 2
fi
echo "fuzz: seed $seed, $seconds s; failing inputs go to $out"
status=0
# The test stops starting cases after SECONDS; one case may still run for its deadline (60 s per verb).
DOCKET_FUZZ_SECONDS="$seconds" DOCKET_FUZZ_SEED="$seed" DOCKET_FUZZ_FAILURES="$out" \
    timeout --kill-after=30 $((seconds + 600)) \
    swift test --skip-build --package-path "$package" --filter 'DocketKitTests.FuzzTests/' >"$log" 2>&1 || status=$?

if [ -d "$out/in-progress" ]; then mv "$out/in-progress" "$out/crash"; fi
summary="$(grep -a '^fuzz: seed' "$log" | tail -1 || true)"
failures="$(find "$out" -maxdepth 1 -name 'case-*' -type d | wc -l | tr -d ' ')"
if [ -n "$summary" ]; then
    echo "$summary"
else
    echo "fuzz: the test printed no summary (exit status $status): it crashed or was stopped; see $log"
fi
for folder in "$out"/case-* "$out/crash"; do
    [ -f "$folder/case.txt" ] && { echo "--- $folder"; head -20 "$folder/case.txt"; }
done
if [ "$status" -ne 0 ] || [ "$failures" -ne 0 ] || [ -z "$summary" ] || [ -d "$out/crash" ]; then
    echo "fuzz: FAILED (test exit status $status, $failures failing cases saved under $out)"
    exit 1
fi
echo "fuzz: clean"
