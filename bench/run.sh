#!/usr/bin/env bash
# The benchmark in one command: Lockbox (published with Native AOT) against the classic
# Postfix + procmail + script setup, on this machine, on loopback, in the same run. As root it
# installs what it needs from Debian (clang and zlib1g-dev for Native AOT; postfix and
# procmail for the reference); without root it measures Lockbox alone. Extra arguments go to
# mailbench (e.g. --messages 200 for a short run). The table is printed and written to
# artifacts/bench/report.md.
set -euo pipefail
cd "$(dirname "$0")/.."

sink_port="${BENCH_REFERENCE_SINK_PORT:-10026}"
reference=()
if [ "$(id -u)" = 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  if ! dpkg -s clang >/dev/null 2>&1 || ! dpkg -s zlib1g-dev >/dev/null 2>&1; then
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends clang zlib1g-dev >/dev/null
  fi
  bench/reference/setup.sh --sink-port "$sink_port"
  reference=(--reference --reference-sink-port "$sink_port")
  # the reference runs only for the benchmark (BENCH_KEEP_REFERENCE=1 leaves it running)
  if [ "${BENCH_KEEP_REFERENCE:-0}" != 1 ]; then
    trap 'postfix stop >/dev/null 2>&1 || true' EXIT
  fi
else
  echo "run.sh: not root, so the reference is not installed; measuring Lockbox alone" >&2
fi

out=artifacts/bench
dotnet publish src/Lockbox -c Release -r linux-x64 -p:PublishAot=true -o "$out/lockbox" \
  -nologo -v q
dotnet build bench/Lockbox.Bench -c Release -o "$out/mailbench" -nologo -v q

"$out/mailbench/mailbench" --lockbox "$out/lockbox/Lockbox" "${reference[@]}" \
  --work "$out/run" --out "$out/report.md" "$@"
