#!/usr/bin/env bash
# Installs what printing needs from Debian: Pango for WeasyPrint (the server-side PDF), the Chinese
# fallback fonts that docs/assets/print.css names (Noto CJK for 仿宋/宋体/黑体, AR PL UKai and LXGW WenKai
# for 楷体, AR PL UMing as a second 仿宋/宋体) and poppler-utils (pdftotext/pdftoppm, which the print tests
# use to read PDFs back). Runs before every `make test`; does nothing when all are there. Without root or
# apt-get it only says so, and the print tests then skip (or fail, under CI=true).
set -euo pipefail

PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk fonts-arphic-ukai fonts-arphic-uming
  fonts-lxgw-wenkai poppler-utils)

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "打印测试需要的 Debian 软件包未安装：${missing[*]}。请以 root 运行 apt-get install ${missing[*]}；否则打印测试将跳过。" >&2
  exit 0
fi

echo "安装打印需要的软件包：${missing[*]} …" >&2
export DEBIAN_FRONTEND=noninteractive
# A package that this Debian release does not have (fonts-lxgw-wenkai came with bookworm) is left out.
available=()
apt-get update -qq
for pkg in "${missing[@]}"; do
  if apt-cache show "$pkg" >/dev/null 2>&1; then available+=("$pkg"); else echo "本系统没有软件包 $pkg，跳过。" >&2; fi
done
[ ${#available[@]} -eq 0 ] || apt-get install -y -qq --no-install-recommends "${available[@]}" >/dev/null
