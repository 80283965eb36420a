"""extra.archive in mkdocs.yml: every option declared once, checked once, for the build and `archive check` alike.

The declaration follows MkDocs' own (``mkdocs.config.base.Config`` with ``config_options``): a class whose
attributes are options, each with its default, its Chinese description and its check. It does not subclass
MkDocs' classes: their ``validate`` stops at the first wrong option and words its messages in English without a
line, and the core would need MkDocs to be imported; here every wrong option is reported at once, in Chinese,
with the file (mkdocs.yml or the file it INHERITs from) and the line. MkDocs itself reads the file (``load``
takes the MkDocsConfig that ``mkdocs.config.load_config`` made, in the hook and in the CLI), so INHERIT,
``!ENV`` and MkDocs' defaults are the build's by construction.
"""

from __future__ import annotations

import copy
import difflib
import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar, overload

import yaml

from ..analyse.meetings import PERIODS, Rule
from ..analyse.similar import DEFAULT_THRESHOLD
from ..core.diagnostics import ArchiveError, Diagnostic, Level, bad_char, echo
from ..core.naming import URLS_FILE, Recorded, load_urls
from ..core.people import ORDERS
from ..core.vocab import Vocabulary, load_vocabulary

T = TypeVar("T")
Key = str | int
Where = Callable[[tuple[Key, ...]], tuple[str, int]]
"""(file as messages name it, 1-based line; 0 when unknown) of a key path under extra.archive."""


class Wrong(Exception):
    """A written value an option refuses: the Chinese message after ``extra.archive.<name>`` (from its first
    character on: " 应当…" or ".<key> 应当…"), and where below
    the option it is (a key or list index path), for the line."""

    def __init__(self, message: str, at: tuple[Key, ...] = (), more: list[Wrong] | None = None):
        super().__init__(message)
        self.message = message
        self.at = at
        self.all = [self, *(more or [])]
        """Every wrong part of the value (the meetings report each meeting type's)."""


class Option(Generic[T]):
    """One option of extra.archive (MkDocs' BaseConfigOption): default, description, check."""

    name = ""
    expected = ""
    """What a right value looks like, as the messages and the option list say it."""

    def __init__(self, default: T, description: str) -> None:
        self.default = default
        self.description = description

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> Option[T]: ...

    @overload
    def __get__(self, obj: ArchiveOptions, owner: type | None = None) -> T: ...

    def __get__(self, obj: ArchiveOptions | None, owner: type | None = None) -> Option[T] | T:
        # As MkDocs' options: on the class the declaration, on an instance the typed value.
        return self if obj is None else obj.values[self.name]

    def check(self, value: object) -> T:
        """The typed value of a written one (never None: not written or empty means the default)."""
        raise NotImplementedError


def _text(value: object) -> str | None:
    """A one-line text without invisible characters, stripped; None for anything else."""
    if isinstance(value, str) and value.strip() and bad_char(value.strip()) is None:
        return value.strip()
    return None


class FileOption(Option[str]):
    expected = "文件的位置（相对于 mkdocs.yml 所在的文件夹）"

    def check(self, value: object) -> str:
        text = _text(value)
        if text is None:
            raise Wrong(f" 应当是词表文件的位置，例如 {self.default}；现在是“{echo(value)}”。")
        return text


class GlobsOption(Option[tuple[str, ...]]):
    expected = "文件名模式的列表"

    def check(self, value: object) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(_text(p) for p in value):
            raise Wrong(" 应当是网站页面的列表（不是材料的页面），例如 [index.md, guide/*]。")
        return tuple(str(_text(p)) for p in value)


class LabelsOption(Option[dict[str, str]]):
    expected = "“文件夹: 中文名称”"

    def check(self, value: object) -> dict[str, str]:
        if not isinstance(value, dict) or not all(_text(k) and _text(v) for k, v in value.items()):
            raise Wrong(" 应当是“文件夹: 中文名称”的形式，每行一项，例如 huiyi: 会议记录。")
        return {str(k): str(v) for k, v in value.items()}


class ChoiceOption(Option[str]):
    def __init__(self, default: str, description: str, choices: Mapping[str, str]) -> None:
        super().__init__(default, description)
        self.choices = dict(choices)
        self.expected = "、".join(f"{k}（{v}）" for k, v in self.choices.items())

    def check(self, value: object) -> str:
        if not isinstance(value, str) or value not in self.choices:
            raise Wrong(f" 的值“{echo(value)}”无效；可选：{self.expected}。")
        return value


class NumberOption(Option[float]):
    def __init__(self, default: float, description: str, low: float, high: float) -> None:
        super().__init__(default, description)
        self.low, self.high = low, high
        self.expected = f"{low} 到 {high} 之间的小数"

    def check(self, value: object) -> float:
        # bool is an int in Python, and NaN compares false both ways: both are refused here.
        if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value) \
                or not self.low <= value <= self.high:
            raise Wrong(f" 的值“{echo(value)}”无效：应当是 {self.expected}，例如 {self.default}。")
        return float(value)


class GroupsOption(Option[tuple[tuple[str, ...], ...]]):
    expected = "名称的列表的列表"

    def check(self, value: object) -> tuple[tuple[str, ...], ...]:
        if not isinstance(value, list) or not all(
                isinstance(g, list) and all(isinstance(a, str) and a.strip() for a in g) for g in value):
            raise Wrong(" 应当是检视方面名称的列表的列表，例如 [[理论学习, 学习贯彻党的创新理论]]。")
        return tuple(tuple(g) for g in value)


MEETING_EXAMPLE = "party_congress: {per: quarter, min: 1}"


class MeetingsOption(Option[dict[str, Rule | None]]):
    """Meeting type → its rule, or None (``null``: no requirement). The types are checked against the
    vocabulary later (``meeting_rules``): the vocabulary is read after the options."""

    expected = "“会议类型: {per: 周期, min: 次数}”"

    def check(self, value: object) -> dict[str, Rule | None]:
        if not isinstance(value, dict):
            raise Wrong(f" 应当按会议类型逐项写，例如 {MEETING_EXAMPLE}。")
        out: dict[str, Rule | None] = {}
        wrong: list[Wrong] = []
        for key, rule in value.items():
            if not isinstance(key, str):
                wrong.append(Wrong(f" 中未知的会议类型“{echo(key)}”；请写会议类型的 id，例如 {MEETING_EXAMPLE}。", (key,)))
                continue
            if rule is None:
                out[key] = None
                continue
            per, least = (rule.get("per"), rule.get("min", 1)) if isinstance(rule, dict) else (None, None)
            if not isinstance(per, str) or per not in PERIODS or type(least) is not int or least < 1:
                wrong.append(Wrong(f".{echo(key)} 应当写成 {{per: month, min: 1}}（per 可选 month、quarter、year），"
                                   "或写 null 表示不作要求。", (key,)))
                continue
            out[key] = Rule(per, least)
        if wrong:
            raise Wrong(wrong[0].message, wrong[0].at, wrong[1:])
        return out


class ArchiveOptions:
    """The options under ``extra.archive``, declared once: the build, `archive check` and the option list in
    docs/guide/maintenance.md (``option_table``) all come from here."""

    vocabulary = FileOption("vocabulary.yml", "词表文件（支部、学习教育批次及其检视方面、文档类型、会议类型）的位置")
    pages = GlobsOption(("index.md", "guide/*"), "网站本身的页面（不是材料），其余 docs/ 下的 Markdown 文件都是材料")
    folders = LabelsOption({}, "docs/ 下各文件夹在导航中显示的中文名称，补充或改写默认的（huiyi 会议记录、xuexi 学习笔记等）")
    audience = ChoiceOption("members", "网站的读者：全体党员，或支委（包括“仅支委可见”的材料）",
                            {"members": "全体党员", "committee": "支委"})
    member_order = ChoiceOption("strokes", "索引、导航和汇编中党员的排列顺序", ORDERS)
    same_areas = GroupsOption((), "不同批次叫法不同、其实是同一方面的检视方面（用于“年年查、年年有”）")
    duplicate_threshold = NumberOption(DEFAULT_THRESHOLD, "不同党员的表述相似到多少算雷同（千人一面）", 0.3, 1)
    meetings = MeetingsOption({}, "三会一课：各种会议的最低次数，per 可选 month（每月）、quarter（每季度）、"
                                  "year（每年）；写 null 表示不作要求；没写的会议类型按词表中的 rule")

    def __init__(self, values: Mapping[str, Any] | None = None) -> None:
        self.values = {o.name: copy.copy(o.default) for o in self.schema()}  # no default shared between two
        self.values.update(values or {})

    @classmethod
    def schema(cls) -> tuple[Option[Any], ...]:
        return tuple(v for v in vars(cls).values() if isinstance(v, Option))

    def __repr__(self) -> str:
        return f"ArchiveOptions({self.values!r})"


# --- reading ----------------------------------------------------------------------------------------

def read(archive: object, where: Where) -> tuple[ArchiveOptions, list[Diagnostic]]:
    """extra.archive as written → typed options, and a diagnostic for each wrong or unknown option (the
    default stands in for a wrong one, so that every option is checked)."""
    out: list[Diagnostic] = []

    def problem(at: tuple[Key, ...], message: str, level: Level = "error") -> None:
        shown, line = where(at)
        out.append(Diagnostic(shown, line, message, level))

    if archive is None:
        archive = {}
    if not isinstance(archive, Mapping):
        problem((), "extra.archive 应当是“名称: 值”的形式，例如 extra: 下面写 archive: 再逐项缩进写 audience: members。")
        archive = {}
    values: dict[str, Any] = {}
    schema = {o.name: o for o in ArchiveOptions.schema()}
    for name, option in schema.items():
        value = archive.get(name)
        if value is None:  # not written, or written empty (``pages:``)
            continue
        try:
            values[name] = option.check(value)
        except Wrong as exc:
            for each in exc.all:
                problem((name, *each.at), f"extra.archive.{name}{each.message}")
    for name in archive:
        if name not in schema:
            hint = difflib.get_close_matches(str(name), list(schema), n=1, cutoff=0.6)
            problem((name,), f"extra.archive 中未知的名称“{echo(name)}”；可选：{'、'.join(schema)}。"
                             + (f"是不是：{hint[0]}？" if hint else ""), "warning")
    return ArchiveOptions(values), out


def meeting_rules(options: ArchiveOptions, vocab: Vocabulary, where: Where) -> tuple[dict[str, Rule], list[Diagnostic]]:
    """The 三会一课 rules: each meeting type's rule in the vocabulary, then mkdocs.yml's; an error for a
    meeting type the vocabulary does not have."""
    rules = {k: Rule(*e.rule) for k, e in vocab.meeting_types.items() if e.rule is not None}
    out: list[Diagnostic] = []
    for key, rule in options.meetings.items():
        if key not in vocab.meeting_types:
            shown, line = where(("meetings", key))
            out.append(Diagnostic(shown, line, f"extra.archive.meetings 中未知的会议类型“{echo(key)}”；"
                                               f"可选：{'、'.join(vocab.meeting_types)}。"))
        elif rule is None:
            rules.pop(key, None)
        else:
            rules[key] = rule
    return rules, out


# --- where an option is written ---------------------------------------------------------------------

class Marks:
    """The line of each key of mkdocs.yml and of the files it INHERITs from, as MkDocs merges them: the first
    file (mkdocs.yml itself) that writes a key is where its value comes from."""

    def __init__(self, files: list[tuple[str, yaml.Node | None]]) -> None:
        self.files = files

    def at(self, keys: tuple[Key, ...]) -> tuple[str, int]:
        best: tuple[int, str, int] = (-1, self.files[0][0] if self.files else "mkdocs.yml", 0)
        for shown, root in self.files:
            depth, line = _walk(root, keys)
            if depth > best[0]:
                best = (depth, shown, line)
            if depth == len(keys):
                break
        return best[1], best[2]

    def archive(self, keys: tuple[Key, ...]) -> tuple[str, int]:
        """Where: a key path under extra.archive."""
        return self.at(("extra", "archive", *keys))


def _walk(node: yaml.Node | None, keys: tuple[Key, ...]) -> tuple[int, int]:
    """How many of ``keys`` the node has, one inside the other, and the line of the last one found."""
    depth, line = -1, 0
    for key in keys:
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == str(key):
                    child, line = v, k.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
            child = node.value[key]
            line = child.start_mark.line + 1
        if child is None:
            return depth, line
        depth, node = depth + 1, child
    return len(keys), line


class _Composer(yaml.SafeLoader):
    """Nodes only: tags (``!ENV``, ``!!python/name:``…) are not constructed, so any file MkDocs reads composes."""


def marks_of(config_file: Path) -> Marks:
    """The nodes of mkdocs.yml and of each file it INHERITs from; raise OptionsError on a file that is no YAML."""
    root = config_file.resolve().parent
    files: list[tuple[str, yaml.Node | None]] = []
    path: Path | None = config_file.resolve()
    while path is not None and len(files) < 10 and (not files or path.is_file()):  # mkdocs.yml itself: say why it cannot be read
        shown = os.path.relpath(path, root).replace(os.sep, "/")
        try:
            node = yaml.compose(path.read_text(encoding="utf-8"), Loader=_Composer)
        except UnicodeDecodeError:
            raise OptionsError([Diagnostic(shown, 0, "网站配置不是 UTF-8 编码；请用 UTF-8 保存。")], f"网站配置（{shown}）") from None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problem = getattr(exc, "problem", None) or exc
            raise OptionsError([Diagnostic(shown, mark.line + 1 if mark else 0, f"网站配置不是有效的 YAML：{problem}。")],
                               f"网站配置（{shown}）") from None
        except OSError as exc:
            raise OptionsError([Diagnostic(shown, 0, f"无法读取网站配置：{exc.strerror or exc}。")], f"网站配置（{shown}）") from None
        files.append((shown, node))
        parent = _scalar(node, "INHERIT")
        path = (path.parent / parent).resolve() if parent else None
    return Marks(files)


def _scalar(node: yaml.Node | None, key: str) -> str | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key and isinstance(v, yaml.ScalarNode):
                return str(v.value)
    return None


# --- one loading for the hook and the CLI ------------------------------------------------------------

class OptionsError(ArchiveError):
    """What stops the build before it reads a material: wrong options, or a vocabulary that cannot be used."""

    def __init__(self, diagnostics: list[Diagnostic], what: str) -> None:
        super().__init__(diagnostics)
        self.what = what
        """What is wrong, as the summary line names it: 网站配置（mkdocs.yml） or 词表."""
        self.count = sum(d.level == "error" for d in diagnostics)
        """The errors among the diagnostics (unknown option names are warnings, shown with them)."""


@dataclass(frozen=True)
class Settings:
    """Everything extra.archive decides, typed, with the vocabulary it names: the hook's and `archive check`'s."""

    options: ArchiveOptions
    vocab: Vocabulary
    vocabulary_path: Path
    rules: dict[str, Rule]
    """三会一课 rules, by meeting type (meeting_rules)."""
    warnings: list[Diagnostic] = field(default_factory=list)
    """Unknown option names: warnings, as in the build (a strict build and `archive check --strict` fail on them)."""
    urls: Recorded = field(default_factory=Recorded)
    """urls.yml beside mkdocs.yml: the recorded page slugs (its problems are reported with the members', by
    analyse.indexes.member_pages)."""


def load(config: Mapping[str, Any]) -> Settings:
    """The options and the vocabulary of an MkDocsConfig (``mkdocs.config.load_config``'s, or the hook's);
    raise OptionsError with every problem found in them at once."""
    config_file = Path(str(config.get("config_file_path") or "mkdocs.yml"))
    marks = marks_of(config_file)
    extra = config.get("extra")
    options, problems = read(extra.get("archive") if isinstance(extra, Mapping) else None, marks.archive)
    root = config_file.resolve().parent
    vocabulary_path = root / options.vocabulary
    vocab: Vocabulary | None = None
    rules: dict[str, Rule] = {}
    if not any(d.message.startswith("extra.archive.vocabulary ") for d in problems):
        try:
            vocab = read_vocabulary(vocabulary_path, os.path.relpath(vocabulary_path, root).replace(os.sep, "/"), marks.archive)
        except OptionsError as exc:
            problems += exc.diagnostics
        else:  # the meeting types of extra.archive.meetings are the vocabulary's
            rules, unknown = meeting_rules(options, vocab, marks.archive)
            problems += unknown
    if vocab is None or any(d.level == "error" for d in problems):
        raise OptionsError(problems, _what(problems, [shown for shown, _ in marks.files]))
    urls = load_urls(root, {b: e.label for b, e in vocab.branches.items()})
    return Settings(options, vocab, vocabulary_path, rules, problems, urls)


def read_files(config: Mapping[str, Any]) -> list[Path]:
    """The files a build reads besides docs/ and mkdocs.yml itself: the files mkdocs.yml INHERITs from, the
    vocabulary and urls.yml (`serve` watches them; MkDocs watches only docs/ and mkdocs.yml)."""
    config_file = Path(str(config.get("config_file_path") or "mkdocs.yml")).resolve()
    root = config_file.parent
    extra = config.get("extra")
    options, _ = read(extra.get("archive") if isinstance(extra, Mapping) else None, lambda at: ("", 0))
    inherited = [(root / shown).resolve() for shown, _ in marks_of(config_file).files[1:]]
    return [*inherited, (root / options.vocabulary).resolve(), root / URLS_FILE]


def _what(diagnostics: list[Diagnostic], config_files: list[str]) -> str:
    """What the errors are in, for the summary line: 网站配置（mkdocs.yml）, 词表, or both."""
    files = dict.fromkeys(d.path for d in diagnostics if d.level == "error")
    config = [f for f in files if f in config_files]
    parts = [f"网站配置（{'、'.join(config)}）"] if config else []
    return "和".join(parts + (["词表"] if len(config) < len(files) else [])) or "网站配置"


def read_vocabulary(path: Path, shown: str, where: Where | None = None) -> Vocabulary:
    """Load the vocabulary file; every failure is an OptionsError with Chinese diagnostics. ``where``: the
    vocabulary option's place in mkdocs.yml, named when there is no such file to read."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise OptionsError([Diagnostic(shown, 0, "词表不是 UTF-8 编码；请用 UTF-8 保存。")], "词表") from None
    except OSError as exc:
        problem = (f"找不到词表文件“{echo(shown)}”" if isinstance(exc, FileNotFoundError)
                   else f"“{echo(shown)}”是一个文件夹，不是词表文件" if isinstance(exc, IsADirectoryError)
                   else f"无法读取词表文件“{echo(shown)}”（{exc.strerror}）")
        config, line = where(("vocabulary",)) if where else ("mkdocs.yml", 0)
        raise OptionsError([Diagnostic(config, line, f"extra.archive.vocabulary：{problem}；"
                                                     "请写明词表文件的位置（相对于 mkdocs.yml 所在的文件夹），例如 vocabulary.yml。")],
                           f"网站配置（{config}）") from None
    try:
        return load_vocabulary(text, shown)
    except ArchiveError as exc:
        raise OptionsError(exc.diagnostics, "词表") from None


def option_table() -> str:
    """The options as a Markdown table, in Chinese: docs/guide/maintenance.md has it (a test compares)."""
    rows = ["| 名称 | 作用 | 可写的值 | 默认 |", "|---|---|---|---|"]
    for o in ArchiveOptions.schema():
        default = o.default
        if isinstance(default, tuple):
            default = "[" + ", ".join(default) + "]" if default else "（无）"
        elif not default and not isinstance(default, (int, float)):
            default = "（无）" if not isinstance(o, MeetingsOption) else "见下"
        rows.append(f"| `{o.name}` | {o.description} | {o.expected} | {default} |")
    return "\n".join(rows) + "\n"
