#!/usr/bin/env python3
"""Benchmark: the archive (every feature on) against plain MkDocs + Material, on the same generated corpus.

    python scripts/bench.py --n 1000 5000 10000     # what `make bench` runs
    python scripts/bench.py --quick                 # N = 200, for development (`make bench N=200` is the same)

For each N: generate the corpus (scripts/gen_corpus.py) and build it
  (a) plain: MkDocs + Material with its search plugin, no hooks, no jieba (blocked even if installed);
  (b) archive: the project's own mkdocs.yml, hooks and all.
Each build runs --runs times, (a) and (b) taking turns (median wall time); peak RSS is the larger of the kernel's ru_maxrss
for the build process (what /usr/bin/time -v reports) and psutil's polled sum over its process tree (the build's RSS
plus each child's USS: a forked child's pages still shared with the build are counted once).
Then the site size, the search data (everything under site/search/) raw and gzipped (level 6), the
ratios b / a (wall time and CPU time: on a busy machine the CPU time is the fairer comparison),
how (b) scales between the smallest and largest N, and the time of a `mkdocs serve`
rebuild after editing one material (at N = 1,000, or the N closest to it). Writes bench.md (a table,
in Chinese, ready for docs/guide/performance.md) and bench.json into --out. No assertion on timings:
the numbers are for people to read.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import datetime as dt
import gzip
import itertools
import json
import os
import platform
import queue
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_corpus

ROOT = Path(__file__).resolve().parent.parent
# Where a site keeps what the browser downloads to search: Material's search_index.json lives here.
SEARCH_DIRS = ("search",)
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "PYTHONDONTWRITEBYTECODE": "1"}
# Python reads compiled modules even so: MkDocs and Material come compiled by pip, and the archive's own modules
# (hooks/) are compiled once before timing (main), as a user's first build leaves them. Else every (b) build
# would compile them again, 0.1 s that no user pays.
# Run MkDocs in-process from `python -c` so that (a) can be kept from importing jieba.
RUNNER = "import sys; {block}from mkdocs.__main__ import cli; sys.exit(cli(prog_name='mkdocs'))"
BLOCK_JIEBA = "sys.modules['jieba'] = None; "
VARIANTS = {"plain": "(a) MkDocs + Material", "archive": "(b) 学习档案"}

try:
    import psutil
except ImportError:  # the kernel's ru_maxrss alone is still a true peak
    psutil = None  # type: ignore[assignment]


@dataclass
class Run:
    seconds: float
    cpu_seconds: float
    """User + system CPU time: unlike wall time, barely changed by other work on the machine."""
    peak_rss_mb: float
    output: str
    code: int


def mkdocs_command(variant: str, *args: str) -> list[str]:
    return [sys.executable, "-c", RUNNER.format(block=BLOCK_JIEBA if variant == "plain" else ""), *args]


def plain_config(site: Path) -> Path:
    """mkdocs-plain.yml next to the archive's: same docs, theme and Markdown, only Material's search."""
    config = yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
    for key in ("hooks", "extra_css", "extra_javascript", "extra", "validation", "not_in_nav", "exclude_docs"):
        config.pop(key, None)
    theme = config.get("theme")
    if isinstance(theme, dict):
        theme.pop("custom_dir", None)
    search = [p for p in config.get("plugins") or [] if p == "search" or (isinstance(p, dict) and "search" in p)]
    config["plugins"] = search or [{"search": {"lang": "zh"}}]
    path = site / "mkdocs-plain.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def config_path(site: Path, variant: str) -> Path:
    return site / ("mkdocs-plain.yml" if variant == "plain" else "mkdocs.yml")


# --- measuring ---------------------------------------------------------------------------------

def measured(cmd: list[str], cwd: Path, log: Path) -> Run:
    """Run to completion; wall time, and peak RSS from wait4 and from polling the process tree."""
    with open(log, "w", encoding="utf-8") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=out, stderr=subprocess.STDOUT)
        polled = [0]
        stop = threading.Event()

        def poll() -> None:
            if psutil is None:
                return
            try:
                root = psutil.Process(proc.pid)
            except psutil.Error:
                return
            while not stop.is_set():
                total = 0
                try:
                    total = root.memory_info().rss
                    for p in root.children(recursive=True):
                        with contextlib.suppress(psutil.Error):  # a forked child's pages shared with the build are
                            total += p.memory_full_info().uss    # in the build's RSS already: its own pages only
                except psutil.Error:
                    break
                polled[0] = max(polled[0], total)
                stop.wait(0.05)

        watcher = threading.Thread(target=poll, daemon=True)
        watcher.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        stop.set()
        watcher.join()
    rss = max(usage.ru_maxrss * 1024, polled[0]) / 2**20  # ru_maxrss is in KiB on Linux
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, cpu, rss, log.read_text(encoding="utf-8", errors="replace"), proc.returncode)


def tree_size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def search_size(site_dir: Path) -> tuple[int, int]:
    raw = gz = 0
    for name in SEARCH_DIRS:
        for p in sorted((site_dir / name).rglob("*")) if (site_dir / name).is_dir() else []:
            if p.is_file():
                data = p.read_bytes()
                raw += len(data)
                gz += len(gzip.compress(data, compresslevel=6, mtime=0))
    return raw, gz


def build_variants(site: Path, runs: int, logs: Path) -> dict[str, dict]:
    """Each variant built ``runs`` times, taking turns (a, b, a, b …): a machine that slows down under sustained
    load (a burstable or throttled CPU) then slows both alike, instead of whichever runs last."""
    results: dict[str, list[Run]] = {variant: [] for variant in VARIANTS}
    loads: dict[str, float] = {}
    for k in range(runs):
        for variant in VARIANTS:
            # A new folder for every build, all removed at the end: on this machine's ext4, files created in the
            # minute after thousands were deleted cost up to a millisecond each (the kernel scans the recently
            # deleted inodes), which billed the previous build's clean-up to the next one, by its number of files.
            site_dir = site / f"site-{variant}-{k + 1}"
            shutil.rmtree(site_dir, ignore_errors=True)
            loads.setdefault(variant, os.getloadavg()[0])  # before its first build
            cmd = mkdocs_command(variant, "build", "--strict", "-f", str(config_path(site, variant)), "-d", str(site_dir))
            run = measured(cmd, site, logs / f"{site.name}-{variant}-{k + 1}.log")
            if run.code != 0:
                tail = "\n".join(run.output.splitlines()[-30:])
                raise SystemExit(f"{VARIANTS[variant]} 构建失败（N={site.name}，退出码 {run.code}）：\n{tail}")
            results[variant].append(run)
            print(f"  {VARIANTS[variant]}: 第 {k + 1} 次 {run.seconds:.1f} 秒（CPU {run.cpu_seconds:.1f} 秒），峰值内存 {run.peak_rss_mb:.0f} MB", flush=True)
    out = {variant: summary(site / f"site-{variant}-{runs}", results[variant], loads[variant]) for variant in VARIANTS}
    for k in range(runs):
        for variant in VARIANTS:
            shutil.rmtree(site / f"site-{variant}-{k + 1}", ignore_errors=True)
    return out


def summary(site_dir: Path, results: list[Run], load: float) -> dict:
    files, size = tree_size(site_dir)
    raw, gz = search_size(site_dir)
    warnings = [line for line in results[-1].output.splitlines() if line.startswith(("WARNING", "ERROR"))]
    return {
        "seconds": [round(r.seconds, 3) for r in results],
        "median_s": round(statistics.median(r.seconds for r in results), 3),
        "cpu_s": [round(r.cpu_seconds, 3) for r in results],
        "median_cpu_s": round(statistics.median(r.cpu_seconds for r in results), 3),
        "load_before": round(load, 2),
        "load_after": round(os.getloadavg()[0], 2),
        "peak_rss_mb": round(max(r.peak_rss_mb for r in results), 1),
        "site_files": files,
        "site_bytes": size,
        "search_bytes": raw,
        "search_gzip_bytes": gz,
        "warnings": len(warnings),
    }


# --- serve ---------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_rebuild(site: Path, variant: str, target: str, edits: int, timeout: float, first: int = 0) -> dict:
    """Start `mkdocs serve`, edit one material ``edits`` times, time each edit → "Reloading browsers"."""
    port = free_port()
    # --livereload: with click 8.3 and newer, `serve` otherwise neither watches nor rebuilds (platform.md).
    # --dirty for the archive, as `make serve` runs it (it rewrites only the changed pages, exactly); plain Material
    # rebuilds everything, since its --dirty leaves the other pages' navigation stale.
    dirty = ("--dirty",) if variant == "archive" else ()
    cmd = mkdocs_command(variant, "serve", "--livereload", *dirty, "-f", str(config_path(site, variant)), "-a", f"127.0.0.1:{port}")
    proc = subprocess.Popen(cmd, cwd=site, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, encoding="utf-8", errors="replace", start_new_session=True)
    lines: queue.Queue[tuple[float, str]] = queue.Queue()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put((time.perf_counter(), line.rstrip("\n")))

    threading.Thread(target=read, daemon=True).start()

    def wait_for(pattern: str, after: float, within: float = timeout) -> tuple[float, str]:
        deadline = time.perf_counter() + within
        while time.perf_counter() < deadline:
            try:
                at, line = lines.get(timeout=1)
            except queue.Empty:
                if proc.poll() is not None:
                    break
                continue
            if at >= after and re.search(pattern, line):
                return at, line
        raise SystemExit(f"{VARIANTS[variant]} 的 mkdocs serve 没有输出“{pattern}”（{timeout:.0f} 秒内）。")

    path = site / "docs" / target
    original = path.read_bytes()
    times, reported = [], []
    try:
        wait_for(r"Serving on", 0)
        time.sleep(1)
        for k in range(first, first + edits):
            while not lines.empty():
                lines.get_nowait()
            # The watcher may start a moment after "Serving on": an edit it missed is saved again.
            give_up = time.perf_counter() + timeout
            for attempt in itertools.count(1):
                start = time.perf_counter()
                path.write_bytes(original + f"\n补充说明（第 {k + 1} 次修改，第 {attempt} 次保存）。\n".encode())
                try:
                    _, built = wait_for(r"Documentation built in", start, within=min(30.0, max(1.0, give_up - start)))
                    break
                except SystemExit:
                    if time.perf_counter() >= give_up:
                        raise
            done, _ = wait_for(r"Reloading browsers", start)
            times.append(done - start)
            m = re.search(r"built in ([\d.]+) seconds", built)
            reported.append(float(m.group(1)) if m else None)
            print(f"  {VARIANTS[variant]}: serve 修改后第 {k + 1} 次重建 {times[-1]:.1f} 秒", flush=True)
            time.sleep(0.5)
    finally:
        path.write_bytes(original)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)  # serve removes its temporary site on Ctrl+C
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    return {"seconds": [round(t, 3) for t in times], "median_s": round(statistics.median(times), 3),
            "reported_s": reported}


# --- the report ----------------------------------------------------------------------------------

def ratio(b: float, a: float) -> float | None:
    return round(b / a, 2) if a else None


def mb(n: float) -> str:
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{n / 1024:.0f} KB"


def report(data: dict) -> str:
    out = [f"# 性能测试结果（{data['date']}）", "",
           f"机器：{data['machine']['cpus']} 核，{data['machine']['platform']}；Python {data['machine']['python']}，"
           f"MkDocs {data['machine']['mkdocs']}，Material {data['machine']['material']}。每个 N 构建 {data['runs']} 次取中位数；"
           f"语料种子 {data['seed']}。", "",
           "| N | 构建 | 用时（中位数） | CPU 时间 | 峰值内存 | 网站大小 | 文件数 | 搜索数据 | 搜索数据 gzip | 负载 |",
           "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for row in data["results"]:
        for variant in VARIANTS:
            v = row[variant]
            out.append(f"| {row['n']:,} | {VARIANTS[variant]} | {v['median_s']:.1f} 秒 | {v['median_cpu_s']:.1f} 秒 | {v['peak_rss_mb']:.0f} MB | "
                       f"{mb(v['site_bytes'])} | {v['site_files']:,} | {mb(v['search_bytes'])} | {mb(v['search_gzip_bytes'])} | {v['load_before']} |")
        r = row["ratios"]
        out.append(f"| {row['n']:,} | **b / a** | **{r['time']}** | **{r['cpu']}** | **{r['rss']}** | {r['site']} | | {r['search']} | {r['search_gzip']} | |")
    out += ["", "CPU 时间：构建进程的用户态加内核态时间。负载：开始构建时的 1 分钟平均负载；本机有 "
                f"{data['machine']['cpus']} 个核，负载高于核数说明有别的任务在抢 CPU，这时用时偏大，CPU 时间仍可比。"]
    scaling = data.get("scaling")
    if scaling:
        out += ["", f"(b) 的增长：N 从 {scaling['from']:,} 到 {scaling['to']:,}（{scaling['n_ratio']} 倍），用时 {scaling['time_ratio']} 倍"
                    f"（CPU 时间 {scaling['cpu_ratio']} 倍），峰值内存 {scaling['rss_ratio']} 倍；(a) 同期用时 {scaling['plain_time_ratio']} 倍。"]
    serve = data.get("serve")
    if serve:
        out += ["", f"`mkdocs serve` 中修改一份材料后的重建（N = {serve['n']:,}，从保存文件到“Reloading browsers”，{len(serve['archive']['seconds'])} 次取中位数）：",
                "", "| 构建 | 重建用时 | MkDocs 自报的构建用时 |", "| --- | --- | --- |"]
        for variant in VARIANTS:
            s = serve[variant]
            reported = [x for x in s["reported_s"] if x is not None]
            out.append(f"| {VARIANTS[variant]} | {s['median_s']:.1f} 秒 | {statistics.median(reported):.1f} 秒 |" if reported
                       else f"| {VARIANTS[variant]} | {s['median_s']:.1f} 秒 | — |")
        out.append(f"| **b / a** | **{serve['ratio']}** | |")
    prof = data.get("profile")
    if prof:
        out += ["", f"(b) 在 N = {prof['n']:,} 时一次构建的时间分布（pyinstrument，墙钟时间）：", "", "| 阶段 | 秒 | 占比 |", "| --- | --- | --- |"]
        for row in prof["phases"]:
            label = f"　└ {row['phase']}" if row["nested"] else row["phase"]
            out.append(f"| {label} | {row['seconds']:.1f} | {row['share'] * 100:.0f}% |")
    return "\n".join(out) + "\n"


def versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    def v(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "?"

    return {"cpus": os.cpu_count(), "platform": platform.platform(terse=True), "python": platform.python_version(),
            "mkdocs": v("mkdocs"), "material": v("mkdocs-material"), "jieba_installed": v("jieba") != "?"}


# Where the time of a build goes: (function, file path fragment, label, nested under the one before).
PHASES = (
    ("on_files", "studyarchive/mkdocs/mkdocs_adapter.py", "档案钩子 on_files：读取、解析、链接材料，生成索引页，写 archive.json 和搜索数据", False),
    ("build_archive", "studyarchive/link/pipeline.py", "其中核心 build_archive", True),
    ("write_search", "studyarchive/search/search.py", "其中搜索数据", True),
    ("on_page_markdown", "studyarchive/mkdocs/mkdocs_adapter.py", "档案钩子 on_page_markdown：材料页的 Markdown", False),
    ("render", "mkdocs/structure/pages.py", "Markdown 转 HTML（Python-Markdown）", False),
    ("on_page_content", "studyarchive/mkdocs/mkdocs_adapter.py", "档案钩子 on_page_content", False),
    ("on_page_context", "material/plugins/search/plugin.py", "Material 搜索插件建索引", False),
    ("cut", "jieba/__init__.py", "其中 jieba 分词", True),
    ("render", "jinja2/environment.py", "页面模板（Jinja2，含导航）", False),
)


def summarize(session_file: Path) -> list[dict]:
    """Seconds and share of the build in each phase (a frame counts once, not again inside itself)."""
    from pyinstrument.session import Session

    root = Session.load(str(session_file)).root_frame()
    total = root.time if root else 0.0
    spent = [0.0] * len(PHASES)

    def walk(frame, inside: frozenset[int]) -> None:
        hits = {i for i, (name, where, _, _) in enumerate(PHASES)
                if frame.function == name and where in (frame.file_path or "").replace("\\", "/")}
        for i in hits - inside:
            if PHASES[i][3] or not any(not PHASES[j][3] for j in inside):  # top-level phases never overlap
                spent[i] += frame.time
        for child in frame.children:
            walk(child, inside | hits)

    if root:
        walk(root, frozenset())
    rows: list[dict] = [{"phase": label, "nested": nested, "seconds": round(t, 2), "share": round(t / total, 3) if total else 0}
            for (_, _, label, nested), t in zip(PHASES, spent)]
    top = sum(r["seconds"] for r in rows if not r["nested"])
    rows.append({"phase": "其余（读写文件、导航、MkDocs 自身等）", "nested": False, "seconds": round(total - top, 2),
                 "share": round((total - top) / total, 3) if total else 0})
    return rows


def profile(site: Path, out: Path) -> list[dict]:
    """One (b) build under pyinstrument: the session, an HTML and a text report, and a summary by phase."""
    stem = out / f"profile-{site.name}"
    session = stem.with_suffix(".pyisession")
    cmd = [sys.executable, "-m", "pyinstrument", "-r", "pyisession", "-o", str(session), "-m", "mkdocs", "build",
           "-f", str(config_path(site, "archive")), "-d", str(site / "site-profile")]
    proc = subprocess.run(cmd, cwd=site, env=ENV, capture_output=True, text=True)
    shutil.rmtree(site / "site-profile", ignore_errors=True)
    if proc.returncode != 0:
        raise SystemExit(f"pyinstrument 运行失败：{proc.stderr[-2000:]}（需要 pyinstrument：make setup 会安装）")
    for renderer, suffix, extra in (("html", ".html", []),
                                    ("text", ".txt", ["--show-all", "-p", "processor_options.filter_threshold=0.005", "--no-color"])):
        subprocess.run([sys.executable, "-m", "pyinstrument", "--load", str(session), "-r", renderer, *extra,
                        "-o", str(stem.with_suffix(suffix))], check=True, capture_output=True)
    print(f"  剖析结果：{stem}.html、{stem}.txt", flush=True)
    return summarize(session)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="在同一份生成的语料上比较 MkDocs + Material 与学习档案的构建性能。")
    parser.add_argument("--n", type=int, nargs="+", help="材料份数，可以写多个（默认 1000 5000 10000）")
    parser.add_argument("--quick", action="store_true", help="快速模式：N = 200")
    parser.add_argument("--runs", type=int, default=3, help="每个 N 每种构建的次数（默认 3，取中位数）")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results", help="结果文件夹（默认 bench-results/）")
    parser.add_argument("--work", type=Path, help="语料和网站的工作文件夹（默认临时文件夹，结束后删除）")
    parser.add_argument("--keep", action="store_true", help="保留 --work 中生成的语料（网站照样删除）")
    parser.add_argument("--serve-n", type=int, default=1000, help="在哪个 N 上测 serve 重建（默认 1000，或最接近的 N）")
    parser.add_argument("--serve-edits", type=int, default=3, help="serve 中修改的次数（默认 3）")
    parser.add_argument("--no-serve", action="store_true", help="不测 serve 重建")
    parser.add_argument("--serve-timeout", type=float, default=1800, help="等待 serve 重建的最长秒数（默认 1800）")
    parser.add_argument("--profile", action="store_true", help="用 pyinstrument 剖析 (b) 在 serve-n 上的一次构建")
    args = parser.parse_args(argv)
    sizes = sorted(set([200] if args.quick and not args.n else args.n or [1000, 5000, 10000]))
    if any(n < 1 for n in sizes) or args.runs < 1:
        parser.error("N 和 --runs 都至少为 1")

    args.out = args.out.resolve()  # builds run in the corpus folder
    compileall.compile_dir(str(ROOT / "hooks"), quiet=1)
    args.out.mkdir(parents=True, exist_ok=True)
    work = args.work or Path(tempfile.mkdtemp(prefix="archive-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    logs = args.out / "logs"
    logs.mkdir(exist_ok=True)
    serve_n = min(sizes, key=lambda n: (abs(n - args.serve_n), n))
    data: dict = {"date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "machine": versions(), "runs": args.runs,
                  "seed": args.seed, "search_dirs": list(SEARCH_DIRS), "results": []}
    try:
        for n in sizes:
            site = work / str(n)
            print(f"N = {n}：生成语料……", flush=True)
            start = time.perf_counter()
            corpus = gen_corpus.generate(n, args.seed)
            gen_corpus.write_site(corpus, site)
            plain_config(site)
            row = {"n": n, "generate_s": round(time.perf_counter() - start, 2),
                   "corpus": {"materials": len(corpus.pages), "branches": len(corpus.branches),
                              "chars": sum(len(p.body) for p in corpus.pages)}}
            row |= build_variants(site, args.runs, logs)
            a, b = row["plain"], row["archive"]
            row["ratios"] = {"time": ratio(b["median_s"], a["median_s"]), "cpu": ratio(b["median_cpu_s"], a["median_cpu_s"]),
                             "rss": ratio(b["peak_rss_mb"], a["peak_rss_mb"]),
                             "site": ratio(b["site_bytes"], a["site_bytes"]), "search": ratio(b["search_bytes"], a["search_bytes"]),
                             "search_gzip": ratio(b["search_gzip_bytes"], a["search_gzip_bytes"])}
            data["results"].append(row)
            if n == serve_n and not args.no_serve:
                target = json.loads((site / "ground_truth.json").read_text(encoding="utf-8"))["edit_target"]
                serve = {"n": n, "material": target}
                rounds: dict[str, list[dict]] = {variant: [] for variant in VARIANTS}
                for k in range(args.serve_edits):  # taking turns, as the builds do
                    for variant in VARIANTS:
                        rounds[variant].append(serve_rebuild(site, variant, target, 1, timeout=args.serve_timeout, first=k))
                for variant, done in rounds.items():
                    times = [t for r in done for t in r["seconds"]]
                    serve[variant] = {"seconds": times, "median_s": round(statistics.median(times), 3),
                                      "reported_s": [t for r in done for t in r["reported_s"]]}
                serve["ratio"] = ratio(serve["archive"]["median_s"], serve["plain"]["median_s"])
                data["serve"] = serve
            if n == serve_n and args.profile:
                data["profile"] = {"n": n, "phases": profile(site, args.out)}
            if not args.keep:
                shutil.rmtree(site, ignore_errors=True)
            write_results(data, args.out)  # after every N: a long run that stops later keeps what it measured
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\n{report(data)}\n结果已写入 {args.out / 'bench.md'} 和 {args.out / 'bench.json'}")
    return 0


def write_results(data: dict, out: Path) -> None:
    first, last = data["results"][0], data["results"][-1]
    if last["n"] > first["n"]:
        data["scaling"] = {"from": first["n"], "to": last["n"], "n_ratio": round(last["n"] / first["n"], 2),
                           "time_ratio": ratio(last["archive"]["median_s"], first["archive"]["median_s"]),
                           "cpu_ratio": ratio(last["archive"]["median_cpu_s"], first["archive"]["median_cpu_s"]),
                           "rss_ratio": ratio(last["archive"]["peak_rss_mb"], first["archive"]["peak_rss_mb"]),
                           "plain_time_ratio": ratio(last["plain"]["median_s"], first["plain"]["median_s"])}
    (out / "bench.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (out / "bench.md").write_text(report(data), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
