"""The `archive` command: new | import | check. Messages in Chinese; exit 0 ok, 1 problems found, 2 wrong usage."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO, overload

from ..config.options import OptionsError
from ..config.project import Project, find_config, is_material
from ..core.diagnostics import ArchiveError, suggest
from ..core.vocab import Vocabulary
from ..mkdocs.mkdocs_config import load_project

# argparse's own words, in Chinese (unknown ones stay English).
_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "the following arguments are required: %s": "缺少参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "expected one argument": "需要一个值",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
}
argparse._ = lambda text: _ARGPARSE_ZH.get(text, text)  # type: ignore[attr-defined]


class UsageError(Exception):
    """Wrong or missing input on the command line (exit 2)."""


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return args.run(args)
    except UsageError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except ArchiveError as exc:
        for d in exc.diagnostics:
            print(str(d), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\n已取消。", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-f", "--config-file", type=Path, metavar="MKDOCS_YML",
                        help="网站配置文件 mkdocs.yml 的位置（默认在当前文件夹或其上级中寻找）")
    parser = argparse.ArgumentParser(prog="archive", description="党支部学习档案：新建、导入、检查材料，生成公文格式的 PDF 和 Word 文件。详见 CONTRIBUTING.md。")
    sub = parser.add_subparsers(dest="command", metavar="{new,import,outline,check,pdf,docx}")

    new = sub.add_parser("new", parents=[common], help="新建一份材料（带 front matter 和提纲）",
                         description="在 docs/ 下按命名规则新建一份材料，写好 front matter 和该批次各检视方面的提纲；不会覆盖已有文件。")
    _meta_options(new)
    new.add_argument("--meeting", metavar="会议类型", help="会议类型（会议记录需要），例如 支委会")
    new.add_argument("-o", "--output", type=Path, metavar="路径", help="不按命名规则，写到这个文件（例如同名党员时）")
    new.set_defaults(run=_run_new)

    imp = sub.add_parser("import", parents=[common], help="把 Word（.docx）、文本（.txt）或 Markdown 文件导入为材料",
                         description="读取 .txt（UTF-8、GB18030/GBK、UTF-16 等）、.docx 或 .md 文件，整理成材料写入 docs/，并报告识别结果。")
    imp.add_argument("files", nargs="+", type=Path, metavar="文件", help="要导入的文件，可以写多个")
    _meta_options(imp)
    imp.add_argument("--meeting", metavar="会议类型", help="会议类型（会议记录需要），例如 支委会")
    imp.add_argument("-o", "--output", type=Path, metavar="路径", help="写到这个文件（只导入一个文件时）")
    imp.add_argument("--force", action="store_true", help="目标文件已存在时覆盖它")
    imp.add_argument("--encoding", metavar="编码", help="文本文件的编码，不自动识别：gbk、gb18030、big5、utf-8 或 utf-16")
    imp.set_defaults(run=_run_import)

    outline = sub.add_parser("outline", parents=[common], help="显示识别出的提纲：小标题、检视方面、问题、原因、措施和对应关系",
                             description="逐个文件列出识别出的提纲：每个问题、原因、措施的编号、行号和开头几个字，对应关系，"
                                         "没有归入任何条目的文字，以及需要核对的推测。.md 材料照原样读取；.txt、.docx 文件按 archive import "
                                         "的方式在内存中转换（不写入任何文件），行号是导入后文件的行号。")
    outline.add_argument("files", nargs="+", type=Path, metavar="文件", help="材料（.md）或要导入的文件（.txt、.docx），可以写多个")
    outline.add_argument("--encoding", metavar="编码", help="文本文件的编码，不自动识别：gbk、gb18030、big5、utf-8 或 utf-16")
    outline.set_defaults(run=_run_outline)

    check = sub.add_parser("check", parents=[common], help="按构建的规则检查全部材料（不生成网站）",
                           description="用与构建完全相同的规则检查材料，逐条列出“文件:行号: 问题和改法”。有错误时退出码为 1。")
    check.add_argument("paths", nargs="*", type=Path, metavar="路径", help="只报告这些文件或文件夹的问题（检查时仍读取全部材料）")
    check.add_argument("--strict", action="store_true", help="有警告也算失败（与 make build 相同）")
    check.add_argument("--format", choices=("text", "github"), default="text",
                       help="github：输出 GitHub / Gitea Actions 能在合并请求上显示的注释")
    check.set_defaults(run=_run_check)

    pdf = sub.add_parser("pdf", parents=[common], help="生成公文格式的 PDF：材料、批次汇编、整改台账",
                         description="构建网站，再用 WeasyPrint 把材料、批次的材料汇编（封面、带页码的目录、每份材料从奇数页开始）"
                                     "或整改台账（横版）生成 A4 公文格式的 PDF，带页码和书签。详见《打印》指南。")
    _print_arguments(pdf, "PDF ")
    pdf.set_defaults(run=_run_pdf)

    word = sub.add_parser("docx", parents=[common], help="生成公文格式的 Word 文件（.docx）：材料、批次汇编、整改台账",
                          description="生成公文格式的 Word 文件（.docx），与 archive pdf 的参数相同；用 Word 或 WPS 打开，"
                                      "可以再修改。例如：archive docx docs/2024-dangji/wangjianguo.md 或 archive docx --volume 2024-dangji")
    _print_arguments(word, "Word 文件")
    word.set_defaults(run=_run_docx)
    return parser


def _print_arguments(command: argparse.ArgumentParser, what: str) -> None:
    """What `archive pdf` and `archive docx` both take: materials, volumes, ledgers, where to write, a built site."""
    command.add_argument("materials", nargs="*", type=Path, metavar="材料", help="材料文件（docs/ 下的 .md），可以写多个")
    command.add_argument("--volume", action="append", default=[], metavar="批次", help="该批次全部材料的汇编，例如 2024-dangji 或 党纪学习教育；可以写多次")
    command.add_argument("--ledger", action="append", default=[], metavar="批次", help="该批次的整改台账（横版）；可以写多次")
    command.add_argument("-o", "--output", type=Path, metavar="路径", help=f"输出文件（只生成一个 {what}时）或文件夹；默认当前文件夹")
    command.add_argument("--site", type=Path, metavar="文件夹", help="使用已经构建好的网站（例如 site/），不再重新构建")


def _meta_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("-m", "--member", metavar="姓名", help="党员姓名")
    p.add_argument("-c", "--campaign", metavar="批次", help="批次：vocabulary.yml 中的 id 或中文名称，例如 2024-dangji")
    p.add_argument("-t", "--type", metavar="文档类型", help="文档类型：id 或中文名称，例如 self_review 或 个人对照检查材料")
    p.add_argument("--date", metavar="日期", help="日期，例如 2024-07-18 或 2024年7月18日")
    p.add_argument("--title", metavar="标题", help="标题")


def _project(args: argparse.Namespace) -> tuple[Project, Vocabulary]:
    config = args.config_file or find_config(Path.cwd())
    if config is None:
        raise UsageError("找不到 mkdocs.yml：请在档案仓库的文件夹里运行，或用 -f 指定 mkdocs.yml 的位置。")
    if not config.is_file():
        raise UsageError(f"找不到网站配置文件 {config}。")
    project = load_project(config)
    return project, project.settings.vocab


@overload
def _resolve(vocab: Vocabulary, table: str, value: str, what: str, option: str) -> str: ...
@overload
def _resolve(vocab: Vocabulary, table: str, value: str | None, what: str, option: str) -> str | None: ...
def _resolve(vocab: Vocabulary, table: str, value: str | None, what: str, option: str) -> str | None:
    if value is None:
        return None
    found = vocab.resolve(table, value.strip())
    if found is None:
        entries = getattr(vocab, table)
        raise UsageError(f"未知的{what}“{value}”（{option}）；可选：{suggest(value, list(entries))}，或中文名称，例如“{next(iter(entries.values())).label}”。")
    return found


def _date(value: str | None) -> dt.date | None:
    from ..parse.frontmatter import DATE_RE

    if value is None:
        return None
    from .textread import date_of

    m = DATE_RE.match(value)
    parts = tuple(int(g) for g in m.groups()) if m else date_of(value)  # also 2021年1月18号, 二〇二一年一月十八日
    try:
        if parts:
            return dt.date(*parts)
    except ValueError:
        pass
    raise UsageError(f"无法识别的日期“{value}”（--date）；请写成 2024-07-18 或 2024年7月18日。")


# --- archive check -----------------------------------------------------------------------------

def _run_check(args: argparse.Namespace) -> int:
    from ..parse.ledger import build_date
    from .check import collect, failed, report, select, summary

    config = args.config_file or find_config(Path.cwd())
    if config is None:
        raise UsageError("找不到 mkdocs.yml：请在档案仓库的文件夹里运行，或用 -f 指定 mkdocs.yml 的位置。")
    if not config.is_file():  # as the other commands say it (_project)
        raise UsageError(f"找不到网站配置文件 {config}。")
    for path in args.paths:
        if not path.exists():
            raise UsageError(f"找不到文件或文件夹：{path}")
    try:  # the ledger's date: a wrong SOURCE_DATE_EPOCH stops the build too; a message here, not a traceback
        build_date(os.environ)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    try:  # MkDocs reads mkdocs.yml and options.py checks extra.archive, as in the build
        project = load_project(config)
    except OptionsError as exc:  # the build stops here too, before it reads a material
        report(sorted(exc.diagnostics), args.format, sys.stdout)
        print(f"{exc.what}有 {exc.count} 处错误，没有检查材料。请先改正{exc.what}。")
        return 1
    diagnostics, count = collect(project)
    shown = select(project, diagnostics, args.paths)
    report(shown, args.format, sys.stdout)
    print(summary(count, shown, args.strict))
    return 1 if failed(shown, args.strict) else 0


# --- archive outline ---------------------------------------------------------------------------

def _run_outline(args: argparse.Namespace) -> int:
    from ..core.diagnostics import Diagnostic
    from ..link.pipeline import parse_material
    from ..output.outlinereport import material_outline, outline_report
    from .importer import import_file
    from .textread import MARKDOWN_SUFFIXES, ReadError

    project, vocab = _project(args)
    encoding = _encoding(args.encoding)
    failures = 0
    for n, path in enumerate(args.files):
        if n:
            print()
        shown = project.shown(path.resolve()) if path.exists() else str(path)
        if path.is_file() and path.suffix.lower() in MARKDOWN_SUFFIXES:
            src = project.src_uri(path)
            prefix, name = (project.prefix, src) if src is not None else ("", shown)
            problems: list[Diagnostic] = []
            material = parse_material(name, path.read_text(encoding="utf-8-sig"), vocab, prefix, problems)
            if material is None:
                print(f"{shown}：无法读取这份材料，原因如下（改正后再运行 archive outline）：")
                for d in sorted(problems):
                    print(f"  {d}")
                failures += 1
                continue
            kind = vocab.doc_types[material.meta.doc_type]
            print(f"{shown}：{kind.label}“{material.meta.title}”")
            if not kind.structured:
                print(f"  {kind.label}不拆分问题、原因和措施，全文作为正文显示。")
                continue
            outline, body, body_line = material_outline(material), material.body, material.body_line
        else:
            try:
                converted, _doc = import_file(path, vocab, {}, encoding)
            except ReadError as exc:
                print(f"无法读取 {path}：{exc}")
                failures += 1
                continue
            meta = converted.meta
            guessed = vocab.doc_types.get(meta.doc_type or "")
            label = guessed.label if guessed else "文档类型未识别"
            print(f"{shown}：{label}“{meta.title or '（没有标题）'}”（按 archive import 转换后的提纲，没有写入文件；行号是导入后文件的行号）")
            body, body_line, outline = _imported_outline(converted, vocab)
        for line in outline_report(body, body_line, outline):
            print(f"  {line}")
        print(f"  {_counts(outline)}")
    return 1 if failures else 0


def _imported_outline(converted, vocab: Vocabulary):
    """The file `archive import` writes (or would write), for outline_report: (body, body line, outline)."""
    from ..parse.frontmatter import split
    from ..parse.outline import parse_outline

    part = split(converted.text)
    campaign = converted.meta.campaign
    areas = vocab.campaigns[campaign].areas if campaign in vocab.campaigns else ()
    outline = parse_outline(part.body, part.body_line, areas)
    outline.guesses += converted.guesses  # links the import guessed from shared characters, with the reason
    return part.body, part.body_line, outline


def _counts(outline) -> str:
    problems = [i for i in outline.items if i.kind == "problem"]
    areas = len({p.area_index for p in problems if p.area_index is not None})
    causes = sum(i.kind == "cause" for i in outline.items)
    measures = sum(i.kind == "measure" for i in outline.items)
    return f"合计：{areas} 个检视方面，{len(problems)} 个问题，{causes} 条原因，{measures} 条措施"


# --- archive pdf -------------------------------------------------------------------------------

def _print_jobs(args: argparse.Namespace, what: str, command: str):
    """What `archive pdf` and `archive docx` are asked for: materials, volumes (汇编) and ledgers, as jobs."""
    from ..output.pages import ledger_path
    from ..output.printing import volume_path
    from .pdf import Job

    config = args.config_file or find_config(Path.cwd())
    project, vocab = _project(args)
    assert config is not None  # _project has checked it
    jobs: list[Job] = []
    for path in args.materials:
        src = project.src_uri(path)
        if not path.is_file() or src is None or not is_material(src, project.pages):
            raise UsageError(f"{path} 不是材料文件：请写 {project.prefix} 下某份材料的 .md 文件，例如 {project.prefix}2024-dangji/wangjianguo.md")
        jobs.append(Job(src, missing=f"{project.shown(path)} 没有生成页面：它是草稿（status: draft），或仅支委可见"
                                     "（支委材料请加 -f mkdocs-committee.yml）；也可能有错误，请运行 archive check。"))
    for value in args.volume:
        cid = _resolve(vocab, "campaigns", value, "批次", "--volume")
        label = vocab.label("campaigns", cid)
        jobs.append(Job(volume_path(cid), f"{label}材料汇编", missing=f"批次“{label}”还没有材料，无法生成汇编。"))
    for value in args.ledger:
        cid = _resolve(vocab, "campaigns", value, "批次", "--ledger")
        label = vocab.label("campaigns", cid)
        jobs.append(Job(ledger_path(cid), f"{label}整改台账", landscape=True, missing=f"批次“{label}”还没有整改措施，没有整改台账。"))
    if not jobs:
        raise UsageError(f"请指定要生成{what}的内容：材料文件、--volume 批次 或 --ledger 批次，例如 archive {command} --volume 2024-dangji")
    if args.site is not None and not (args.site / "index.html").is_file():
        raise UsageError(f"{args.site} 不是构建好的网站（其中没有 index.html）；先运行 make build，或去掉 --site。")
    return config, project, jobs


def _run_pdf(args: argparse.Namespace) -> int:
    from .pdf import PdfError, make_pdfs

    config, project, jobs = _print_jobs(args, " PDF ", "pdf")
    try:
        written = make_pdfs(config, jobs, args.output, args.site, project.shown)
    except PdfError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    for target, pages in written:
        print(f"已生成 {project.shown(target)}（{pages} 页）")
    return 0


# --- archive docx ------------------------------------------------------------------------------

def _run_docx(args: argparse.Namespace) -> int:
    from .pdf import PdfError
    from .wordfile import WordError, make_docx

    config, project, jobs = _print_jobs(args, " Word 文件", "docx")
    try:
        written = make_docx(config, jobs, args.output, args.site, project.shown)
    except (WordError, PdfError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    for target in written:
        print(f"已生成 {project.shown(target)}")
    return 0


# --- archive new -------------------------------------------------------------------------------

def _ask(question: str, choices: list[tuple[str, str]] | None = None, optional: bool = False) -> str | None:
    """Ask on the terminal; choices are (id, label) and may be answered by number, id or label."""
    if choices:
        print(question)
        for n, (entry_id, label) in enumerate(choices, 1):
            print(f"  {n}. {label}（{entry_id}）")
    for _ in range(3):
        answer = input(f"{question if not choices else '请输入编号或名称'}{'（可以不填，直接回车）' if optional else ''}：").strip()
        if not answer:
            if optional:
                return None
            print("这一项必须填写。")
            continue
        if not choices:
            return answer
        if answer.isdigit() and 1 <= int(answer) <= len(choices):
            return choices[int(answer) - 1][0]
        for entry_id, label in choices:
            if answer in (entry_id, label):
                return entry_id
        print(f"没有“{answer}”这一项，请重新输入。")
    raise UsageError(f"没有得到有效的{question}。")


def _run_new(args: argparse.Namespace) -> int:
    from .scaffold import default_title, front_matter, material_path, skeleton

    project, vocab = _project(args)
    interactive = sys.stdin is not None and sys.stdin.isatty()
    doc_type = _resolve(vocab, "doc_types", args.type, "文档类型", "--type")
    if doc_type is None:
        if not interactive:
            raise UsageError("缺少文档类型：请用 --type 指定，例如 archive new --type 个人对照检查材料 --member 张三 --campaign 2024-dangji")
        doc_type = _ask("文档类型", [(e.id, e.label) for e in vocab.doc_types.values()])
    assert doc_type is not None  # _ask returns None only where the answer is optional
    kind = vocab.doc_types[doc_type]
    member = args.member.strip() if args.member else None
    if member is None and kind.personal:
        if not interactive:
            raise UsageError(f"缺少党员姓名：{kind.label}是个人材料，请用 --member 指定，例如 --member 张三")
        member = _ask("党员姓名")
    campaign = _resolve(vocab, "campaigns", args.campaign, "批次", "--campaign")
    if campaign is None and kind.campaign:
        if not interactive:
            raise UsageError(f"缺少批次：{kind.label}必须属于某个批次，请用 --campaign 指定；可选：{'、'.join(vocab.campaigns)}")
        campaign = _ask("批次", [(e.id, e.label) for e in vocab.campaigns.values()])
    elif campaign is None and interactive and not kind.meeting and args.type is None:
        campaign = _ask("批次", [(e.id, e.label) for e in vocab.campaigns.values()], optional=True)
    meeting = _resolve(vocab, "meeting_types", args.meeting, "会议类型", "--meeting")
    if meeting is None and kind.meeting:
        if not interactive:
            raise UsageError(f"缺少会议类型：{kind.label}请用 --meeting 指定；可选：{'、'.join(e.label for e in vocab.meeting_types.values())}")
        meeting = _ask("会议类型", [(e.id, e.label) for e in vocab.meeting_types.values()])
    date = _date(args.date) or dt.date.today()

    if args.output:
        target = args.output
    else:
        taken = {p.relative_to(project.docs_dir).as_posix() for p in project.docs_dir.glob("xuexi/*.md")}
        target = _numbered(project, vocab, member, lambda n: project.docs_dir / material_path(
            vocab, doc_type, member=member, campaign=campaign, meeting_type=meeting, date=date, taken=taken, number=n), sys.stderr)
    shown = project.shown(target)
    if target.exists():
        hint = "如果是同名的另一位党员，请用 --output 指定另一个文件名，例如在拼音后加数字。" if member else ""
        print(f"错误：{shown} 已存在，不会覆盖。请直接编辑它。{hint}", file=sys.stderr)
        return 1
    values = {"title": args.title or default_title(vocab, doc_type, campaign, meeting), "doc_type": doc_type,
              "member": member, "campaign": campaign, "meeting_type": meeting, "date": date}
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(front_matter(values) + skeleton(vocab, kind, campaign))
    print(shown)
    _record_urls(project, vocab, [target], sys.stderr)  # stdout stays the new file's path alone, for scripts
    return 0


def _numbered(project: Project, vocab: Vocabulary, member: str | None, path_for: Callable[[int], Path],
              out: TextIO) -> Path:
    """path_for(1), or the next number's path while the file is another member's of the same pinyin
    (CONTRIBUTING.md: the second member's file is zhangwei2.md)."""
    number, target = 1, path_for(1)
    while member and target.exists() and (other := _member_of(target, project, vocab)) not in (None, member):
        following = path_for(number + 1)
        if following == target:  # a path without the member's pinyin (docs/daoru/): nothing to number
            break
        print(f"{project.shown(target)} 是{other}的材料，{member}的这一份用下一个文件名。", file=out)
        number, target = number + 1, following
    return target


def _member_of(path: Path, project: Project, vocab: Vocabulary) -> str | None:
    """The member a material's front matter names; None when it names none or cannot be read."""
    from ..parse.frontmatter import parse

    try:
        meta, _, _ = parse(path.read_text(encoding="utf-8-sig"), project.shown(path), vocab)
    except (OSError, UnicodeDecodeError):
        return None
    return meta.member if meta else None


def _record_urls(project: Project, vocab: Vocabulary, written: Iterable[Path], out: TextIO) -> None:
    """Record in urls.yml the page of each member whose first material was just written (naming.lines_to_record)."""
    from ..core.naming import MEMBER_PAGES, URLS_FILE, Seen, append_records, first_seen, lines_to_record, load_urls
    from ..core.people import Person, person_of
    from ..parse.frontmatter import parse
    from .areaurls import record_areas

    recorded = load_urls(project.root, {b: e.label for b, e in vocab.branches.items()})
    if recorded.problems:
        for d in recorded.problems:
            print(f"注意：{d}", file=out)
        print(f"注意：{URLS_FILE} 有错误，没有为新党员记下页面网址；改正后运行 archive check，按提示补上。", file=out)
        return
    fresh = {p.resolve() for p in written}
    campaigns: list[str] = []
    new: list[tuple[Person, Seen]] = []
    old: list[tuple[Person, Seen]] = []
    for src_uri, path in project.material_files():
        try:
            meta, _, _ = parse(path.read_text(encoding="utf-8-sig"), project.prefix + src_uri, vocab)
        except (OSError, UnicodeDecodeError):
            continue
        p = person_of(meta) if meta else None
        if p is not None and meta is not None:
            (new if path.resolve() in fresh else old).append((p, Seen(meta.date, src_uri, project.prefix + src_uri)))
        if meta is not None and meta.campaign in vocab.campaigns and path.resolve() in fresh:
            campaigns.append(meta.campaign)
    label = lambda b: vocab.label("branches", b)  # noqa: E731
    records = lines_to_record([p for p, _ in new], first_seen(old), recorded, list(vocab.branches), label)
    for (p, slug), line in zip(records.items(), append_records(project.root, records, len(vocab.branches) > 1, label)):
        print(f"已在 {URLS_FILE} 记下{p.name}的页面网址 {MEMBER_PAGES}/{slug}/（“{line}”），以后不再变化；请把 {URLS_FILE} 一并提交。", file=out)
    record_areas(project, vocab, [a for c in dict.fromkeys(campaigns) for a in vocab.campaigns[c].areas], fresh, recorded, out)


# --- archive import ----------------------------------------------------------------------------

def _run_import(args: argparse.Namespace) -> int:
    from .importer import import_file, missing_sentences, target_for
    from .textread import ReadError, clean_line

    project, vocab = _project(args)
    if args.output and len(args.files) > 1:
        raise UsageError("--output 只能在导入一个文件时使用。")
    encoding = _encoding(args.encoding)
    given = {
        "member": clean_line(args.member) or None if args.member else None,  # 张  伟 → 张伟
        "campaign": _resolve(vocab, "campaigns", args.campaign, "批次", "--campaign"),
        "doc_type": _resolve(vocab, "doc_types", args.type, "文档类型", "--type"),
        "date": _date(args.date),
        "title": args.title,
        "meeting_type": _resolve(vocab, "meeting_types", args.meeting, "会议类型", "--meeting"),
    }
    written: dict[Path, Path] = {}
    failures = 0
    for path in args.files:
        try:
            converted, doc = import_file(path, vocab, given, encoding)
        except ReadError as exc:
            print(f"无法导入 {path}：{exc}", file=sys.stderr)
            failures += 1
            continue
        meta = converted.meta
        # mypy cannot infer the type of a lambda whose defaults bind loop values: hence the ignore[misc] below.
        by_convention = _numbered(project, vocab, meta.member, lambda n, meta=meta, path=path: target_for(meta, vocab, path, project.docs_dir, n),  # type: ignore[misc]
                                  sys.stdout)
        target = (args.output or by_convention).resolve()
        shown = project.shown(target)
        if target in written:
            print(f"没有导入 {path}：本次已从 {written[target]} 写入 {shown}，两个文件对应同一份材料；请用 --member、--campaign 或 --output 区分。", file=sys.stderr)
            failures += 1
            continue
        if target.exists() and not args.force:
            print(f"没有导入 {path}：{shown} 已存在，不会覆盖。确实要替换它请加 --force；如果是另一份材料，请用 --output 指定别的文件名。", file=sys.stderr)
            failures += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(converted.text)
        written[target] = path
        _summary(path, shown, doc, converted, missing_sentences(doc.lines, converted.text), vocab)
    if written:
        _record_urls(project, vocab, written, sys.stdout)
    total = len(args.files)
    print(f"共 {total} 个文件：导入 {total - failures} 个" + (f"，{failures} 个没有导入（原因见上）。" if failures else "。"))
    if written:
        print("下一步：打开导入的文件，补全“待补充”的项目，逐条核对【建议对应问题：…】，然后运行 archive check。")
    return 1 if failures else 0


def _encoding(value: str | None) -> str | None:
    from ..core.diagnostics import echo
    from .textread import OVERRIDES

    if value is None:
        return None
    name = value.strip().lower().replace("_", "-")
    name = {"utf8": "utf-8", "utf16": "utf-16"}.get(name, name)
    if name not in OVERRIDES:
        raise UsageError(f"不认识的编码“{echo(value)}”（--encoding）：可选 {'、'.join(OVERRIDES)}。")
    return name


def _summary(path: Path, shown: str, doc, c, lost: list[str], vocab: Vocabulary) -> None:
    from .importer import HOLDING

    meta = c.meta
    print(f"已导入 {path}（{doc.encoding}）→ {shown}")
    if doc.note:
        print(f"  注意：{doc.note}")
    facts = [f"标题：{meta.title}" if meta.title else None,
             f"文档类型：{vocab.label('doc_types', meta.doc_type)}" if meta.doc_type else None,
             f"批次：{vocab.label('campaigns', meta.campaign)}" if meta.campaign else None,
             f"会议类型：{vocab.label('meeting_types', meta.meeting_type)}" if meta.meeting_type else None,
             f"党员：{meta.member}" if meta.member else None,
             f"日期：{meta.date.isoformat()}" if meta.date else None]
    if any(facts):
        print("  " + "；".join(f for f in facts if f))
    if meta.filled:
        print(f"  从原文读出（请核对）：{'、'.join(meta.filled)}")
    n = c.counts
    print(f"  识别出：{n['areas']} 个检视方面，{n['problems']} 个问题，{n['causes']} 条原因，{n['measures']} 条措施")
    print(f"  对应关系：原文已标注 {len(c.found)} 处，按原文写成标记 {len(c.written)} 处，建议 {len(c.proposed)} 处")
    for line, mid, ids in c.written:
        print(f"    第 {line} 行：措施 {mid} → 【针对问题：{'、'.join(ids)}】（原文写明）")
    for line, mid, ids in c.proposed:
        print(f"    第 {line} 行：措施 {mid} → 【建议对应问题：{'、'.join(ids)}】（请确认：改成【针对问题：…】，或删去）")
    if c.unanswered:
        print(f"  还没有措施对应的问题：{'、'.join(c.unanswered)}")
    from ..output.outlinereport import outline_report

    kind = vocab.doc_types.get(meta.doc_type or "")
    tree = outline_report(*_imported_outline(c, vocab)) if kind is None or kind.structured else [
        f"{kind.label}不拆分问题、原因和措施，全文作为正文显示。"]
    for line, text in c.unplaced:
        if not any(f"第 {line} 行  未归入" in t for t in tree):
            print(f"  未归入问题、原因或措施（保留为说明文字）：第 {line} 行“{_short(text)}”")
    print("  提纲（行号是导入后文件的行号；也可以用 archive outline 文件 再看）：")
    for line in tree:
        print(f"    {line}")
    for note in c.notes:
        print(f"  注意：{note}")
    for sentence in lost:
        print(f"  注意：原文的这句话没有出现在导入结果中，请手工补上：“{_short(sentence)}”")
    if c.todo:
        print(f"  待补充：{len(c.todo)} 项，已在文件开头以“待补充（TODO）”注明，补全后再运行 archive check")
    if Path(shown).parent.name == HOLDING:
        print(f"  注意：党员或批次还不确定，文件暂存在 {Path(shown).parent.as_posix()}/；补全后请按命名规则移到正确的文件夹（见 CONTRIBUTING.md）")


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


if __name__ == "__main__":
    sys.exit(main())
