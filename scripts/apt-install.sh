#!/usr/bin/env bash
# apt-install.sh PURPOSE PACKAGE...: install the Debian packages that some tests need, when missing and
# we are root (CI runs as root on a fresh machine). Does nothing when all are there. Without root or
# apt-get it only says so in one line; the tests that need them then skip (or fail, under CI=true).
# A package this Debian release does not have is left out with a note.
set -euo pipefail

purpose=$1
shift
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "${purpose}需要的 Debian 软件包未安装：${missing[*]}。请以 root 运行 apt-get install ${missing[*]}；否则${purpose}将跳过。" >&2
  exit 0
fi

echo "安装${purpose}需要的软件包：${missing[*]} …" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
available=()
for pkg in "${missing[@]}"; do
  if apt-cache show "$pkg" >/dev/null 2>&1; then available+=("$pkg"); else echo "本系统没有软件包 $pkg，跳过。" >&2; fi
done
[ ${#available[@]} -eq 0 ] || apt-get install -y -qq --no-install-recommends "${available[@]}" >/dev/null
