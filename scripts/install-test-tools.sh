#!/usr/bin/env bash
# System tools the tests need (not auditlint itself), from Debian's packages:
#   chromium                  the end-to-end browser tests (auditlint serve, the HTML report)
#   libreoffice-writer-nogui  .doc/.wps input (converted to .docx) and the Word-comments test
# Installed with apt-get when running as root (CI, a fresh machine); otherwise
# a note, and the tests that need a missing tool are skipped with the same note.
set -u
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "install-test-tools: installing ${need[*]} (Debian) for the tests"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
for t in chromium soffice; do
  command -v "$t" >/dev/null 2>&1 || echo "install-test-tools: $t is not installed; the tests that need it will be skipped"
done
exit 0
