#!/usr/bin/env bash
# What the Word-copy test needs from Debian: LibreOffice Writer without its GUI, with which tests/test_wordfile.py
# converts the .docx files of `archive docx` to PDF to count pages and read the — N — page numbers (Word itself
# cannot run here). About 150 MB; the fonts come from scripts/install-print.sh.
exec bash "$(dirname "$0")/apt-install.sh" Word文件测试 libreoffice-writer-nogui
