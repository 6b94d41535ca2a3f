#!/usr/bin/env bash
# Runs every Lockbox test on a fresh machine: installs what the tests drive (the age tool, swaks
# with its TLS module, Python for pty-driven age prompts and smtplib), builds, runs the whole
# suite, and ends with the line "N passed, N failed". Exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends \
    age swaks libnet-ssleay-perl python3 >/dev/null \
    || { echo "apt-get install failed" >&2; exit 1; }
fi
for tool in age swaks python3; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool (run as root to install)" >&2; exit 1; }
done

results=artifacts/test-results
rm -rf "$results"
dotnet build Lockbox.slnx -c Release -nologo -v q || { echo "0 passed, 1 failed"; exit 1; }
dotnet test Lockbox.slnx -c Release --no-build -nologo \
  --logger "trx;LogFileName=lockbox.trx" --logger "console;verbosity=normal" \
  --results-directory "$results"
status=$?

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1   # the run itself broke (build, crash, timeout): never report it as green
fi
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
