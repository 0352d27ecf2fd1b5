#!/usr/bin/env bash
# Optional, not needed by the tests: the real PDF producer that
# scripts/render_producers.py drives to make corpus/rendered/libreoffice*/.
# Debian's LibreOffice Writer (headless, no GUI) and two Chinese font sets
# (Noto CJK, WenQuanYi Micro Hei).  Installed with apt-get when running as
# root; otherwise a note, and nothing else needs it.
set -u
PKGS="libreoffice-writer-nogui fonts-noto-cjk fonts-wqy-microhei"
have_fonts() {
  command -v fc-list >/dev/null 2>&1 &&
    fc-list : family | grep -q "Noto Sans CJK SC" &&
    fc-list : family | grep -q "WenQuanYi Micro Hei"
}
if command -v soffice >/dev/null 2>&1 && have_fonts; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "install-producers: installing $PKGS (Debian) for scripts/render_producers.py"
  apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $PKGS >/dev/null ||
    # older releases have no -nogui package
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-writer fonts-noto-cjk fonts-wqy-microhei >/dev/null
  if command -v soffice >/dev/null 2>&1; then
    soffice --version
    exit 0
  fi
fi
echo "install-producers: LibreOffice is not installed; scripts/render_producers.py needs it (as root: apt-get install $PKGS)"
exit 0
