# 党支部学习档案：常用命令（说明见 README.md）。
# The only prerequisite is Python >= 3.11; everything else is installed into .venv from requirements.lock.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Material 9.8 and some plugins print an end-of-life banner; it means nothing to our users.
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: setup check serve build build-committee serve-committee test lint fuzz mutation clean lock upgrade wheelhouse bench

setup: $(STAMP)

# scripts/bootstrap.py says why the locked pip is installed first and everything with --no-deps.
$(STAMP): requirements.lock pyproject.toml scripts/bootstrap.py
	$(PYTHON) scripts/bootstrap.py
	touch $(STAMP)

# 本机预览：http://127.0.0.1:8000 ，修改材料后页面自动刷新。
serve: setup
	$(BIN)/mkdocs serve --dirty --livereload --dev-addr 127.0.0.1:8000

# 严格构建到 site/：有任何错误或警告都会失败。
build: setup
	$(BIN)/mkdocs build --strict

# 支委网站（含仅支委可见的材料）构建到 site-committee/，预览在 http://127.0.0.1:8001 。
build-committee: setup
	$(BIN)/mkdocs build --strict -f mkdocs-committee.yml

serve-committee: setup
	$(BIN)/mkdocs serve --dirty --livereload --dev-addr 127.0.0.1:8001 -f mkdocs-committee.yml

# The browser tests need Debian's chromium and CJK fonts, the print tests Pango, more Chinese fonts and
# poppler-utils, the Word-copy test LibreOffice Writer (about 40 s to install, 20 s to run), the deployment test
# nginx: installed here when missing and we are root.
test: setup wheelhouse
	bash scripts/install-browser.sh
	bash scripts/install-print.sh
	bash scripts/install-office.sh
	bash scripts/apt-install.sh 部署测试 nginx-light
	$(BIN)/python -m pytest

# Style and types (the `lint` extra; rules and reasons in pyproject.toml). `make test` runs the same two commands in
# tests/test_lint.py, which shows their findings when it fails.
lint: setup
	$(BIN)/ruff check hooks scripts tests
	$(BIN)/mypy

# Property tests with many more examples from random seeds (`make test` runs them derandomized: tests/conftest.py).
# A failure prints its example: keep it as an @example(...) on the test, so that `make test` catches it from then on.
FUZZ_TESTS = $(shell grep -l "^@given" tests/test_*.py)
fuzz: setup
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -p no:cacheprovider $(FUZZ_TESTS)

# Mutation testing of the core (not part of `make test`: it runs the tests once for every mutant; see
# scripts/mutation.py). make mutation MODULES="markers sanitize" limits it to some modules; the report is written
# to mutation-results/.
MODULES ?= frontmatter outline markers numbering linker gate privacy markings sanitize escaping search searchindex ledger sheets export
mutation: setup
	$(BIN)/python scripts/mutation.py $(MODULES)

# 性能测试：在生成的 N 份材料上比较 MkDocs + Material 与本档案（见 docs/guide/performance.md）。
# make bench N=200 是开发时的快速模式；结果写入 bench-results/。
N ?= 1000 5000 10000
bench: setup
	$(BIN)/python scripts/bench.py --n $(N) $(BENCH_FLAGS)

# 按构建的规则检查全部材料，不生成网站（几秒钟；提交前、合并请求里用，见 CONTRIBUTING.md）。
check: setup
	$(BIN)/archive check --strict

# Refresh requirements.lock after changing the ranges in pyproject.toml (see README). pip-tools is itself locked
# (the `installer` extra); --allow-unsafe writes pip and setuptools into the lock, which bootstrap.py installs first.
# It installs the current lock without checking it against pyproject.toml, which may already ask for more.
lock:
	$(PYTHON) scripts/bootstrap.py --for-lock
	$(BIN)/pip-compile --quiet $(LOCK_FLAGS) --allow-unsafe --generate-hashes --all-extras --strip-extras --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

# Move every pin to the newest version the ranges allow (see docs/guide/maintenance.md), then run `make test`.
upgrade:
	$(MAKE) lock LOCK_FLAGS=--upgrade

# Keep every locked file, the installer and jieba's build backend included, for installing without internet:
#   PIP_NO_INDEX=1 PIP_FIND_LINKS=$PWD/wheelhouse make setup
# The setup test (tests/test_setup.py) installs a clean clone from it, offline.
WHEELHOUSE_STAMP := wheelhouse/.complete
wheelhouse: $(WHEELHOUSE_STAMP)

$(WHEELHOUSE_STAMP): requirements.lock $(STAMP)
	@echo "下载 requirements.lock 中的全部安装文件到 wheelhouse/（供离线安装和安装测试）…"
	$(BIN)/python -m pip download --quiet --disable-pip-version-check --require-hashes --no-deps --no-build-isolation -d wheelhouse -r requirements.lock
	touch $(WHEELHOUSE_STAMP)

clean:
	rm -rf site site-committee $(VENV)
