#!/usr/bin/env bash
# The InferCost pull-request gate, shared by the GitHub Actions workflow and the GitLab CI job
# in this folder (docs/ci/README.md). Run from the repository root:
#
#   docs/ci/infercost-pr.sh BASE_REV [COMMENT_FILE]
#
# 1. `infercost diff --git BASE_REV...HEAD --format markdown` writes the pull-request comment
#    (with the policy's violations, when there is a policy) to COMMENT_FILE
#    (default infercost-comment.md);
# 2. `infercost check` gates every profile against the policy.
# Exits 0 when both pass, 3 on a policy violation, else the first failing command's status
# (65 bad input, 64 usage). The comment is written even when the gate fails, so CI can post it.
# Environment: INFERCOST (the binary, default `infercost`), INFERCOST_POLICY (default
# policy.yaml when it exists), INFERCOST_PROFILES (default Profiles), INFERCOST_FLAGS (extra
# flags for both commands, e.g. --physics-only).
set -uo pipefail
base="${1:?usage: infercost-pr.sh BASE_REV [COMMENT_FILE]}"
comment="${2:-infercost-comment.md}"
infercost="${INFERCOST:-infercost}"
profiles="${INFERCOST_PROFILES:-Profiles}"
policy="${INFERCOST_POLICY:-policy.yaml}"
read -r -a extra <<< "${INFERCOST_FLAGS:-}"
policy_flags=()
if [ -f "$policy" ]; then policy_flags=(--policy "$policy"); fi

"$infercost" diff --git "$base...HEAD" "$profiles" --format markdown "${policy_flags[@]}" "${extra[@]}" > "$comment"
diff_status=$?
"$infercost" check "$profiles" "${policy_flags[@]}" "${extra[@]}"
check_status=$?

for status in "$diff_status" "$check_status"; do
  if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then exit "$status"; fi
done
if [ "$diff_status" -eq 3 ] || [ "$check_status" -eq 3 ]; then exit 3; fi
exit 0
