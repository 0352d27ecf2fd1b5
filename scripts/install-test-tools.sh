#!/usr/bin/env bash
# System tools the tests need (not auditlint itself): Debian's chromium for
# the end-to-end browser test of `auditlint serve`.  Installed with apt-get
# when running as root (CI, a fresh machine); otherwise a note, and that test
# is skipped with the same note.
set -u
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "install-test-tools: installing chromium (Debian) for the browser test"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  command -v chromium >/dev/null 2>&1 && exit 0
fi
echo "install-test-tools: chromium is not installed; the browser test will be skipped (apt-get install chromium)"
exit 0
