"""The publishing gate: the one place that decides which file under docs/ reaches the site.

`archive check` (project.read_materials) and the MkDocs hook (on_files, for `build` and `serve`) both
call it, so they cannot disagree. Every file under docs_dir gets one decision:

- material: a Markdown file (lower-case .md, .markdown …) that is not a page of the site itself;
  whether it is published is the archive's decision (committee-only, drafts: Archive.hidden);
- page: a page of the site itself (mkdocs.yml extra.archive.pages);
- asset: a file of the site itself: the styles and scripts named in mkdocs.yml (extra_css,
  extra_javascript, theme.logo, theme.favicon) and docs/archive.schema.json (SITE_FILES);
- attachment: an image (png, jpg, jpeg, gif, webp) or a PDF, published only when a published
  material links to it (a relative link, image or src/href). One linked only from a hidden material
  is left out silently (its existence is no one's business in this site); one that no material
  links to is left out with a warning (a strict build fails: link it or delete it);
- excluded: what MkDocs leaves out anyway (names starting with ".", docs/templates/, exclude_docs)
  silently; editor backups and lock files with a warning;
- error: a symlink (never followed, file or folder), something that is not a regular file, a
  Markdown file whose extension is not lower case, any other type of file (.html, .svg, .js, .txt,
  .docx …: a page or script on the archive's origin, or an unpublishable attachment), a Markdown
  file MkDocs would skip, two files for one address, a file where the build writes its own.

The core knows nothing of MkDocs: it takes docs-relative paths (scan) and mirrors MkDocs' rules
(mkdocs.structure.files: is_documentation_page, File.dest_uri, the default exclude_docs).
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from ..analyse.indexes import ROOT as INDEX_ROOT
from ..core.diagnostics import Diagnostic
from ..core.naming import MARKDOWN_SUFFIXES, dest_uri
from ..output.printing import VOLUME_ROOT
from ..search.search import OUT_DIR as SEARCH_DIR

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
ATTACHMENT_SUFFIXES = (*IMAGE_SUFFIXES, ".pdf")
SITE_FILES = ("archive.schema.json",)
"""Files of the site itself besides those mkdocs.yml names (README: the format of archive.json)."""

# Names the build writes into the site: a docs file there would be overwritten, or break the build.
# The generated pages (pages.FOLDERS) and volumes (printing.VOLUME_ROOT) all lie under indexes.ROOT.
assert VOLUME_ROOT.startswith(INDEX_ROOT + "/")
GENERATED = {
    "archive.json": "数据文件 archive.json",
    SEARCH_DIR: f"全文搜索的索引目录 {SEARCH_DIR}/",
    INDEX_ROOT: f"档案索引和材料汇编目录 {INDEX_ROOT}/",
    "sitemap.xml": "站点地图 sitemap.xml",
    "sitemap.xml.gz": "站点地图 sitemap.xml.gz",
    "404.html": "“找不到页面”页 404.html",
    "404": "“找不到页面”页 404.html",
}

# Editor backups, swap and lock files: vim (x.md~, .x.md.swp), emacs (#x.md#, .#x.md), merge tools (.orig),
# LibreOffice (.~lock.x.md#), Word (~$x.docx), and the usual .bak / .tmp.
_BACKUP_RE = re.compile(r"(~|\.orig|\.bak|\.swp|\.swo|\.swx|\.tmp|\.rej)$|^#.*#$|^\.#|^\.~lock\.|^~\$", re.IGNORECASE)
# Links in a material: [text](url) and ![alt](url), reference definitions, and src/href/data in HTML.
_LINK_RES = (
    re.compile(r"\]\(\s*<([^>\n]+)>"),
    re.compile(r"\]\(\s*([^)\s]+)"),
    re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*<?([^\s>]+)", re.MULTILINE),
    re.compile(r"""\b(?:src|href|data|srcset)\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE),
)
_SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True)
class Entry:
    """One thing under docs_dir, as scan() found it (never following a symlink)."""

    src_uri: str
    """docs-relative, with forward slashes."""
    kind: str = "file"
    """file, link (a symlink, to a file or a folder) or other (a FIFO, socket, device)."""


def scan(docs_dir: Path) -> list[Entry]:
    """Every entry under docs_dir, sorted; dot-folders are skipped (MkDocs never copies them), symlinks
    are listed but not followed."""
    found: list[Entry] = []
    for dirpath, dirnames, filenames in os.walk(docs_dir, followlinks=False):
        base = Path(dirpath)
        kept = []
        for name in sorted(dirnames):
            if name.startswith("."):
                continue
            if (base / name).is_symlink():
                found.append(Entry((base / name).relative_to(docs_dir).as_posix(), "link"))
            else:
                kept.append(name)
        dirnames[:] = kept
        for name in filenames:
            path = base / name
            mode = path.lstat().st_mode
            kind = "link" if stat.S_ISLNK(mode) else "file" if stat.S_ISREG(mode) else "other"
            found.append(Entry(path.relative_to(docs_dir).as_posix(), kind))
    return sorted(found, key=lambda e: e.src_uri)


def _address(dest: str) -> str:
    return dest.removesuffix("index.html") or "./"


def is_backup(name: str) -> bool:
    return _BACKUP_RE.search(name) is not None


@dataclass
class Gate:
    """The decisions for one docs folder; attachments are settled by publish() once the archive is known."""

    prefix: str
    materials: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    assets: list[str] = field(default_factory=list)
    candidates: list[str] = field(default_factory=list)
    """Images and PDFs: attachments when a published material links to them."""
    blocked: set[str] = field(default_factory=set)
    """Materials, pages and files that are read and checked but never published (two for one address, a
    generated name)."""
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def _error(self, src: str, message: str, level: str = "error") -> None:
        self.diagnostics.append(Diagnostic(self.prefix + src, 0, message, level))  # type: ignore[arg-type]

    def publish(self, sources: Mapping[str, str], hidden: Iterable[str]) -> tuple[set[str], list[Diagnostic]]:
        """Every docs file to publish, given each material's text and the materials this site hides (Archive.hidden:
        committee-only, drafts); and the warnings about attachments no material links to."""
        hidden = set(hidden)
        shown = {m for m in self.materials if m not in hidden}
        linked: dict[str, bool] = {}
        wanted = set(self.candidates)
        for path, text in sources.items() if wanted else ():  # no attachment: no material's links to read
            for target in links(path, text):
                if target in wanted:
                    linked[target] = linked.get(target, False) or path in shown
        problems = [
            Diagnostic(self.prefix + c, 0, "没有材料引用这个附件，它不会发布；请在材料中用链接或图片引用它，或删除它。", "warning")
            for c in self.candidates if c not in linked and c not in self.blocked
        ]
        out = {p for p in (*shown, *self.pages, *self.assets) if p not in self.blocked}
        out |= {c for c, published in linked.items() if published and c not in self.blocked}
        return out, problems


def links(path: str, text: str) -> set[str]:
    """The docs files a material links to (relative links and images; not anchors, not other sites)."""
    folder = posixpath.dirname(path)
    found = set()
    for pattern in _LINK_RES:
        for m in pattern.finditer(text):
            url = m.group(1).strip()
            if not url or url.startswith(("#", "/", "\\")) or _SCHEME_RE.match(url):
                continue
            url = unquote(url.split("#", 1)[0].split("?", 1)[0])
            target = posixpath.normpath(posixpath.join(folder, url))
            if not target.startswith("../") and target != "..":
                found.add(target)
    return found


def decide(entries: Iterable[Entry], pages: list[str], assets: Iterable[str], prefix: str,
           use_directory_urls: bool = True, excluded: Iterable[str] = ()) -> Gate:
    """The decision for every entry. ``excluded``: the files mkdocs.yml's exclude_docs leaves out."""
    from .project import is_page  # the same glob rule as everywhere

    gate = Gate(prefix)
    assets, excluded = set(assets) | set(SITE_FILES), set(excluded)
    for entry in entries:
        src = entry.src_uri
        name = posixpath.basename(src)
        suffix = name[name.rindex("."):] if "." in name else ""  # also of ..md (os.path.splitext: none)
        looks_markdown = suffix.lower() in MARKDOWN_SUFFIXES
        if entry.kind == "link":
            gate._error(src, "这是一个符号链接（快捷方式），构建不会跟随它，它指向的内容不会发布；请换成文件本身，或删除它。")
        elif entry.kind != "file":
            gate._error(src, "这不是普通文件，不能发布；请删除它。")
        elif is_backup(name):
            gate._error(src, "这是编辑器的备份或临时文件，不会发布；请删除它，不要提交到仓库。", "warning")
        elif any(part.startswith(".") for part in src.split("/")) or src.startswith("templates/"):
            if looks_markdown:  # MkDocs' default exclude_docs (.*, /templates/): a material there would be lost
                where = ("文件名以“.”开头" if name.startswith(".") else f"{prefix}templates/ 目录" if src.startswith("templates/")
                         else "名字以“.”开头的目录中")  # only given by a caller other than scan(), which skips such folders
                gate._error(src, f"{where}的文件 MkDocs 不会发布，这份材料会丢失；请改名或移到别的目录。")
        elif src in excluded:
            continue  # mkdocs.yml's exclude_docs: left out on purpose
        elif looks_markdown and not src.endswith(MARKDOWN_SUFFIXES):
            gate._error(src, f"扩展名“{suffix}”要写成小写，否则不会当作材料处理；请把文件改名为“{name[:-len(suffix)]}.md”。")
        elif looks_markdown:
            (gate.pages if is_page(src, pages) else gate.materials).append(src)
        elif src in assets:
            gate.assets.append(src)
        elif suffix.lower() in ATTACHMENT_SUFFIXES:
            gate.candidates.append(src)
        else:
            kind = f"“{suffix}”" if suffix else "没有扩展名的"
            gate._error(src, f"{kind}文件不能发布：附件只能是图片（png、jpg、jpeg、gif、webp）或 PDF。"
                             f"请转换成 PDF 或图片后在材料中引用，或把它移出 {prefix}。")
    _check_addresses(gate, use_directory_urls)
    return gate


def _check_addresses(gate: Gate, use_directory_urls: bool) -> None:
    """Nothing lost: one file per address, and none where the build writes its own."""
    taken: dict[str, str] = {}
    for src in sorted((*gate.materials, *gate.pages, *gate.assets, *gate.candidates)):
        dest = dest_uri(src, use_directory_urls)
        top = dest.split("/", 1)[0]
        if top in GENERATED:
            gate._error(src, f"网站上的地址 {_address(dest)} 是自动生成的{GENERATED[top]}所用的名字，这个文件会被覆盖或使构建出错；请把它改名或移到别处。")
            gate.blocked.add(src)
        elif dest in taken:
            first = taken[dest]
            gate._error(src, f"与 {gate.prefix}{first} 在网站上是同一个地址（{_address(dest)}），其中一个会覆盖另一个；请把其中一个改名。")
            gate.blocked.add(src)
        else:
            taken[dest] = src
