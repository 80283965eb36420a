"""Memory at the build's peak (docs/guide/performance.md, 五): a generated page is restored and compressed piece by
piece (Fragments.pieces, Held.hold_pieces), and a converted page lets go of its Markdown and its material's text
(speedups.drop_sources). Each must give what the whole-page path gives; tests/test_adapter.py compares whole sites."""

from __future__ import annotations

import random
from types import SimpleNamespace

from studyarchive.core.escaping import Html
from studyarchive.mkdocs.speedups import Held, drop_sources
from studyarchive.output.fragments import CLOSE, OPEN, Fragments


def _page(rng: random.Random) -> tuple[Fragments, str]:
    frags = Fragments()
    bits = ["<p>", "</p>", "正文", "<h", "1", "<", "h1>", "\n", "a", f"{OPEN}99{CLOSE}", f"<p>{OPEN}0{CLOSE}</p>"]
    out = []
    for _ in range(rng.randrange(0, 40)):
        roll = rng.random()
        if roll < 0.3:
            html = "".join(rng.choice(bits) for _ in range(rng.randrange(0, 4)))
            out.append(frags.inline(html if rng.random() < 0.7 else (lambda html=html: html)))
        elif roll < 0.4:
            out.append(frags.block("<table><tr><td>表</td></tr></table>"))
        else:
            out.append(rng.choice(bits))
    return frags, "".join(out)


def test_pieces_join_to_the_restored_page() -> None:
    rng = random.Random(7)
    for _ in range(500):
        frags, page = _page(rng)
        assert "".join(frags.pieces(page)) == frags.restore(page)


def test_a_page_without_fragments_is_one_piece() -> None:
    assert list(Fragments().pieces("<p>全文</p>")) == ["<p>全文</p>"]


def test_hold_pieces_keeps_what_hold_keeps() -> None:
    rng = random.Random(11)
    for n in range(500):
        pieces = ["".join(rng.choice(["<", "h", "1", "<h1>", "中", ">", ""]) for _ in range(rng.randrange(0, 4)))
                  for _ in range(rng.randrange(0, 8))]
        whole, parts = Held(), Held()
        token = whole.hold(f"p{n}", "".join(pieces))
        assert parts.hold_pieces(f"p{n}", iter(pieces)) == token  # the <h1> found across pieces too
        assert parts.html(f"p{n}") == whole.html(f"p{n}") == "".join(pieces)


def test_an_h1_split_over_three_pieces_is_found() -> None:
    assert Held().hold_pieces("p", ["x<", "h", "1>标题"]).endswith(Held.H1)
    assert not Held().hold_pieces("p", ["x<", "h", "2>标题"]).endswith(Held.H1)


def test_markup_pieces_are_read_as_written() -> None:
    # A fragment is Html, whose ``+`` escapes a plain str: "x<" + Html("h") must stay "x<h", not "x&lt;h".
    for pieces in (["x<", Html("h"), "1"], ["x", "<", Html("h"), Html("1>")], ["<p>", Html("<"), Html("h"), "1>", Html("&amp;")]):
        held = Held()
        assert held.hold_pieces("p", pieces).endswith(Held.H1), pieces
        assert held.html("p") == "".join(str(p) for p in pieces)


def test_plain_build_holds_the_whole_page() -> None:
    plain = Held(fast=False)
    assert plain.hold_pieces("p", ["<p>", "正文", "</p>"]) == "<p>正文</p>"
    assert "p" not in plain


def test_drop_sources_only_with_the_speed_ups() -> None:
    page, material = SimpleNamespace(markdown="# 标题"), SimpleNamespace(body="正文")
    drop_sources(page, material, fast=False)  # type: ignore[arg-type]
    assert (page.markdown, material.body) == ("# 标题", "正文")
    drop_sources(page, material, fast=True)  # type: ignore[arg-type]
    assert (page.markdown, material.body) == ("", "")
    other = SimpleNamespace(markdown="索引")
    drop_sources(other, None, fast=True)  # type: ignore[arg-type]
    assert other.markdown == ""
