#!/usr/bin/env bash
# What printing needs from Debian: Pango for WeasyPrint (the server-side PDF), the Chinese fallback fonts that
# docs/assets/print.css names (Noto CJK for 仿宋/宋体/黑体, AR PL UKai and LXGW WenKai for 楷体, AR PL UMing as a
# second 仿宋/宋体) and poppler-utils (pdftotext/pdftoppm, with which the print tests read PDFs back).
exec bash "$(dirname "$0")/apt-install.sh" 打印测试 libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
  fonts-noto-cjk fonts-arphic-ukai fonts-arphic-uming fonts-lxgw-wenkai poppler-utils
