#!/usr/bin/env bash
# Mutation check (docs/testing.md): break one constant, build, run the non-golden suites, restore.
# Usage: mutate.sh NAME FILE FROM TO
set -uo pipefail
name=$1 file=$2 from=$3 to=$4
grep -qF "$from" "$file" || { echo "$name: pattern not found in $file"; exit 2; }
python3 - "$file" "$from" "$to" <<'PY'
import sys; p,a,b=sys.argv[1:]; s=open(p).read(); open(p,'w').write(s.replace(a,b,1))
PY
swift build --build-tests 2>&1 | grep -E "error:" | head -5
swift test --skip-build --filter "InferCostCoreTests|InferCostEngineTests|InferCostCatalogTests" 2>&1 \
  | grep -E "^✘ Test [a-zA-Z]+\(.*(failed|recorded an issue)" | sed -E 's/ recorded an issue.*| failed after.*//' | sort -u > "/tmp/infercost-mutation-$name.txt"
git checkout -- "$file"
echo "== $name: $(wc -l < /tmp/infercost-mutation-$name.txt) failing test(s)"; cat "/tmp/infercost-mutation-$name.txt"
