#!/usr/bin/env bash
# Installs what the browser tests (tests/browser/) need from Debian: Chromium and CJK fonts.
# Runs before every `make test`; does nothing when both are there. Without root or apt-get it
# only says so, and the browser tests then skip (or fail, under CI=true).
set -euo pipefail

PACKAGES=(chromium fonts-noto-cjk)

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "浏览器测试需要的 Debian 软件包未安装：${missing[*]}。请以 root 运行 apt-get install ${missing[*]}；否则浏览器测试将跳过。" >&2
  exit 0
fi

echo "安装浏览器测试需要的软件包：${missing[*]} …" >&2
export DEBIAN_FRONTEND=noninteractive
# A failed install (no mirror reachable …) does not stop `make test`: the browser tests then say what is missing.
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }; then
  echo "未能安装 ${missing[*]}（见上面 apt-get 的提示）；浏览器测试将跳过，CI 中则失败。" >&2
fi
