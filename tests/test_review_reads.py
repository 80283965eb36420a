"""Adversarial saves for the narrowed declarations of what the generated pages read (review of bd1733d, 822742a,
cc9f7a3: the 雷同表述 page's ``duplicates_shows``, ``page_view`` without an item's text, a material page's
``additions_key``), and of the member pages' 年年查、年年有. Each test makes its saves in one `serve --dirty` session
(test_serve_random_edits.py's), compares the served site with a fresh build after each, and checks that the save
changed the page it aims at (else the test could not fail)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

from test_serve_dirty_edges import first_problem, fresh
from test_serve_incremental import differences, snapshot
from test_serve_random_edits import PORT, Session, copy_problem, pristine  # noqa: F401  # the fixture

Save = Callable[[Path], bool]
Target = Callable[[dict[str, bytes]], str]
"""The served page a save aims at (its path in the site), found in the site as the save left it."""

M = "徐健晶"  # a member of both generated campaigns (2019-bwcx, 2020-annual)


def page_of(marker: str) -> Target:
    """The one page whose HTML holds ``marker`` (a member page's heading, a material's title)."""
    def find(site: dict[str, bytes]) -> str:
        found = [p for p, data in site.items() if p.endswith(".html") and marker.encode("utf-8") in data
                 and not p.startswith(("print/", "404"))]
        assert found, marker
        return min(found, key=len)
    return find


def path_of(path: str) -> Target:
    return lambda _: path


def sub(pick: Callable[[Path], Path], old: str, new: str, flags: int = re.M) -> Save:
    """In the material ``pick`` chooses: ``old`` (a pattern) becomes ``new``, once."""
    def save(docs: Path) -> bool:
        path = pick(docs)
        text = path.read_text(encoding="utf-8")
        changed = re.sub(old, new, text, count=1, flags=flags)
        path.write_text(changed, encoding="utf-8")
        return changed != text
    return save


def material(rel: str) -> Callable[[Path], Path]:
    return lambda docs: docs / rel


def compare_targets(site: Path, work: Path, saves: list[tuple[str, Save, Target]]) -> None:
    """compare_after_each, and each save must change its target page in the served site."""
    docs = site / "docs"
    session = Session(site, work / "served")
    try:
        before = snapshot(work / "served")
        for n, (what, save, target) in enumerate(saves):
            assert save(docs), f"{what}: the save changed nothing"
            got = session.rebuild()
            want = fresh(site, "mkdocs.yml", work / f"fresh{n}", PORT)
            page = target(want)
            assert before.get(page) != want.get(page), f"{what}: {page} is the same before and after"
            assert differences(got, want) == [], f"第 {n + 1} 次保存（{what}）后"
            before = got
    finally:
        session.close()


def corpus(pristine: Path, work: Path) -> Path:  # noqa: F811
    site = work / "corpus"
    shutil.copytree(pristine, site)
    return site


# --- 年年查、年年有: which campaigns examine an area is every campaign material's, not the member's ---------------

def next_year(docs: Path) -> bool:
    """徐健晶 writes the 2021 material: its 联系服务群众 problems are under 干事创业, an area 2019-bwcx examined and
    2020-annual (as written so far) did not, so 2019 → 2021 is 年年查、年年有 on the member page."""
    text = (docs / "wenhuaguan/2020-annual/xujianjing.md").read_text(encoding="utf-8")
    for old, new in (("批次: 2020年度组织生活会", "批次: 2021年度组织生活会"), ("日期: 2021年2月23日", "日期: 2022年1月20日"),
                     ("标题: 徐健晶同志2020年度", "标题: 徐健晶同志2021年度"), ("【联系服务群众方面】", "【干事创业方面】")):
        assert old in text, old
        text = text.replace(old, new)
    (docs / "wenhuaguan/2021-annual").mkdir()
    (docs / "wenhuaguan/2021-annual/xujianjing.md").write_text(text, encoding="utf-8")
    return True


PEER = "wenhuaguan/2020-annual/guhuajie.md"  # another member's 2020 material


def test_an_area_another_member_examines_ends_a_recurrence(pristine: Path, tmp_path: Path) -> None:  # noqa: F811
    """顾华杰 writes 干事创业 in 2020: 2020-annual now examines it, so 徐健晶's 2019 and 2021 problems there are no
    longer in consecutive campaigns and the recurrence goes from 徐健晶's page, which reads none of 顾华杰's
    materials; and comes back when the heading is put back."""
    member = page_of(f"{M} · 学习档案")
    compare_targets(corpus(pristine, tmp_path), tmp_path, [
        ("next_year", next_year, member),
        ("peer_area", sub(material(PEER), r"^(#+ （[一二三四五]）|【)联系服务群众方面", r"\1干事创业方面"), member),
        ("peer_area_back", sub(material(PEER), r"^(#+ （[一二三四五]）|【)干事创业方面", r"\1联系服务群众方面"), member),
    ])
