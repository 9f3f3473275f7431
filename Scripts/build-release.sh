#!/usr/bin/env bash
# Builds one self-contained `docket` executable: release configuration, the Swift
# standard library and Foundation linked in statically (on Linux), the commit
# embedded for `docket --version`. The result runs on a Linux machine without
# Swift (it needs only the C library and friends: check with `ldd`).
#
#   Scripts/build-release.sh [OUTPUT]      # default: dist/docket
#
# DOCKET_COMMIT overrides the commit (default: `git rev-parse --short=12 HEAD`,
# with `-dirty` when tracked files are modified; `unknown` outside git).
set -euo pipefail
cd "$(dirname "$0")/.."
output="${1:-dist/docket}"

commit="${DOCKET_COMMIT:-}"
if [[ -z "$commit" ]]; then
  if commit="$(git rev-parse --short=12 HEAD 2>/dev/null)"; then
    [[ -z "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]] || commit+="-dirty"
  else
    commit=unknown
  fi
fi
if [[ ! "$commit" =~ ^[A-Za-z0-9._+/-]+$ ]]; then
  echo "build-release.sh: error: expected DOCKET_COMMIT of letters, digits and . _ + / -, found \"$commit\"" >&2
  exit 2
fi

generated=Sources/DocketKit/Support/BuildCommit.generated.swift
trap 'rm -f "$generated"' EXIT
printf '// Written by Scripts/build-release.sh; ignored by git.\nlet generatedBuildCommit = "%s"\n' "$commit" > "$generated"

# A scratch folder of its own: the -D flag would otherwise invalidate the ordinary release build.
flags=(-c release --product docket --scratch-path .build/release-static -Xswiftc -DDOCKET_BUILD_COMMIT)
if [[ "$(uname -s)" == Linux ]]; then
  flags+=(--static-swift-stdlib)
fi
swift build "${flags[@]}"
binary="$(swift build "${flags[@]}" --show-bin-path)/docket"

mkdir -p "$(dirname "$output")"
cp "$binary" "$output.tmp.$$"
if command -v strip >/dev/null; then strip "$output.tmp.$$"; fi
mv "$output.tmp.$$" "$output"
echo "built $output: $("$output" --version)"
