#!/usr/bin/env bash
# What the browser tests (tests/browser/) need from Debian: Chromium and CJK fonts. `make test` runs it.
exec bash "$(dirname "$0")/apt-install.sh" 浏览器测试 chromium fonts-noto-cjk
