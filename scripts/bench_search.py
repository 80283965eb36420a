#!/usr/bin/env python3
"""Measure the archive's search in Chromium: exact results, bytes transferred, time to results.

    python scripts/bench_search.py CORPUS [--out DIR]

CORPUS is a folder made by scripts/gen_corpus.py (its mkdocs.yml, docs/ and ground_truth.json). Building
10,000 pages with MkDocs takes long, and the search does not need them: this builds the corpus's site
without its materials (the home page, for the search box), then writes the search index of the whole
corpus into it (hooks/studyarchive/search/search.py, as the build does), serves it on 127.0.0.1 with
gzip at nginx's default level (1) and types every probe phrase of the ground truth into the search box
of a fresh Chromium (/usr/bin/chromium). For each query: whether the materials, problems and measures
found are exactly the ground truth's (those the members' site shows), the bytes transferred (encoded,
as the browser received them) and the milliseconds from the last keystroke to the results on screen.
The browser test tests/browser/test_search.py uses the same server and the same driver.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from studyarchive.search.search import MEASURE, PROBLEM, SiteIndex, write_search  # noqa: E402

GZIP_TYPES = {".html", ".js", ".css", ".json", ".svg", ".xml"}
GZIP_LEVEL = 1  # nginx's default gzip_comp_level
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-quic"]


# --- a static server that compresses like nginx (gzip on; gzip_types … application/javascript …) -----------

class GzipHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?")[0].endswith("/"):
            path = os.path.join(path, "index.html")
        suffix = os.path.splitext(path)[1]
        if suffix not in GZIP_TYPES or "gzip" not in self.headers.get("Accept-Encoding", "") or not os.path.isfile(path):
            return super().send_head()
        mtime = int(os.path.getmtime(path))
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                if parsedate_to_datetime(since).timestamp() >= mtime:
                    self.send_response(304)
                    self.end_headers()
                    return None
            except (TypeError, ValueError):
                pass
        with open(path, "rb") as fh:
            body = gzip.compress(fh.read(), compresslevel=GZIP_LEVEL, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", formatdate(mtime, usegmt=True))
        self.end_headers()
        return _Body(body)


class _Body:
    """What send_head returns: copyfile() reads it, then it is closed."""

    def __init__(self, data: bytes) -> None:
        self.data, self.done = data, False

    def read(self, size: int = -1) -> bytes:
        if self.done:
            return b""
        self.done = True
        return self.data

    def close(self) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a free port), gzip as nginx does; yields the site's URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# --- driving the search box ---------------------------------------------------------------------------------

class Meter:
    """Bytes the page received (encoded body + headers), from Playwright's request events."""

    def __init__(self, page) -> None:
        self.requests: list = []
        page.on("requestfinished", lambda request: self.requests.append(request))

    def take(self) -> tuple[int, list[str]]:
        total, names = 0, []
        for request in self.requests:
            sizes = request.sizes()
            total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
            names.append(request.url)
        self.requests.clear()
        return total, names


def ask(page, query: str, timeout: float = 30_000) -> dict:
    """Type ``query`` into the search box (replacing what is there); the state once its results are shown."""
    box = page.locator(".md-search__input")
    box.click()
    box.fill("")
    page.evaluate("window.__archiveSearch.state = null")
    page.keyboard.type(query)
    page.wait_for_function("q => { const s = window.__archiveSearch.state; return s && s.query === q; }", arg=query, timeout=timeout)
    return page.evaluate("window.__archiveSearch.state")


def named(index: SiteIndex, state: dict) -> dict[str, set[str]]:
    """The state's results as the ground truth names them: pages by path, items as path#1.2."""
    first: dict[int, int] = {}
    for r, d in enumerate(index.doc_of):
        first.setdefault(d, r)
    out: dict[str, set[str]] = {"pages": set(), "problems": set(), "measures": set()}
    for hit in state["docs"]:
        doc = hit["doc"]
        data = index.doc(doc)
        path = data["u"].removesuffix("/") + ".md"
        out["pages"].add(path)
        for record, kind in zip(hit["records"], hit["kinds"]):
            if kind in (PROBLEM, MEASURE):
                anchor = data["r"][record - first[doc]][0]
                out["problems" if kind == PROBLEM else "measures"].add(f"{path}#{anchor.split('-', 1)[1].replace('-', '.')}")
    return out


def expected(truth: dict, query: dict) -> dict[str, set[str]]:
    members = {p for p, m in truth["materials"].items() if m.get("audience", "members") == "members"}
    return {key: {x for x in query[key] if x.split("#")[0] in members} for key in ("pages", "problems", "measures")}


# --- the shell site ---------------------------------------------------------------------------------------

def shell_site(corpus: Path, out: Path) -> Path:
    """The corpus's site without its materials (the page around the search box), with the index of all of them."""
    from studyarchive.config.project import read_materials, read_vocabulary
    from studyarchive.link.pipeline import build_archive
    from studyarchive.mkdocs.mkdocs_config import load_project

    src = out / "src"
    shutil.rmtree(out, ignore_errors=True)
    (src / "docs").mkdir(parents=True)
    shutil.copy(corpus / "mkdocs.yml", src / "mkdocs.yml")
    shutil.copy(corpus / "vocabulary.yml", src / "vocabulary.yml")
    shutil.copytree(ROOT / "docs" / "assets", src / "docs" / "assets")  # today's search.js, not the corpus's copy
    shutil.copy(corpus / "docs" / "index.md", src / "docs" / "index.md")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(src / "mkdocs.yml"), "-d", str(out / "site")],
                           cwd=src, env=env, capture_output=True, text=True)
    if built.returncode:
        raise SystemExit(f"网站构建失败：\n{built.stdout}{built.stderr}")
    project = load_project(corpus / "mkdocs.yml")
    vocab = read_vocabulary(project.vocabulary, "vocabulary.yml")
    sources, _ = read_materials(project)
    archive = build_archive(sources, vocab, project.prefix)
    del sources
    write_search(str(out / "site"), archive, vocab, lambda path: path.removesuffix(".md") + "/")
    return out / "site"


def measure(site: Path, truth: dict) -> list[dict]:
    from playwright.sync_api import sync_playwright

    index = SiteIndex(str(site))
    rows = []
    with serve(site) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        for query in truth["queries"]:
            # A fresh context per query: its first query, nothing cached. Then one more query in the same page.
            context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
            page = context.new_page()
            meter = Meter(page)
            page.goto(url, wait_until="load")
            page_bytes, _ = meter.take()
            state = ask(page, query["phrase"])
            first_bytes, files = meter.take()
            got, want = named(index, state), expected(truth, query)
            again = ask(page, "联系群众" if query["phrase"] != "联系群众" else "形式主义")
            next_bytes, _ = meter.take()
            rows.append({
                "phrase": query["phrase"], "exact": got == want, "pages": len(got["pages"]), "problems": len(got["problems"]),
                "measures": len(got["measures"]), "page_bytes": page_bytes, "first_bytes": first_bytes,
                "first_files": len(files), "first_ms": state["ms"], "next_bytes": next_bytes, "next_ms": again["ms"],
            })
            context.close()
        browser.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="在 Chromium 中测量全文搜索：结果是否精确、每次查询传输的字节数和耗时。")
    parser.add_argument("corpus", type=Path, help="scripts/gen_corpus.py 生成的语料文件夹")
    parser.add_argument("--out", type=Path, default=None, help="放测试网站的文件夹（默认临时文件夹）")
    args = parser.parse_args(argv)
    truth = json.loads((args.corpus / "ground_truth.json").read_text(encoding="utf-8"))
    out = args.out or Path(tempfile.mkdtemp(prefix="bench-search-"))
    started = time.perf_counter()
    site = shell_site(args.corpus, out)
    print(f"网站和索引：{time.perf_counter() - started:.0f} 秒；索引 {sum(f.stat().st_size for f in (site / 'search').rglob('*') if f.is_file()) / 1e6:.1f} MB，"
          f"{sum(1 for f in (site / 'search').rglob('*') if f.is_file())} 个文件")
    rows = measure(site, truth)
    print("| 查询 | 精确 | 材料 | 问题 | 措施 | 首次查询传输 | 首次查询耗时 | 再次查询传输 | 再次查询耗时 |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['phrase']} | {'是' if r['exact'] else '否'} | {r['pages']} | {r['problems']} | {r['measures']} | "
              f"{r['first_bytes'] / 1024:.0f} KB（{r['first_files']} 个文件） | {r['first_ms']} ms | {r['next_bytes'] / 1024:.0f} KB | {r['next_ms']} ms |")
    first = [r["first_bytes"] for r in rows]
    print(f"首次查询：中位数 {statistics.median(first) / 1024:.0f} KB，最大 {max(first) / 1024:.0f} KB；"
          f"耗时中位数 {statistics.median(r['first_ms'] for r in rows)} ms，最大 {max(r['first_ms'] for r in rows)} ms；"
          f"再次查询：最大 {max(r['next_bytes'] for r in rows) / 1024:.0f} KB，耗时最大 {max(r['next_ms'] for r in rows)} ms；"
          f"页面本身 {statistics.median(r['page_bytes'] for r in rows) / 1024:.0f} KB")
    (out / "bench-search.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if all(r["exact"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
