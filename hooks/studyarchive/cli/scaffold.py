"""`archive new`: where a material goes (the naming convention) and the skeleton it starts from.

The convention (documented in CONTRIBUTING.md), docs-relative:

- ``<campaign>/<pinyin>.md``               a member's 个人对照检查材料 (self_review)
- ``<campaign>/<pinyin>-<suffix>.md``      the member's other documents of that campaign (…-fayan, …-xinde)
- ``<campaign>/zhibu-banzi.md``            支部班子对照检查材料; ``<campaign>/zhenggai-qingdan.md`` 整改清单
- ``huiyi/<year>/<date>-<meeting>.md``     会议记录, the meeting type in pinyin (…-zhiweihui)
- ``xuexi/<pinyin>-<year>-<n>.md``         a member's document that belongs to no campaign
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..core.naming import file_slug
from ..core.vocab import Entry, Vocabulary
from ..parse.frontmatter import CANONICAL

STUDY_FOLDER = "xuexi"
MEETING_FOLDER = "huiyi"


def file_part(kind: Entry) -> str:
    """The doc type's part of a file name, from the vocabulary's ``file`` (vocab.Entry.file)."""
    return kind.file if kind.file is not None else kind.id.replace("_", "-")


def material_path(vocab: Vocabulary, doc_type: str, *, member: str | None, campaign: str | None,
                  meeting_type: str | None, date: dt.date, taken: set[str] | None = None, number: int = 1) -> str:
    """The docs-relative path a material gets by the convention; ``taken`` numbers study notes, ``number`` > 1
    is the second (third …) member of one pinyin in a campaign: zhangwei2.md, zhangwei2-fayan.md."""
    kind = vocab.doc_types[doc_type]
    if kind.meeting or (meeting_type and not kind.personal):
        what = file_slug(vocab.label("meeting_types", meeting_type)) if meeting_type else "huiyi"
        return f"{MEETING_FOLDER}/{date.year}/{date.isoformat()}-{what}.md"
    if not kind.personal:
        name = file_part(kind) or kind.id.replace("_", "-")
        return f"{campaign}/{name}.md" if campaign else f"{STUDY_FOLDER}/{name}-{date.year}.md"
    person = (file_slug(member or "") or "dangyuan") + (str(number) if number > 1 else "")
    if campaign:
        suffix = file_part(kind)
        return f"{campaign}/{person}{'-' + suffix if suffix else ''}.md"
    n = 1
    while f"{STUDY_FOLDER}/{person}-{date.year}-{n}.md" in (taken or set()):
        n += 1
    return f"{STUDY_FOLDER}/{person}-{date.year}-{n}.md"


def default_title(vocab: Vocabulary, doc_type: str, campaign: str | None, meeting_type: str | None) -> str:
    kind = vocab.label("doc_types", doc_type)
    if vocab.is_meeting(doc_type) and meeting_type:
        return f"{vocab.label('meeting_types', meeting_type)}会议记录"
    return f"{vocab.label('campaigns', campaign)}{kind}" if campaign else kind


def front_matter(values: dict[str, object], comments: Sequence[str] = ()) -> str:
    """Front matter in the canonical key order; values quoted only where YAML needs it."""
    import yaml

    lines = ["---"]
    for key in CANONICAL:
        if key in values and values[key] not in (None, ""):
            lines.append(yaml.safe_dump({key: values[key]}, allow_unicode=True, default_flow_style=True, width=10_000).strip().removeprefix("{").removesuffix("}"))
    lines.extend(f"# {c}" for c in comments)
    lines.append("---")
    return "\n".join(lines) + "\n"


# Guidance lives in HTML comments: invisible on the page, and free of numbering words and markers
# so that the outline and the check do not take it for content.
PROBLEMS_HINT = "<!-- 每个问题写一段：先用一句话概括问题，再写具体表现，最后写“比如，……”。段首依次写一是、二是…… -->"
CAUSES_HINT = "<!-- 每条原因写一段，段首依次写一是、二是…… -->"
MEASURES_HINT = "<!-- 每条措施写一段，段首依次写一是、二是……；段末用针对问题的标记写明它回应哪些问题（写法见编写指南）。 -->"
LEAD_HINT = "<!-- 开头写一段说明：按照……的要求，……现作个人对照检查如下。 -->"
TEXT_HINT = "<!-- 在这里写正文。 -->"


def skeleton(vocab: Vocabulary, kind: Entry, campaign: str | None) -> str:
    """The body a new material starts from: for structured doc types, the sections and the campaign's areas."""
    if not kind.structured:
        return f"\n{TEXT_HINT}\n"
    parts = ["", LEAD_HINT, "", "## 一、存在问题", ""]
    areas = vocab.campaigns[campaign].areas if campaign else ()
    for n, area in enumerate(areas, 1):
        parts += [f"### （{_zh(n)}）{area}方面", ""]
        if n == 1:
            parts += [PROBLEMS_HINT, ""]
    if not areas:
        parts += [PROBLEMS_HINT, ""]
    parts += ["## 二、产生问题的原因分析", "", CAUSES_HINT, "", "## 三、整改措施", "", MEASURES_HINT]
    return "\n".join(parts) + "\n"


def _zh(n: int) -> str:
    from ..parse.numbering import int_to_zh

    return int_to_zh(n)
