#!/usr/bin/env bash
# Times `docket validate --since HEAD~20` on a 100,000-record repository in which
# 50 records changed over 20 commits (issue 5: under 2 s, release build).
# usage: Scripts/bench-history.sh [RECORDS] [WORKDIR]
set -euo pipefail
package="$(cd "$(dirname "$0")/.." && pwd)"
records="${1:-100000}"
work="${2:-$(mktemp -d)}"
repo="$work/repo"
swift build -c release --package-path "$package" >/dev/null
docket="$package/.build/release/docket"

rm -rf "$repo" && mkdir -p "$repo/tickets/incidents/2026"
cp -r "$package/procedures" "$repo/"
cp -r "$package/tickets/cmdb" "$repo/tickets/"
sample="$package/tickets/incidents/2026/INC-2026-0024.md"   # a new incident, no links
awk -v n="$records" -v sample="$sample" -v repo="$repo" 'BEGIN {
    while ((getline line < sample) > 0) text = text line "\n"
    for (i = 1; i <= n; i++) {
        id = sprintf("INC-2026-%06d", i)
        body = text; sub(/INC-2026-0024/, id, body)
        file = repo "/tickets/incidents/2026/" id ".md"
        printf "%s", body > file; close(file)
    }
}'
cd "$repo"
git init -q -b main
git -c user.name=bench -c user.email=zhangsan@it.example-court.cn add -A
git -c user.name=bench -c user.email=zhangsan@it.example-court.cn commit -qm "100k records"
# 20 commits touching 50 files: new -> assigned is allowed, a contact edit is not a transition.
for c in $(seq 0 19); do
    for k in 1 2 3; do
        f=$(( (c * 3 + k) % 50 + 1 ))
        id=$(printf "INC-2026-%06d" "$f")
        sed -i "s/^contact: .*/contact: commit $c/" "tickets/incidents/2026/$id.md"
    done
    git -c user.name=bench -c user.email=zhangsan@it.example-court.cn commit -qam "commit $c"
done
echo "repository: $repo ($records records, 50 changed over 20 commits)"
"$docket" validate --root "$repo" --since HEAD~20 >/dev/null || true   # warm the file cache
start=$(date +%s.%N)
"$docket" validate --root "$repo" --since HEAD~20 > "$work/out.txt" || true
end=$(date +%s.%N)
start2=$(date +%s.%N)
"$docket" validate --root "$repo" > /dev/null || true
end2=$(date +%s.%N)
tail -1 "$work/out.txt"
printf 'validate --since HEAD~20: %.2f s\n' "$(echo "$end - $start" | bc)"
printf 'validate (no history):    %.2f s\n' "$(echo "$end2 - $start2" | bc)"
