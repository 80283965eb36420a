"""vocab.too_deep first counts the characters that open a YAML mapping or sequence (and looks for an alias's ``*``);
only a text with more than MAX_DEPTH of them is read event by event. The answer must be that of reading every event."""

from __future__ import annotations

import random

from studyarchive.core import vocab
from studyarchive.parse.frontmatter import _FAST_LOADER

PIECES = ["a", "键", " ", "  ", "\n", "\n  ", ": ", ":", "- ", "-", "? ", "[", "]", "{", "}", ", ", "&x ", "*x",
          "'", '"', "#", "|", ">", "!!map ", "2024-03-01", "title: 标题\n", "tags: [甲, 乙]\n"]


def _yaml(rng: random.Random) -> str:
    parts = [rng.choice(PIECES) for _ in range(rng.randrange(1, 40))]
    if rng.random() < 0.6:  # near the limit: nested flow or block collections, 45 to 55 deep
        depth = rng.randrange(45, 56)
        parts.insert(0, rng.choice(["[" * depth + "]" * depth, "{a: " * depth + "}" * depth,
                                    "".join("  " * n + "k:\n" for n in range(depth)) + "  " * depth + "v\n",
                                    "- " * depth + "x\n", "? " * depth + "x\n", "[a: " * depth + "]" * depth]))
    return "".join(parts)


def test_counting_first_gives_the_events_answer() -> None:
    rng = random.Random(3)
    deep = skipped = 0
    for _ in range(4000):
        text = _yaml(rng)
        for loader in (_FAST_LOADER, vocab.yaml.SafeLoader):
            full = vocab.nesting_events(text, loader)
            assert vocab.too_deep(text, loader) == full
            if not vocab.may_nest(text):
                assert full is None
                skipped += 1
            deep += full is not None and full[1].startswith("嵌套")
    assert deep > 200 and skipped > 200  # both ways are taken


def test_deep_front_matter_is_still_refused() -> None:
    assert vocab.too_deep("a: " + "[" * 51 + "]" * 51 + "\n") == (0, "嵌套超过 50 层")
    assert vocab.too_deep("a: &x 1\nb: *x\n") == (1, "用了 YAML 别名（*名称）")
