#!/usr/bin/env bash
# drift-check.sh [DIR] — report whether the real infrastructure still matches
# the Terraform configuration in DIR (default: the current directory).
#
# Exit codes: 0 no drift, 2 drift detected, 1 the check itself failed.
# Extra arguments for `terraform plan` can be passed in TF_PLAN_ARGS
# (for example TF_PLAN_ARGS="-var-file=prod.tfvars"); TERRAFORM names the
# CLI to run (default terraform; for example TERRAFORM=tofu).
#
# Downloaded files: every CI run starts on a fresh worker, so a file an
# earlier apply downloaded to output_path is missing here. With the default
# restore_missing_file = true that is drift (exit 2, an in-place download).
# Set restore_missing_file = false on telemetry_cls_export and
# telemetry_baremetal_log_export when the file only matters on the machine
# that applied: a missing file is then no drift, a changed one still is.
set -uo pipefail

dir="${1:-.}"
cd "$dir" || { echo "drift-check: cannot enter $dir" >&2; exit 1; }

out="$(mktemp)"
trap 'rm -f "$out"' EXIT

# -lock=false: a read-only check must not block a concurrent apply.
# shellcheck disable=SC2086
"${TERRAFORM:-terraform}" plan -detailed-exitcode -input=false -lock=false -no-color ${TF_PLAN_ARGS:-} >"$out" 2>&1
code=$?

case $code in
  0)
    echo "drift-check: no drift"
    ;;
  2)
    echo "drift-check: drift detected"
    # The resource lines of the plan say what changed and how.
    grep -E '^\s+# .* (will be|must be)|^Plan:' "$out" || cat "$out"
    ;;
  *)
    echo "drift-check: terraform plan failed (exit $code)" >&2
    cat "$out" >&2
    code=1
    ;;
esac
exit $code
