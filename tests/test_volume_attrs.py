"""printing.volume_part finds a material's href and src attributes with an expression that takes the space before
them into the match (docs/guide/performance.md, 五): it must find exactly what the look-behind form found."""

from __future__ import annotations

import random
import re

from studyarchive.output import printing

LOOK_BEHIND = re.compile(r'(?<=\s)(href|src)="([^"]*)"')


def test_the_same_attributes_as_with_a_look_behind() -> None:
    rng = random.Random(3)
    bits = [" ", "\n", "\u3000", "\xa0", "href", "src", "=", '"', "a", "#x", "<a", ">", "中"]
    for _ in range(3000):
        text = "".join(rng.choice(bits) for _ in range(rng.randrange(0, 30)))
        old = [(m.start(), m.group(1), m.group(2)) for m in LOOK_BEHIND.finditer(text)]
        new = [(m.start() + 1, m.group(2), m.group(3)) for m in printing._URL_ATTR_RE.finditer(text)]
        assert new == old, text


def test_a_volume_part_keeps_the_space_before_each_moved_attribute() -> None:
    page = '<p><a\nhref="../li/#problem-1">李</a> <img\u3000src="../img/a.png"> <a href="https://example.org/">外</a></p>'
    out = printing.volume_part(page, "a/wang/", "print/v/", {"a/wang/": "v1-", "a/li/": "v2-"})
    assert out == ('<p><a\nhref="#v2-problem-1">李</a> <img\u3000src="../../a/img/a.png"> '
                   '<a href="https://example.org/">外</a></p>')
