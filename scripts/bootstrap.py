#!/usr/bin/env python3
"""`make setup` (and the Windows steps in CONTRIBUTING.md): make .venv hold exactly requirements.lock.

Why this is a script and not three pip lines in the Makefile: the pip that a user's Python bundles (Python 3.11.7
ships pip 23.2.1) must not decide whether the lock installs. Old resolvers read a dependency's extra
(weasyprint's `fonttools[woff]`) as a second, unpinned requirement and refuse the lock as soon as the index serves
a newer fonttools. So:

1. the Python's own pip (ensurepip) installs only the locked, hash-checked pip and setuptools, two wheels with no
   dependencies, which any pip since 8 can do;
2. that pip installs every file of the lock with `--no-deps`: exactly the listed versions, no resolver, so
   nothing the index serves later and no extra written by a dependency can change what is installed;
3. the project itself, editable, built with the locked setuptools (no build isolation: nothing unpinned is fetched);
4. a check inside .venv: what is not in the lock is removed, every locked version is installed, and every
   requirement of every installed package, the extras they ask of each other included, is met. `--no-deps` trusts
   the lock to be complete; this is where an incomplete lock is caught, with a message instead of an ImportError.

Runs on any Python 3 that can parse it, so that an old Python gets a Chinese message rather than a SyntaxError.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
VENV = ROOT / ".venv"
MIN_PYTHON = (3, 11)
# Installed first, by whatever pip the Python bundles: the installer and the build backend.
INSTALLER = ("pip", "setuptools")
PIP_QUIET = ["--quiet", "--disable-pip-version-check", "--no-input"]

CHECK_SOURCES = "网络是否通畅，或 PIP_INDEX_URL 所指的软件包源（内网镜像）是否可用；没有网络时用 PIP_NO_INDEX=1 PIP_FIND_LINKS=wheelhouse 从 make wheelhouse 准备的离线安装包安装"


class SetupError(Exception):
    """A step failed; the message is the one Chinese line that says what to check."""


def say(line: str) -> None:
    print(line, flush=True)


def canonical(name: str) -> str:
    """A distribution's name as PEP 503 compares it (Jinja2, jinja2 and jinja_2 are one)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def lock_entries(text: str) -> dict[str, tuple[str, str]]:
    """{name: (version, the entry's text with its hashes)} of a pip-compile lock."""
    entries: dict[str, tuple[str, str]] = {}
    name = ""
    for line in text.splitlines():
        head = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", line)
        if head:
            name = canonical(head.group(1))
            entries[name] = (head.group(2), line.rstrip() + "\n")
        elif name and line.startswith((" ", "\t")) and "--hash=" in line:
            version, block = entries[name]
            entries[name] = (version, block + line.rstrip() + "\n")
        elif not line.startswith((" ", "\t")):
            name = ""
    return entries


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def run(args: list[str], failure: str) -> None:
    try:
        done = subprocess.run(args, cwd=str(ROOT))
    except OSError as exc:
        raise SetupError(f"{failure}（{exc}）") from None
    if done.returncode != 0:
        raise SetupError(failure)


def usable_venv() -> bool:
    """A .venv whose Python starts and is new enough (one made by an older or removed Python is made anew)."""
    try:
        done = subprocess.run(
            [str(venv_python()), "-c", f"import sys; sys.exit(sys.version_info < {MIN_PYTHON!r})"],
            capture_output=True,
        )
    except OSError:
        return False
    return done.returncode == 0


def setup(for_lock: bool = False) -> None:
    if sys.version_info < MIN_PYTHON:
        raise SetupError(
            f"需要 Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} 或更新版本，现在运行的是 {sys.version_info[0]}.{sys.version_info[1]}"
            f"（{sys.executable}）。请安装新版 Python，或用 make setup PYTHON=python3.11 指定。"
        )
    try:
        entries = lock_entries(LOCK.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SetupError(f"读不到 {LOCK.name}（{exc.strerror}）：请在仓库文件夹里运行，或重新取出仓库。") from None
    missing = [name for name in INSTALLER if name not in entries]
    if missing:
        raise SetupError(f"{LOCK.name} 中没有 {'、'.join(missing)}：请用 make lock 重新生成（见 README“锁定与升级”）。")

    if not usable_venv():
        run(
            [sys.executable, "-m", "venv", "--clear", str(VENV)],
            "创建 .venv 失败：请确认这个 Python 带有 venv 和 ensurepip（Debian/Ubuntu 上要安装 python3-venv），并且仓库文件夹可写。",
        )
    python = str(venv_python())

    # 1. The bundled pip installs the locked pip and setuptools only: two wheels, no resolver involved.
    with tempfile.TemporaryDirectory() as tmp:
        first = Path(tmp) / "installer.txt"
        first.write_text("".join(entries[name][1] for name in INSTALLER), encoding="utf-8")
        run(
            [python, "-m", "pip", "install", *PIP_QUIET, "--require-hashes", "--no-deps", "-r", str(first)],
            f"安装锁定版本的 pip 失败。请检查：{CHECK_SOURCES}。",
        )
    # 2. Every locked file, exactly: --no-deps leaves nothing for a resolver to decide.
    run(
        [python, "-m", "pip", "install", *PIP_QUIET, "--require-hashes", "--no-deps", "--no-build-isolation", "-r", str(LOCK)],
        f"按 {LOCK.name} 安装依赖失败。请检查：{CHECK_SOURCES}；Python 版本需要 3.11 或更新。",
    )
    # 3. The project (the `archive` command), built by the locked setuptools.
    run(
        [python, "-m", "pip", "install", *PIP_QUIET, "--no-deps", "--no-build-isolation", "-e", str(ROOT)],
        "安装本项目（archive 命令）失败：请确认仓库文件完整（pyproject.toml、hooks/），必要时重新取出仓库。",
    )
    # 4. Inside .venv, where `packaging` (locked) is importable.
    run([python, str(Path(__file__).resolve()), "--verify", *(["--for-lock"] if for_lock else [])],
        "安装结果与 requirements.lock 不符，见上面的说明。")


def verify(for_lock: bool = False) -> None:
    """Runs in .venv: remove what the lock does not list, then check versions and every requirement.

    ``for_lock`` (`make lock`): pyproject.toml may ask for what the lock does not have yet (that is why the lock is
    being made again), so the project's own requirements are not checked, only those of the locked packages."""
    import importlib.metadata as metadata
    import tomllib

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    entries = lock_entries(LOCK.read_text(encoding="utf-8"))
    project = canonicalize_name(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["name"])
    dists: dict[str, metadata.Distribution] = {canonicalize_name(d.metadata["Name"]): d for d in metadata.distributions()}

    extra = sorted(set(dists) - set(entries) - {project})
    if extra:
        say(f"移除 requirements.lock 中没有的软件包：{'、'.join(extra)}")
        run([sys.executable, "-m", "pip", "uninstall", *PIP_QUIET, "--yes", *extra], "移除多余的软件包失败。")
        for name in extra:
            del dists[name]

    problems = [
        f"{name}：锁定 {version}，" + (f"安装的是 {dists[name].version}" if name in dists else "没有安装")
        for name, (version, _) in sorted(entries.items())
        if name not in dists or dists[name].version != version
    ]
    # Every requirement of every installed package, and of each extra that some package asks for
    # (weasyprint asks fonttools for [woff]); the project with all its extras, as the lock was made.
    todo = [(name, "") for name in dists if not (for_lock and name == project)]
    if project in dists and not for_lock:
        todo += [(project, e) for e in dists[project].metadata.get_all("Provides-Extra") or []]
    seen: set[tuple[str, str]] = set()
    while todo:
        name, wanted_extra = todo.pop()
        if (name, wanted_extra) in seen or name not in dists:
            continue
        seen.add((name, wanted_extra))
        for text in dists[name].requires or []:
            req = Requirement(text)
            if req.marker is not None and not req.marker.evaluate({"extra": wanted_extra}):
                continue
            dep = canonicalize_name(req.name)
            label = f"{name}[{wanted_extra}]" if wanted_extra else name
            wants = req.name + (f"[{','.join(sorted(req.extras))}]" if req.extras else "") + str(req.specifier)
            if dep not in dists:
                problems.append(f"{label} 需要 {wants}，但没有安装")
            elif not req.specifier.contains(dists[dep].version, prereleases=True):
                problems.append(f"{label} 需要 {wants}，安装的是 {dists[dep].version}")
            todo += [(dep, e) for e in sorted(req.extras)]
    if problems:
        for line in problems:
            say(f"  {line}")
        raise SetupError(f"{LOCK.name} 不完整或与安装结果不符（共 {len(problems)} 处）：请运行 make lock 重新生成后再 make setup（见 README“锁定与升级”）。")
    say(f"安装完成：.venv 中的 {len(entries)} 个软件包与 {LOCK.name} 逐一相同，依赖齐全。")


def main() -> int:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure:
            reconfigure(errors="replace")  # a console that cannot show Chinese still gets the rest of the line
    try:
        args = sys.argv[1:]
        if args[:1] == ["--verify"]:
            verify(for_lock="--for-lock" in args)
        else:
            started = time.monotonic()
            say("正在安装：在 .venv 中按 requirements.lock 安装锁定版本的 pip、依赖和 archive 命令（第一次需要几分钟）…")
            setup(for_lock="--for-lock" in args)
            say(f"用时 {time.monotonic() - started:.0f} 秒。")
    except SetupError as exc:
        say(f"安装未完成：{exc}")
        return 1
    except KeyboardInterrupt:
        say("安装已中断；再次运行 make setup 会接着安装。")
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
