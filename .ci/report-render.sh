#!/usr/bin/env bash
# The Excel report's chart as LibreOffice draws it (issue 22): a structural test of the chart XML cannot
# see that LibreOffice leaves a series without its own fill undrawn, so render the report of a demo-like
# judgement CSV headless and check the PDF: the method names are there, and the first page holds pixels of
# each series' colour (org.actionbench.reports.ChartPalette), i.e. the bars were drawn.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v soffice >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1; then
  apt-get install -y -q libreoffice-calc poppler-utils >/dev/null \
    || { apt-get update -q && apt-get install -y -q libreoffice-calc poppler-utils >/dev/null; }
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
./actionbench report reports/src/test/resources/demo-like-judgements.csv --xlsx "$out/report.xlsx" >/dev/null
soffice -env:UserInstallation="file://$out/profile" --headless --convert-to pdf --outdir "$out" "$out/report.xlsx" >/dev/null 2>&1
[ "$(stat -c %s "$out/report.pdf" 2>/dev/null || echo 0)" -gt 10000 ] || { echo "report render: no PDF" >&2; exit 1; }
text="$(pdftotext -f 1 -l 1 "$out/report.pdf" -)"
for name in "Accuracy (%) per method" stable-diffusion controlnet dreambooth textual-inversion reversion \
    custom-diffusion p-plus adi; do
  grep -qF -- "$name" <<<"$text" || { echo "report render: \"$name\" missing from page 1" >&2; exit 1; }
done
pdftoppm -f 1 -l 1 -r 40 -singlefile "$out/report.pdf" "$out/page" # binary PPM: header, then RGB bytes
read -r width height < <(sed -n 2p "$out/page.ppm")
pixels="$(tail -c $((width * height * 3)) "$out/page.ppm" | od -An -v -tx1 -w3)"
for colour in "00 72 b2" "e6 9f 00" "00 9e 73"; do
  count="$(grep -c " $colour\$" <<<"$pixels" || true)"
  [ "$count" -ge 50 ] || { echo "report render: only $count pixels of #${colour// /} on page 1: bars not drawn" >&2; exit 1; }
done
echo "report render: LibreOffice draws the chart's bars in all three series colours"
