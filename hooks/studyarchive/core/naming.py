"""Names and addresses, each made in one place: slugs, file names, page URLs, item refs, Chinese dates,
and the member and area pages' URLs kept stable by urls.yml.

A published URL must never change because something else was added: an archive is kept for decades and its
pages are bookmarked, printed and linked from other systems. Member pages and area pages are the generated
pages whose address comes from free text that two of them can share (a name's or an area's pinyin: 思想政治
and 思想正直); every other generated page is named by an id the vocabulary keeps unique (campaign, doc type),
a number (year) or a fixed name (ledger, meetings, duplicates, volume), so it cannot be displaced. A member's
or an area's page keeps its address because urls.yml (next to mkdocs.yml, never published) records it; an
unrecorded one whose slug is shared is warned about, with the lines to add.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic, echo
from .people import Person, plain_pinyin

SLUG_RE = re.compile(r"[^a-z0-9]+")
VALID_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
"""What MkDocs counts as Markdown (mkdocs.utils.markdown_extensions), matched case-sensitively as MkDocs does."""
URLS_FILE = "urls.yml"
MEMBER_PAGES = "indexes/members"
"""Where the member pages live (indexes.ROOT/members): messages show the URL a slug gives."""
AREA_PAGES = "indexes/areas"
AREAS_KEY = "检视方面"
"""urls.yml's section of area pages: 检视方面: then one indented line per area."""


# --- slugs --------------------------------------------------------------------------------------

def slug(text: str, sep: str = "-") -> str:
    """An ASCII slug of a Chinese name or label: 王建国 → wangjianguo, 张伟（综合科） → zhangwei-zongheke.

    ü is written v (吕强 → lvqiang), as CONTRIBUTING.md says. Runs of other characters become ``sep``."""
    plain = plain_pinyin(text.strip()).lower().replace("ü", "v")
    return SLUG_RE.sub(sep, plain).strip("-")


def file_slug(text: str) -> str:
    """A file name as CONTRIBUTING.md documents it, all lowercase without spaces: 欧阳娜娜 → ouyangnana,
    张伟（综合科） → zhangweizongheke. Page URLs keep the separators (``slug``): they were published so."""
    return slug(text, "")


def unique_slugs(texts: Iterable[str], fallback: str) -> dict[str, str]:
    """A unique slug for each text (areas), in the order given: of texts with one slug the first keeps it, the
    others get -2, -3 …. Given in the order they came (areas: their campaigns' order), a text added later never
    takes the page of one published before."""
    ordered = list(dict.fromkeys(texts))
    return _unique({text: (n, slug(text) or fallback) for n, text in enumerate(ordered)})


def _unique(wanted: Mapping) -> dict:
    """key → (sort key, wanted slug) to key → slug: taken slugs get -2, -3 … in sort-key order."""
    out: dict = {}
    taken: set[str] = set()
    for key, (_, base) in sorted(wanted.items(), key=lambda kv: kv[1][0]):
        out[key] = _free(base, taken)
    return out


def _free(base: str, taken: set[str]) -> str:
    """``base``, or the first of base-2, base-3 … not taken; marked taken."""
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


# --- page addresses and refs ---------------------------------------------------------------------

def dest_uri(src_uri: str, directory_urls: bool = True) -> str:
    """Where MkDocs writes a file in the site (mkdocs.structure.files.File.dest_uri)."""
    if not src_uri.endswith(MARKDOWN_SUFFIXES):
        return src_uri
    parent, filename = posixpath.split(src_uri)
    stem = posixpath.splitext(filename)[0]
    stem = "index" if stem == "README" else stem
    if not directory_urls or stem == "index":
        return posixpath.join(parent, stem + ".html")
    return posixpath.join(parent, stem, "index.html")


def page_url(path: str, directory_urls: bool = True) -> str:
    """The site-relative URL MkDocs gives a page: a/wang.md → a/wang/ (or a/wang.html); the home page is ""."""
    dest = dest_uri(path, directory_urls)
    return dest.removesuffix("index.html") if directory_urls else dest


def item_ref(material: str | None, item_id: str) -> str:
    """How an item is named in text and data: "2023-zhuti-2/wangjianguo#1.2", or "1.2" in its own material."""
    return f"{material.removesuffix('.md')}#{item_id}" if material else item_id


def zh_date(day: dt.date) -> str:
    """2024年7月18日."""
    return f"{day.year}年{day.month}月{day.day}日"


# --- urls.yml: the member pages' recorded slugs ---------------------------------------------------

@dataclass(frozen=True)
class Record:
    """One line of urls.yml: 王建国: wangjianguo, or 王芳（机关第二党支部）: wangfang-jiguan-2."""

    name: str
    branch: str | None
    """None: the name's holder in the branch listed first in vocabulary.yml."""
    slug: str
    line: int


@dataclass
class Recorded:
    """urls.yml as read: its records, and what is wrong in it (errors with file:line)."""

    path: str = URLS_FILE
    records: list[Record] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    areas: list[Record] = field(default_factory=list)
    """The 检视方面 section: the area pages' slugs (``name`` is the area, ``branch`` None)."""


def load_urls(root: Path, branches: Mapping[str, str]) -> Recorded:
    """urls.yml beside mkdocs.yml (none: nothing recorded); ``branches``: branch id → label."""
    try:
        text = (root / URLS_FILE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return Recorded()
    except UnicodeDecodeError:
        return Recorded(problems=[Diagnostic(URLS_FILE, 0, f"{URLS_FILE} 不是 UTF-8 编码；请用 UTF-8 保存。")])
    except OSError as exc:  # the reason without Python's [Errno …] and the full path
        return Recorded(problems=[Diagnostic(URLS_FILE, 0, f"无法读取 {URLS_FILE}：{exc.strerror or exc}。")])
    return read_urls(text, branches)


def key_of(person: Person, shared: bool, branch_label: Callable[[str], str]) -> str:
    """The key urls.yml writes a member under: the name, with the branch's label when the name is shared."""
    return f"{person.name}（{branch_label(person.branch)}）" if shared else person.name


def read_urls(text: str | None, branches: Mapping[str, str], path: str = URLS_FILE) -> Recorded:
    """Parse urls.yml (None: there is none). ``branches``: branch id → label, for keys that name the branch."""
    import yaml

    out = Recorded(path)
    if text is None or not text.strip():
        return out
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or exc
        out.problems.append(Diagnostic(path, mark.line + 1 if mark else 1, f"{path} 不是有效的 YAML：{problem}。每行写一位党员，例如“王建国: wangjianguo”。"))
        return out
    if node is None:
        return out
    if not isinstance(node, yaml.MappingNode):
        out.problems.append(Diagnostic(path, node.start_mark.line + 1, f"{path} 应当每行写一位党员和他的页面网址，例如“王建国: wangjianguo”。"))
        return out
    by_label = {label: b for b, label in branches.items()}
    seen_keys: dict[str, int] = {}
    seen_slugs: dict[str, Record] = {}
    areas_at = 0
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        key, value = key_node.value, value_node.value
        if isinstance(key_node, yaml.ScalarNode) and key == AREAS_KEY:
            if areas_at:
                out.problems.append(Diagnostic(path, line, f"{path} 中“{AREAS_KEY}:”已在第 {areas_at} 行写过；请把检视方面都写在那里，删去这一处。"))
            else:
                areas_at = line
                _read_areas(value_node, out)
            continue
        if not isinstance(key_node, yaml.ScalarNode) or not isinstance(key, str) or not key.strip():
            out.problems.append(Diagnostic(path, line, f"{path} 的这一行没有党员姓名；请写成“王建国: wangjianguo”。"))
            continue
        key = key.strip()
        if not isinstance(value_node, yaml.ScalarNode) or not isinstance(value, str) or not VALID_SLUG_RE.match(value):
            shown = echo(value) if isinstance(value_node, yaml.ScalarNode) else "（不是一个值）"
            out.problems.append(Diagnostic(path, line, f"{key} 的页面网址“{shown}”无效：只能用小写字母、数字和连字符，例如“{key}: {slug(key) or 'dangyuan'}”。"))
            continue
        if key in seen_keys:
            out.problems.append(Diagnostic(path, line, f"{key} 已在第 {seen_keys[key]} 行记过；每位党员只写一行，请删去其中一行。"))
            continue
        seen_keys[key] = line
        if value in seen_slugs:
            first = seen_slugs[value]
            out.problems.append(Diagnostic(path, line, (
                f"{key} 的页面网址 {value} 已在第 {first.line} 行给了 {_key_text(first, branches)}；"
                f"两位党员不能共用一个网址，请给后写的这一位换一个，例如“{key}: {value}-2”。")))
            continue
        name, branch = _split_key(key, branches, by_label)
        record = Record(name, branch, value, line)
        seen_slugs[value] = record
        out.records.append(record)
    return out


def _read_areas(node: Any, out: Recorded) -> None:
    """The 检视方面 section of urls.yml: one line per area, “思想政治: sixiangzhengzhi”."""
    import yaml

    path, example = out.path, "“  思想政治: sixiangzhengzhi”"
    if isinstance(node, yaml.ScalarNode) and not node.value.strip():
        return
    if not isinstance(node, yaml.MappingNode):
        out.problems.append(Diagnostic(path, node.start_mark.line + 1, f"{path} 中“{AREAS_KEY}:”下面应当每行写一个检视方面和它的页面网址（行首空两格），例如{example}。"))
        return
    seen_keys: dict[str, int] = {}
    seen_slugs: dict[str, Record] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        key, value = key_node.value, value_node.value
        if not isinstance(key_node, yaml.ScalarNode) or not isinstance(key, str) or not key.strip():
            out.problems.append(Diagnostic(path, line, f"{path} 的这一行没有检视方面的名称；请写成{example}。"))
            continue
        key = key.strip()
        if not isinstance(value_node, yaml.ScalarNode) or not isinstance(value, str) or not VALID_SLUG_RE.match(value):
            shown = echo(value) if isinstance(value_node, yaml.ScalarNode) else "（不是一个值）"
            out.problems.append(Diagnostic(path, line, f"检视方面“{key}”的页面网址“{shown}”无效：只能用小写字母、数字和连字符，例如“{key}: {slug(key) or 'area'}”。"))
        elif key in seen_keys:
            out.problems.append(Diagnostic(path, line, f"检视方面“{key}”已在第 {seen_keys[key]} 行记过；每个检视方面只写一行，请删去其中一行。"))
        elif value in seen_slugs:
            first = seen_slugs[value]
            out.problems.append(Diagnostic(path, line, (
                f"检视方面“{key}”的页面网址 {value} 已在第 {first.line} 行给了“{first.name}”；"
                f"两个检视方面不能共用一个网址，请给后写的这一个换一个，例如“{key}: {value}-2”。")))
        else:
            seen_keys[key] = line
            seen_slugs[value] = Record(key, None, value, line)
            out.areas.append(seen_slugs[value])


def _split_key(key: str, branches: Mapping[str, str], by_label: Mapping[str, str]) -> tuple[str, str | None]:
    """王芳（机关第二党支部） or 王芳（jiguan-2） → (王芳, jiguan-2); a name with other text in brackets is a name."""
    if key.endswith("）") and "（" in key:
        name, _, inside = key[:-1].rpartition("（")
        branch = inside if inside in branches else by_label.get(inside)
        if branch is not None and name.strip():
            return name.strip(), branch
    return key, None


def _key_text(record: Record, branches: Mapping[str, str]) -> str:
    return f"{record.name}（{branches.get(record.branch, record.branch)}）" if record.branch else record.name


@dataclass(frozen=True)
class Seen:
    """Where a member first appears: the earliest material (date, then path), as the build's messages name it."""

    date: dt.date
    path: str
    source: str


def member_slugs(first: Mapping[Person, Seen], recorded: Recorded, branches: Sequence[str],
                 branch_label: Callable[[str], str], fallback: str = "member") -> tuple[dict[Person, str], list[Diagnostic]]:
    """Each member's page slug, and a warning for each member whose page address depends on other members.

    A member recorded in urls.yml gets the recorded slug, whoever else is added. The others get their name's
    slug; when several want one slug (王建国 and 汪建国, or one name in two branches), the member whose earliest
    material is older (then by path) keeps it, so that adding a newer namesake moves nobody; the others get
    the branch after it (one name in two branches: wangfang-jiguan-2) or -2, -3 …. Recorded slugs are never
    given to anyone else, even when that member has no material in this site (a committee-only material)."""
    holders = _holders(first, branches)
    out = recorded_persons(recorded, first, branches)
    taken = {r.slug for r in recorded.records}
    wanted: dict[str, list[Person]] = {}
    for p in sorted((p for p in first if p not in out), key=lambda p: (first[p].date, first[p].path, p)):
        wanted.setdefault(slug(p.name) or fallback, []).append(p)
    problems: list[Diagnostic] = []
    for base, persons in sorted(wanted.items(), key=lambda kv: (first[kv[1][0]].date, first[kv[1][0]].path)):
        for p in persons:
            out[p] = _free(_wanted(p, base, taken, [q for q in holders[p.name] if q in out]), taken)
        if len(persons) > 1 or out[persons[0]] != base:
            problems.extend(_unrecorded(base, persons, out, first, holders, recorded.path, branch_label))
    return out, problems


def recorded_persons(recorded: Recorded, persons: Iterable[Person], branches: Sequence[str]) -> dict[Person, str]:
    """The members urls.yml records, with their slugs: a key without a branch means the name's holder in the
    branch listed first in vocabulary.yml."""
    holders = _holders(persons, branches)
    out: dict[Person, str] = {}
    for r in recorded.records:
        found = holders.get(r.name, [])
        p = Person(r.name, r.branch) if r.branch is not None else (found[0] if found else None)
        if p is not None and p in holders.get(r.name, ()) and p not in out:
            out[p] = r.slug
    return out


def _wanted(p: Person, base: str, taken: set[str], namesakes: Sequence[Person]) -> str:
    """The slug a member asks for: the name's, or when that is taken and another branch's member of the same
    name has a page, the name's with the branch (wangfang-jiguan-2)."""
    if base in taken and namesakes and slug(p.branch):
        return f"{base}-{slug(p.branch)}"
    return base


def _holders(persons: Iterable[Person], branches: Sequence[str]) -> dict[str, list[Person]]:
    """Name → its persons, the one whose branch comes first in vocabulary.yml first (as people.People has them)."""
    rank = {b: n for n, b in enumerate(branches)}
    holders: dict[str, list[Person]] = {}
    for p in sorted(set(persons), key=lambda p: (rank.get(p.branch, len(rank)), p.branch)):
        holders.setdefault(p.name, []).append(p)
    return holders


def lines_to_record(new: Iterable[Person], before: Mapping[Person, Seen], recorded: Recorded, branches: Sequence[str],
                    branch_label: Callable[[str], str]) -> dict[Person, str]:
    """What `archive new` and `archive import` add to urls.yml for members they give a first material.

    ``before``: the members as they were before, whose pages may be published: they keep their slugs, and an
    unrecorded one sharing the new member's slug is recorded too, so that no later material can move it. The
    new member gets the first free slug after them, whatever the dates of the materials."""
    slugs, _ = member_slugs(before, recorded, branches, branch_label)
    known = recorded_persons(recorded, before, branches)
    taken = {r.slug for r in recorded.records} | set(slugs.values())
    out: dict[Person, str] = {}
    for p in sorted(set(new)):
        if p in before or p in recorded_persons(recorded, [*before, p], branches):
            continue
        base = slug(p.name) or "member"
        sharing = [q for q in before if q not in known and q not in out and (slug(q.name) or "member") == base]
        out.update({q: slugs[q] for q in sorted(sharing)})
        out[p] = _free(_wanted(p, base, taken, [q for q in before if q.name == p.name]), taken)
    return out


URLS_HEADER = """\
# 党员页面的网址：每行一位党员，“姓名: 网址”，页面在 indexes/members/网址/。
# archive new 和 archive import 为新党员建第一份材料时会自动加上一行；也可以手工添加。
# 几个支部有同名党员时，姓名后用全角括号写支部名称，例如“王芳（机关第二党支部）: wangfang-jiguan-2”。
# 检视方面的页面（indexes/areas/网址/）写在“检视方面:”下面，每行一个，行首空两格，例如“  思想政治: sixiangzhengzhi”。
# 已经发布的网址不要再改：书签、打印件和别的系统里的链接都指向它。本文件不会发布到网站上。
"""


def append_records(root: Path, records: Mapping[Person, str], with_branch: bool, branch_label: Callable[[str], str]) -> list[str]:
    """Add a line to urls.yml for each record (made with its explanation when missing); returns the lines.
    ``with_branch``: the vocabulary has several branches, so a key names the branch (a namesake may come later)."""
    import yaml

    lines = [yaml.safe_dump({key_of(p, with_branch, branch_label): s}, allow_unicode=True, width=10_000).strip()
             for p, s in records.items()]
    if not lines:
        return []
    target = root / URLS_FILE
    text = target.read_text(encoding="utf-8") if target.exists() else URLS_HEADER
    if text and not text.endswith("\n"):
        text += "\n"
    with open(target, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text + "".join(f"{line}\n" for line in lines))
    return lines


def _unrecorded(base: str, persons: list[Person], slugs: Mapping[Person, str], first: Mapping[Person, Seen],
                holders: Mapping[str, list[Person]], path: str, branch_label: Callable[[str], str]) -> list[Diagnostic]:
    """The warning for members sharing a slug, unrecorded: on each whose page is not at the plain slug."""
    def named(p: Person) -> str:
        return key_of(p, len(holders[p.name]) > 1, branch_label)

    lines = "”“".join(f"{named(p)}: {slugs[p]}" for p in persons)
    out = []
    for p in persons:
        if slugs[p] == base:
            continue
        others = "、".join(named(q) for q in persons if q != p) or "urls.yml 中记下的党员"
        out.append(Diagnostic(first[p].source, 1, (
            f"{named(p)} 与 {others} 的页面网址都应当是 {base}（拼音相同），{named(p)} 的页面暂时放在 {MEMBER_PAGES}/{slugs[p]}/；"
            f"谁用哪个网址取决于各人最早一份材料的日期，以后再加材料可能改变。为使网址今后不再变化，请在 {path} 中加上这几行："
            f"“{lines}”（每位党员一行；已经发布过的网址请照原样记下）。"), "warning"))
    return out


def area_slugs(first: Mapping[str, Seen], recorded: Recorded, fallback: str = "area") -> tuple[dict[str, str], list[Diagnostic]]:
    """Each area page's slug, and a warning for each area whose page address depends on other areas.

    An area recorded in urls.yml gets the recorded slug. The others get their name's slug; when several want
    one slug (思想政治 and 思想正直), the area whose first problem is older (then by path) keeps it, the others
    get -2, -3 …; recorded slugs are never given to another area."""
    mine = {r.name: r.slug for r in recorded.areas}
    taken = set(mine.values())
    order = sorted(first, key=lambda a: (first[a].date, first[a].path, a))
    out = {a: mine[a] for a in order if a in mine}
    wanted: dict[str, list[str]] = {}
    for a in order:
        if a not in out:
            base = slug(a) or fallback
            wanted.setdefault(base, []).append(a)
            out[a] = _free(base, taken)
    holders = {s: a for a, s in mine.items()}
    problems = []
    for base, areas in wanted.items():
        moved = [a for a in areas if out[a] != base]
        if not moved:
            continue
        lines = "”“".join(f"{a}: {out[a]}" for a in areas)
        for a in moved:
            others = "、".join(f"“{b}”" for b in ([holders[base]] if base in holders else []) + [b for b in areas if b != a])
            problems.append(Diagnostic(first[a].source, 1, (
                f"检视方面“{a}”与{others}的页面网址都应当是 {base}（拼音相同），“{a}”的页面暂时放在 {AREA_PAGES}/{out[a]}/；"
                f"谁用哪个网址取决于各检视方面最早一个问题的日期，以后再加材料可能改变。为使网址今后不再变化，请在 {recorded.path} 中"
                f"“{AREAS_KEY}:”下面加上这几行（行首空两格）：“{lines}”（已经发布过的网址请照原样记下）。"), "warning"))
    return out, problems


def area_lines_to_record(new: Iterable[str], before: Mapping[str, Seen], recorded: Recorded) -> dict[str, str]:
    """What `archive new` and `archive import` add to urls.yml for the areas a new material brings (its
    campaign's) whose slug another area wants (``lines_to_record`` for areas).

    ``before``: the areas with pages before, each at its first problem: they keep their slugs, and an unrecorded
    one sharing a new area's slug is recorded too; the new area gets the first free slug after them. A new area
    whose slug nobody else wants is left unrecorded (its page cannot be displaced until one does)."""
    slugs, _ = area_slugs(before, recorded)
    mine = {r.name for r in recorded.areas}
    taken = {r.slug for r in recorded.areas} | set(slugs.values())
    wanted = {a: slug(a) or "area" for a in before if a not in mine}
    out: dict[str, str] = {}
    for area in dict.fromkeys(new):
        base = slug(area) or "area"
        if area in before or area in mine or base not in taken:
            continue
        out.update({a: slugs[a] for a, b in wanted.items() if b == base and a not in out})
        out[area] = _free(base, taken)
    return out


def append_areas(root: Path, records: Mapping[str, str]) -> list[str] | None:
    """Add a line for each area to urls.yml's 检视方面 section (made, with the file's explanation, when missing);
    returns the lines, or None when the section is not written one area a line (nothing is changed then)."""
    import yaml

    lines = ["  " + yaml.safe_dump({area: s}, allow_unicode=True, width=10_000).strip() for area, s in records.items()]
    target = root / URLS_FILE
    text = target.read_text(encoding="utf-8") if target.exists() else URLS_HEADER
    rows = text.splitlines()
    heads = [n for n, row in enumerate(rows) if row.split(":", 1)[0].strip("\"'") == AREAS_KEY and not row.startswith((" ", "\t"))]
    if not heads:
        rows += [f"{AREAS_KEY}:", *lines]
    elif re.sub(r"#.*", "", rows[heads[0]].split(":", 1)[1]).strip():
        return None
    else:
        end = heads[0]
        for n in range(heads[0] + 1, len(rows)):
            if rows[n].strip() and not rows[n].lstrip().startswith("#"):
                if not rows[n].startswith((" ", "\t")):
                    break
                end = n
        rows[end + 1:end + 1] = lines
    with open(target, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("".join(f"{row}\n" for row in rows))
    return lines


def first_seen(materials: Iterable[tuple[Person | None, Seen]]) -> dict[Person, Seen]:
    """Each member's earliest material, from (member or None, where) of every material."""
    out: dict[Person, Seen] = {}
    for p, seen in materials:
        if p is None:
            continue
        if p not in out or (seen.date, seen.path) < (out[p].date, out[p].path):
            out[p] = seen
    return out
