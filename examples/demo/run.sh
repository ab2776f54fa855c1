#!/usr/bin/env bash
# make demo: start the emulator on a free port, apply examples/demo with the
# freshly built provider (dev_overrides), prove the plan is clean, show what
# was created, destroy it, and stop the emulator. Leaves nothing running and
# nothing in the working tree.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
bin="$root/bin"
for b in terraform-provider-telemetry telemetry-emulator; do
  [ -x "$bin/$b" ] || { echo "demo: $bin/$b is missing; run make build" >&2; exit 1; }
done
command -v terraform >/dev/null || { echo "demo: the terraform CLI is not on PATH" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/telemetry-demo.XXXXXX")"
emu_pid=""
cleanup() {
  status=$?
  if [ -n "$emu_pid" ] && kill -0 "$emu_pid" 2>/dev/null; then
    kill "$emu_pid" 2>/dev/null || true
    wait "$emu_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
  exit $status
}
trap cleanup EXIT INT TERM

# Start the emulator and read its address from the first line it prints.
mkfifo "$work/emu.out"
# EMULATOR_FLAGS passes emulator modes through, e.g.
#   make demo EMULATOR_FLAGS="-page-cap 7 -visibility-lag-ms 2000 -normalize"
# shellcheck disable=SC2086 # word splitting of the flags is intended
"$bin/telemetry-emulator" -listen 127.0.0.1:0 ${EMULATOR_FLAGS:-} >"$work/emu.out" 2>"$work/emu.err" &
emu_pid=$!
exec 3<"$work/emu.out"
if ! read -r -t 20 line <&3; then
  echo "demo: the emulator did not start:" >&2; cat "$work/emu.err" >&2; exit 1
fi
# Keep draining the emulator's stdout so it never blocks on a full pipe.
cat <&3 >/dev/null &
endpoint="${line##* }"
echo "==> emulator listening on $endpoint${EMULATOR_FLAGS:+ (modes: $EMULATOR_FLAGS)}"

cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "cloud-telemetry/telemetry" = "$bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc"
export TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
mkdir -p "$work/config" "$work/output"
cp "$root"/examples/demo/*.tf "$work/config/"
cd "$work/config"

vars=(-var "emulator_endpoint=$endpoint")
if grep -q 'variable "demo_output_dir"' ./*.tf; then
  vars+=(-var "demo_output_dir=$work/output")
fi

tf() { terraform "$@" -no-color 2> >(grep -v -e 'Provider development overrides are in effect' -e 'dev_overrides' -e 'The following provider development overrides' -e '^ - cloud-telemetry' -e 'skip terraform init' -e 'may not work as expected' >&2); }

echo "==> terraform apply"
tf apply -auto-approve -input=false "${vars[@]}" >"$work/apply.log" || { cat "$work/apply.log"; exit 1; }
tail -n 3 "$work/apply.log"

echo "==> terraform plan -detailed-exitcode (must be clean right after apply)"
set +e
tf plan -detailed-exitcode -input=false "${vars[@]}" >"$work/plan.log"
code=$?
set -e
if [ $code -ne 0 ]; then
  cat "$work/plan.log"; echo "demo: plan after apply exited $code (want 0: no changes)" >&2; exit 1
fi
echo "no changes: the plan is clean"

echo "==> what was created"
tf state list
tf output

echo "==> terraform destroy"
tf destroy -auto-approve -input=false "${vars[@]}" >"$work/destroy.log" || { cat "$work/destroy.log"; exit 1; }
tail -n 1 "$work/destroy.log"
echo "==> demo finished: emulator stopped, scratch directory removed"
