#!/usr/bin/env bash
# Installs docket into PREFIX (default /usr/local): PREFIX/bin/docket, built by
# Scripts/build-release.sh (or the executable named by DOCKET_BINARY), and its
# bash, zsh and fish completions.
#
#   Scripts/install.sh [PREFIX]
#   sudo Scripts/install.sh /usr/local
#   Scripts/install.sh "$HOME/.local"
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="${1:-/usr/local}"

binary="${DOCKET_BINARY:-}"
if [[ -z "$binary" ]]; then
  binary=dist/docket
  Scripts/build-release.sh "$binary"
fi
[[ -x "$binary" ]] || { echo "install.sh: error: expected an executable docket at $binary, found none" >&2; exit 2; }

install -d "$prefix/bin"
install -m 0755 "$binary" "$prefix/bin/docket"
if "$prefix/bin/docket" completion bash >/dev/null 2>&1; then
  install -d "$prefix/share/bash-completion/completions" "$prefix/share/zsh/site-functions" "$prefix/share/fish/vendor_completions.d"
  "$prefix/bin/docket" completion bash > "$prefix/share/bash-completion/completions/docket"
  "$prefix/bin/docket" completion zsh > "$prefix/share/zsh/site-functions/_docket"
  "$prefix/bin/docket" completion fish > "$prefix/share/fish/vendor_completions.d/docket.fish"
fi
echo "installed $("$prefix/bin/docket" --version) at $prefix/bin/docket"
