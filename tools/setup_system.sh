#!/usr/bin/env bash
# Install the system programs vanban needs, only where missing (idempotent):
# Tesseract with its Vietnamese model (OCR of scanned PDFs), LibreOffice Writer
# (.doc/.rtf conversion, sample PDFs) and Calc (the test that vanban.xlsx converts), poppler-utils (pdftoppm, pdfinfo), qpdf
# (encrypted-PDF test fixture), Chromium (headless test of the HTML report), Liberation
# fonts (sample PDFs). tesserocr (pyproject.toml) reads Debian's Vietnamese model; its wheel
# bundles libtesseract, and where pip has to build it from source it needs
# libtesseract-dev, libleptonica-dev and pkg-config.
set -euo pipefail
need=()
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
{ command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx vie; } || need+=(tesseract-ocr-vie)
dpkg -s libtesseract-dev >/dev/null 2>&1 || need+=(libtesseract-dev)
dpkg -s libleptonica-dev >/dev/null 2>&1 || need+=(libleptonica-dev)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
[ -e /usr/lib/libreoffice/program/libsclo.so ] || need+=(libreoffice-calc-nogui)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || need+=(qpdf)
# the sample and test PDFs are typeset in Liberation fonts; with DejaVu Mono instead the
# scanned-page OCR test reads `Kê hoạch` for `Kế hoạch`
{ command -v fc-list >/dev/null 2>&1 && fc-list | grep -q "Liberation Serif"; } || need+=(fonts-liberation2)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "setup: installing ${need[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
