"""Server-side PDF with WeasyPrint: a material, a campaign's bound volume (汇编) or its ledger, from a built site.

The PDF holds the page's article only, laid out by docs/assets/print.css (the same rules the browser
prints with): page numbers — 1 — that old office browsers cannot draw, the volume's contents with page
numbers (target-counter) and bookmarks from the headings. Links keep only their in-document targets,
so no intranet address ends up in the file. WeasyPrint is the optional `print` dependency group.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..core.escaping import Html, template
from ..core.naming import dest_uri

ARTICLE_RE = re.compile(r"<article\b[^>]*>(.*?)</article>", re.S)
TITLE_RE = re.compile(r"<title>(.*?)</title>", re.S)
# Any link that leaves the document: its address goes, its text stays.
OUTWARD_HREF_RE = re.compile(r'\shref="(?!#)[^"]*"')
SCRIPT_RE = re.compile(r"<(script|style)\b.*?</\1>", re.S)
# Chinese quotation marks between Chinese characters: Chromium (ICU, tailored for Chinese) may break a line before
# an opening “ and after a closing ”; Pango follows UAX #14 (class QU: no break on either side) and carries the
# character before “ or after ” along, so lines, pages and the volume's contents page numbers came out unlike the
# browser's (46 pages against 44). A zero-width space there gives Pango the same break; it prints nothing.
TAG_OR_TEXT_RE = re.compile(r"(<[^>]*>)")
HAN = "\u3400-\u9fff"  # ideographs only: a break before ，。 or after （ is never allowed
QUOTE_BREAK_RE = re.compile(f"(?<=[{HAN}])(?=[“‘])|(?<=[”’])(?=[{HAN}])")
INSTALL_HINT = ("请运行 make setup 安装 Python 依赖（其中的 print 组，或 pip install 'party-study-archive[print]'），"
                "并以 root 运行 scripts/install-print.sh 安装 Pango 和中文字体。")


class PdfError(Exception):
    """Something the user can fix (a missing page, WeasyPrint not installed): the message says how."""


def page_title(page_html: str, site_name: str | None = None) -> str:
    m = TITLE_RE.search(page_html)
    title = html.unescape(m.group(1).strip()) if m else ""
    if site_name and title.endswith(f" - {site_name}"):
        title = title[: -len(site_name) - 3]
    return title


def document(page_html: str, title: str, landscape: bool = False, author: str = "") -> Html:
    """A standalone HTML document of the page's article, as print.css expects it."""
    m = ARTICLE_RE.search(page_html)
    if m is None:
        raise PdfError("页面中没有找到正文（<article>）；这个文件不是档案网站生成的页面。")
    # The article of a page the archive built: markup already, its scripts and outward links taken out.
    body = Html(quote_breaks(OUTWARD_HREF_RE.sub("", SCRIPT_RE.sub("", m.group(1)))))
    return template("pdf_document.html", title=title, author=author, landscape=landscape, body=body)


def quote_breaks(body: str) -> str:
    """The breaks Chromium allows around Chinese quotation marks, as zero-width spaces in the text (not in tags)."""
    return "".join(part if part.startswith("<") else QUOTE_BREAK_RE.sub("\u200b", part)
                   for part in TAG_OR_TEXT_RE.split(body))


def render(doc: str, base: Path, stylesheet: Path) -> tuple[bytes, int]:
    """(PDF bytes, number of pages). ``base`` is the page's file: its relative images resolve from there."""
    try:
        from weasyprint import CSS, HTML
    except ImportError:
        raise PdfError(f"没有安装 WeasyPrint，无法生成 PDF。{INSTALL_HINT}") from None
    except OSError as exc:  # the Python package is there, Pango is not
        raise PdfError(f"WeasyPrint 找不到它需要的系统库（{exc}）。{INSTALL_HINT}") from None
    rendered = HTML(string=doc, base_url=str(base)).render(stylesheets=[CSS(filename=str(stylesheet))])
    return rendered.write_pdf(), len(rendered.pages)


def safe_name(text: str) -> str:
    """A file name that Windows, 统信/麒麟 and USB sticks all accept."""
    name = re.sub(r'[\\/:*?"<>|\s]+', "-", text).strip("-.")
    return name or "archive"


# --- `archive pdf`: build the site, then one PDF per material, volume or ledger ------------------

def built_file(site: Path, src_uri: str, directory_urls: bool = True) -> Path:
    """Where MkDocs writes the page of a docs-relative Markdown file."""
    return site / dest_uri(src_uri, directory_urls)


def build_site(config: Path, site: Path, what: str = "PDF") -> None:
    """`mkdocs build` of the project into ``site`` (not strict: a warning does not stop a printout)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
                          cwd=config.parent, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        lines = [line for line in (proc.stdout + proc.stderr).splitlines() if line.startswith(("ERROR", "WARNING"))]
        raise PdfError(f"网站构建失败，无法生成 {what}；请先按下面的提示改正（也可以运行 archive check）：\n"
                       + "\n".join(lines or (proc.stdout + proc.stderr).splitlines()[-5:]))


@dataclass
class Job:
    page: str
    """docs-relative source of the page: a material, indexes/print/<campaign>.md or the ledger's page."""
    name: str = ""
    """File name of the PDF, without .pdf; for a material, made from archive.json after the build."""
    landscape: bool = False
    missing: str = ""
    """What to tell the user when the built site has no such page."""


def make_pdfs(config: Path, jobs: list[Job], output: Path | None, site: Path | None, shown: Callable[[Path], str]) -> list[tuple[Path, int]]:
    """Build the site (unless ``site`` is given), then write one PDF per job. Returns (file, pages)."""
    import tempfile

    from ..mkdocs.mkdocs_config import site_config

    directory_urls, site_name = site_config(config)
    with tempfile.TemporaryDirectory(prefix="archive-pdf-") as tmp:
        if site is None:
            site = Path(tmp) / "site"
            build_site(config, site)
        stylesheet = site / "assets" / "print.css"
        if not stylesheet.is_file():
            raise PdfError(f"网站中没有 assets/print.css（{shown(stylesheet)}）：请确认 mkdocs.yml 的 extra_css 列有 assets/print.css，并重新构建。")
        written: list[tuple[Path, int]] = []
        for out in exports(site, jobs, output, directory_urls, site_name, ".pdf", PdfError, "PDF"):
            data, pages = render(document(out.html, out.title, out.job.landscape, out.branch), out.page, stylesheet)
            out.target.parent.mkdir(parents=True, exist_ok=True)
            out.target.write_bytes(data)
            written.append((out.target, pages))
        return written


@dataclass(frozen=True)
class Export:
    """One job's page as the built site has it, and the file to write it to (`archive pdf` and `archive docx`)."""
    job: Job
    page: Path
    html: str
    title: str
    branch: str
    """The branches of the site's materials (archive.json), for the document's header."""
    target: Path


def exports(site: Path, jobs: list[Job], output: Path | None, directory_urls: bool, site_name: str, suffix: str,
            error: type[Exception], kind: str) -> Iterator[Export]:
    """Each job's built page and its file (``suffix``), in order; ``error`` for a missing page or a bad -o."""
    index = site / "archive.json"
    materials = {m["path"]: m for m in json.loads(index.read_text(encoding="utf-8")).get("materials", [])} if index.is_file() else {}
    branch = "、".join(sorted({m["branch_label"] for m in materials.values() if m.get("branch_label")}))
    if output is not None and len(jobs) > 1 and output.suffix.lower() == suffix:
        raise error(f"要生成 {len(jobs)} 个 {kind}，-o 应当是一个文件夹，而不是 {output}。")
    taken: set[Path] = set()
    for job in jobs:
        page = built_file(site, job.page, directory_urls)
        if not page.is_file():
            raise error(job.missing or f"网站中没有 {job.page} 的页面。")
        page_html = page.read_text(encoding="utf-8")
        target = target_path(output, job.name or material_name(materials.get(job.page), job.page), len(jobs), taken, suffix)
        yield Export(job, page, page_html, page_title(page_html, site_name), branch, target)


def material_name(entry: dict | None, path: str) -> str:
    """王建国-党纪学习教育-个人对照检查材料; the title for materials that are not a member's."""
    if entry is None:
        return path.rsplit(".", 1)[0].replace("/", "-")
    if entry.get("member"):
        return "-".join(p for p in (entry["member"], entry.get("campaign_label") or f"{entry.get('year')}年度", entry.get("doc_type_label")) if p)
    return entry.get("title") or path


def target_path(output: Path | None, name: str, count: int, taken: set[Path], suffix: str = ".pdf") -> Path:
    """The file to write: ``output`` itself when it names one file, else ``name`` + suffix in ``output`` (or here)."""
    if output is not None and count == 1 and output.suffix.lower() == suffix:
        return output
    folder = output if output is not None else Path.cwd()
    target, n = folder / f"{safe_name(name)}{suffix}", 2
    while target in taken:
        target, n = folder / f"{safe_name(name)}-{n}{suffix}", n + 1
    taken.add(target)
    return target
