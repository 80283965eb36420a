"""`make setup` on a fresh machine: a clean checkout, the machine's own Python and the pip it bundles, offline.

The index the installer sees first (a PEP 503 index on 127.0.0.1) serves a *newer* fonttools than the lock's, one
that weasyprint asks for with an extra (`fonttools[woff]`): the case that stopped every fresh set-up once the real
index served fonttools 4.69.1. Everything else comes from wheelhouse/ (`make wheelhouse`, which `make test` runs
first), so the test needs no network and installs what a user would get.
"""

from __future__ import annotations

import ast
import base64
import ensurepip
import functools
import hashlib
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT

WHEELHOUSE = ROOT / "wheelhouse"
# The machine's own Python, not the test's .venv: a fresh machine has nothing else.
BASE_PYTHON = getattr(sys, "_base_executable", sys.executable)
NEWER = "99.0.0"


def locked() -> dict[str, str]:
    """{canonical name: version} of every entry in requirements.lock, read independently of scripts/bootstrap.py."""
    pins = re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+) \\$", (ROOT / "requirements.lock").read_text(encoding="utf-8"), re.M)
    return {re.sub(r"[-_.]+", "-", name).lower(): version for name, version in pins}


def wheel(folder: Path, name: str, version: str, metadata: str) -> Path:
    """A minimal, valid pure-Python wheel, built here (no network, no build tool)."""
    path = folder / f"{name}-{version}-py3-none-any.whl"
    info = f"{name}-{version}.dist-info"
    files = {
        f"{name}_placeholder.py": "",
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n{metadata}",
        f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: test_setup\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    with zipfile.ZipFile(path, "w") as archive:
        for member, text in files.items():
            data = text.encode()
            archive.writestr(member, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record.append(f"{member},sha256={digest},{len(data)}")
        archive.writestr(f"{info}/RECORD", "\n".join([*record, f"{info}/RECORD,,"]) + "\n")
    return path


class Index(http.server.SimpleHTTPRequestHandler):
    requested: list[str]

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        self.requested.append(self.path)


@pytest.fixture
def newer_index(tmp_path: Path) -> Iterator[tuple[str, list[str]]]:
    """An index on 127.0.0.1 that holds fonttools 99.0.0 (with a `woff` extra) and nothing else."""
    root = tmp_path / "index"
    project = root / "simple" / "fonttools"
    project.mkdir(parents=True)
    whl = wheel(project, "fonttools", NEWER, 'Provides-Extra: woff\nRequires-Dist: brotli>=1.0.1; extra == "woff"\n')
    digest = hashlib.sha256(whl.read_bytes()).hexdigest()
    (project / "index.html").write_text(f'<html><body><a href="{whl.name}#sha256={digest}">{whl.name}</a></body></html>\n')
    requested: list[str] = []
    handler = type("Handler", (Index,), {"requested": requested})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/simple/", requested
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """The repository's files as a fresh clone of this working tree would have them: no .venv, no wheelhouse."""
    if not (WHEELHOUSE / ".complete").exists():
        reason = "wheelhouse/ 不完整：请先运行 make wheelhouse（make test 会自动运行）"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI 中必须运行安装测试，但{reason}", pytrace=False)
        pytest.skip(reason)
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    clone = tmp_path / "clone"
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, clone / name)
    return clone


def offline_env(tmp_path: Path, **pip: str) -> dict[str, str]:
    """The test's environment without this machine's pip settings (its pip.conf, find-links, caches)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "MAKE", "MFLAGS", "VIRTUAL_ENV"))}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_CACHE_DIR=str(tmp_path / "pip-cache"), PIP_DISABLE_PIP_VERSION_CHECK="1")
    env.update(pip)
    return env


def venv_python(clone: Path) -> Path:
    return clone / ".venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


def test_setup_installs_exactly_the_lock_from_the_bundled_pip(checkout: Path, newer_index: tuple[str, list[str]],
                                                                tmp_path: Path) -> None:
    index_url, requested = newer_index
    env = offline_env(tmp_path, PIP_INDEX_URL=index_url, PIP_FIND_LINKS=str(WHEELHOUSE))
    lock = locked()
    assert lock["fonttools"] != NEWER and lock["brotli"], "the lock must hold fonttools and its woff extra's brotli"

    # The starting point is the venv that the machine's Python makes, with the pip that ensurepip bundles.
    made = run([BASE_PYTHON, "-m", "venv", ".venv"], checkout, env)
    assert made.returncode == 0, made.stderr
    bundled = run([str(venv_python(checkout)), "-m", "pip", "--version"], checkout, env)
    assert bundled.stdout.split()[1] == ensurepip.version() != lock["pip"]

    setup = run(["make", "setup", f"PYTHON={BASE_PYTHON}"], checkout, env)
    output = setup.stdout + setup.stderr
    assert setup.returncode == 0, output
    assert any(path.startswith("/simple/fonttools/") for path in requested), "the newer fonttools was never offered"
    lines = setup.stdout.splitlines()
    assert "正在安装：在 .venv 中按 requirements.lock 安装锁定版本的 pip、依赖和 archive 命令（第一次需要几分钟）…" in lines
    assert f"安装完成：.venv 中的 {len(lock)} 个软件包与 requirements.lock 逐一相同，依赖齐全。" in lines
    assert "WARNING" not in output and "Warning" not in output

    # Installed versions equal the lock, line by line; the project itself is the only addition.
    listed = run([str(venv_python(checkout)), "-m", "pip", "list", "--format=json"], checkout, env)
    installed = {re.sub(r"[-_.]+", "-", d["name"]).lower(): d["version"] for d in json.loads(listed.stdout)}
    assert installed.pop("party-study-archive") == "0.1.0"
    assert sorted(f"{k}=={v}" for k, v in installed.items()) == sorted(f"{k}=={v}" for k, v in lock.items())

    # Quiet even where pip shows the build backend's output: no deprecation of the project's own metadata.
    rebuilt = run([str(venv_python(checkout)), "-m", "pip", "install", "-v", "--no-deps", "--no-build-isolation", "-e", "."],
                  checkout, env)
    assert rebuilt.returncode == 0 and "Successfully installed party-study-archive-0.1.0" in rebuilt.stdout
    assert "Warning" not in rebuilt.stdout + rebuilt.stderr

    # The archive command works from the fresh .venv.
    archive = checkout / ".venv" / ("Scripts/archive.exe" if os.name == "nt" else "bin/archive")
    checked = run([str(archive), "check", "--strict"], checkout, env)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    # Setting up again is a sync: what the lock does not list goes, and a missing extra's dependency is named.
    stray = wheel(tmp_path, "notlocked", "1.0", "")
    assert run([str(venv_python(checkout)), "-m", "pip", "install", "--no-deps", "-q", str(stray)], checkout, env).returncode == 0
    again = run([str(venv_python(checkout)), "scripts/bootstrap.py", "--verify"], checkout, env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert again.stdout.splitlines()[0] == "移除 requirements.lock 中没有的软件包：notlocked"
    assert not list((checkout / ".venv").glob("lib/python*/site-packages/notlocked*"))

    # pyproject.toml asks for more than the lock has: setup says so; `make lock` (--for-lock) goes on to relock.
    pyproject = checkout / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace('test = [\n', 'test = [\n    "notlocked>=1",\n', 1),
                         encoding="utf-8")
    ahead = run([BASE_PYTHON, "scripts/bootstrap.py"], checkout, env)  # what `make setup` runs once pyproject changed
    assert ahead.returncode == 1 and "  party-study-archive[test] 需要 notlocked>=1，但没有安装" in ahead.stdout.splitlines()
    relock = run([BASE_PYTHON, "scripts/bootstrap.py", "--for-lock"], checkout, env)  # what `make lock` runs first
    assert relock.returncode == 0, relock.stdout + relock.stderr

    assert run([str(venv_python(checkout)), "-m", "pip", "uninstall", "-y", "-q", "brotli"], checkout, env).returncode == 0
    broken = run([str(venv_python(checkout)), "scripts/bootstrap.py", "--verify"], checkout, env)
    assert broken.returncode == 1
    assert f"  brotli：锁定 {lock['brotli']}，没有安装" in broken.stdout.splitlines()
    assert any(re.fullmatch(r"  fonttools\[woff\] 需要 brotli>=[\d.]+，但没有安装", line) for line in broken.stdout.splitlines())
    assert broken.stdout.splitlines()[-1].startswith("安装未完成：requirements.lock 不完整或与安装结果不符（共 ")


def test_setup_says_in_chinese_what_to_check(checkout: Path, tmp_path: Path) -> None:
    """No index and no wheelhouse: pip's English error, then one Chinese line that says what to check."""
    env = offline_env(tmp_path, PIP_NO_INDEX="1", PIP_FIND_LINKS=str(tmp_path / "empty"))
    (tmp_path / "empty").mkdir()
    setup = run(["make", "setup", f"PYTHON={BASE_PYTHON}"], checkout, env)
    assert setup.returncode != 0
    assert setup.stdout.splitlines()[-1] == (
        "安装未完成：安装锁定版本的 pip 失败。请检查：网络是否通畅，或 PIP_INDEX_URL 所指的软件包源（内网镜像）是否可用；"
        "没有网络时用 PIP_NO_INDEX=1 PIP_FIND_LINKS=wheelhouse 从 make wheelhouse 准备的离线安装包安装。")
    assert not (checkout / ".venv" / ".installed").exists()


def test_old_python_gets_a_chinese_message_not_a_syntax_error(tmp_path: Path) -> None:
    """The version check runs before anything else; the script must parse on the Python it refuses."""
    source = (ROOT / "scripts" / "bootstrap.py").read_text(encoding="utf-8")
    ast.parse(source, feature_version=(3, 8))  # the syntax it uses is 3.8's
    fake = tmp_path / "bootstrap.py"
    fake.write_text(source.replace("MIN_PYTHON = (3, 11)", "MIN_PYTHON = (9, 0)"), encoding="utf-8")
    done = subprocess.run([sys.executable, str(fake)], capture_output=True, text=True)
    assert done.returncode == 1
    major, minor = sys.version_info[:2]
    assert done.stdout.splitlines()[-1] == (
        f"安装未完成：需要 Python 9.0 或更新版本，现在运行的是 {major}.{minor}（{sys.executable}）。"
        "请安装新版 Python，或用 make setup PYTHON=python3.11 指定。")
