#!/usr/bin/env bash
# Contracts benchmark: generates a >1 MB OpenAPI document with hundreds of operations and a modified
# copy (scripts/gen-openapi.py), then times `handbook diff-contract` on the pair and `handbook build`
# of a handbook whose one contract is the large spec. Prints wall time and peak memory of each.
# usage: scripts/bench-contracts.sh [path/to/handbook]   (default: a release build in .build-contracts)
set -euo pipefail
cd "$(dirname "$0")/.."
HANDBOOK=${1:-}
[[ -n "$HANDBOOK" ]] && HANDBOOK=$(cd "$(dirname "$HANDBOOK")" && pwd)/$(basename "$HANDBOOK")
if [[ -z "$HANDBOOK" ]]; then
  swift build -c release --product handbook --scratch-path .build-contracts >&2
  HANDBOOK=$PWD/.build-contracts/release/handbook
fi
OUT=$PWD/bench/out/contracts
rm -rf "$OUT" && mkdir -p "$OUT/site/content/contracts" "$OUT/site/api"
python3 scripts/gen-openapi.py "$OUT"
cp "$OUT/new.yml" "$OUT/site/api/large.yml"
printf 'title: Contracts benchmark\n' > "$OUT/site/content/handbook.yml"
printf 'title: Large API\nspec: api/large.yml\nprovider: bench\nconsumers: [web]\n' > "$OUT/site/content/contracts/large.yml"
TIME=(/usr/bin/time -f "%e s wall, %M KB peak RSS")
echo "diff-contract (two 1.1 MB specs):"
"${TIME[@]}" "$HANDBOOK" diff-contract "$OUT/old.yml" "$OUT/new.yml" > "$OUT/diff.txt" || true
tail -1 "$OUT/diff.txt"
echo "build (one contract with the 1.1 MB spec):"
(cd "$OUT/site" && "${TIME[@]}" "$HANDBOOK" build --root . --verbose)
ls -l "$OUT/site/public/contracts/large.html"
