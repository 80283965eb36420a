"""plaininline.py: Python-Markdown's inline stage skips texts no pattern can match, and the HTML stays the same.

Every text is converted twice, by Python-Markdown alone and with PlainTextExtension, and the two must be
equal: generated texts made of the characters inline patterns look for, the project's extensions and a
dozen others that add patterns of their own. The corpus builds the same site both ways (test_corpus.py).
"""

from __future__ import annotations

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, examples
from studyarchive.mkdocs.plaininline import PlainTextExtension, can_match, split

PROJECT = [e if isinstance(e, str) else next(iter(e)) for e in yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["markdown_extensions"]]
OTHERS = ["footnotes", "nl2br", "smarty", "legacy_em", "abbr", "def_list", "pymdownx.mark", "pymdownx.tilde",
          "pymdownx.caret", "pymdownx.magiclink", "pymdownx.betterem", "pymdownx.emoji", "pymdownx.inlinehilite",
          "pymdownx.keys", "pymdownx.critic"]

CONSTRUCTS = ["*强调*", "**加粗**", "_强调_", "__加粗__", "`代码`", "``双`引号``", "\\*不是强调\\*", "[链接](a.md#x)", "[参考][1]",
              "[1]", "![图](a.png)", "![图][1]", "<http://a.b>", "<a@b.cn>", "<span>内联</span>", "<!-- 注释 -->", "&amp;",
              "&#35;", "&copy;", "行尾  \n下一行", "==标记==", "~~删除~~", "^^插入^^", "H^2^O", "++ctrl+c++", ":smile:",
              "[^1]", "{++增加++}", "https://example.com/a", "www.example.com", "a@b.cn", "HTML", "术语", "--", "...",
              "<<引号>>", "\"引\"", "'单'"]
CHARS = ["党员", "整改", "问题", "。", "，", "：", "“", "”", "（", "）", " ", "\n", "\n\n", "*", "_", "`", "\\", "[", "]",
         "(", ")", "!", "<", ">", "&", "#", "{#id}", "{: .c }", "=", "~", "^", "+", ":", "\ue000", "\ue001", "1", "x",
         "\x02", "\x03", "|", "-", "---", "1. ", "- ", "> ", "    ", "\t", "\n*[HTML]: 超文本语言\n", "\n术语\n:   定义\n",
         "\n[1]: a.md\n", "\n[^1]: 脚注\n"]
# Mostly plain text, with a construct now and then: the texts this module skips, next to the ones it must not.
PIECES = st.one_of(st.sampled_from(CHARS), st.sampled_from(CHARS), st.sampled_from(CONSTRUCTS))
TEXTS = st.lists(PIECES, max_size=40).map("".join)


def convert(text: str, extensions: list, plain: bool) -> str:
    md = markdown.Markdown(extensions=[*extensions, *([PlainTextExtension()] if plain else [])])
    return md.convert(text)


def both(text: str, extensions: list) -> tuple[str, str]:
    return convert(text, extensions, False), convert(text, extensions, True)


@settings(max_examples=examples(400), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_the_project_extensions_give_the_same_html(text: str) -> None:
    plain, fast = both(text, PROJECT)
    assert fast == plain


@pytest.mark.parametrize("extension", OTHERS)
@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=TEXTS)
def test_extensions_with_patterns_of_their_own_give_the_same_html(extension: str, text: str) -> None:
    plain, fast = both(text, [*PROJECT, extension])
    assert fast == plain


DOCUMENT = "# 对照检查材料 {#top}\n\n一、存在的问题\n\n" + "".join(f"{n}. 理论学习不够深入，{c}。\n" for n, c in enumerate(CONSTRUCTS, 1)) + """
| 问题 | 措施 |
| --- | --- |
| 学习 | 制定**计划** |

<div markdown>
里面的 *强调* 与纯文字。
</div>

> 引用的纯文字。

    缩进的代码 *不是强调*

[1]: a.md
[^1]: 脚注
*[HTML]: 超文本标记语言
"""


@pytest.mark.parametrize("extensions", [PROJECT, [*PROJECT, *OTHERS]], ids=["project", "all"])
def test_a_material_like_page_is_the_same(extensions: list) -> None:
    plain, fast = both(DOCUMENT, extensions)
    assert fast == plain
    assert "<strong>加粗</strong>" in fast and "<em>强调</em>" in fast and "<br />" in fast and '<a href="a.md#x">' in fast


def test_every_pattern_of_the_project_is_known_so_plain_text_is_skipped() -> None:
    """A Python-Markdown upgrade that changes a pattern would only make the build slower; this says so."""
    md = markdown.Markdown(extensions=PROJECT)
    literals, others = split(md.inlinePatterns)
    assert others == [] and set(literals) >= {"`", "\\", "[", "<", "&", "  \n", "*", "_"}
    needs = can_match(md.inlinePatterns)
    assert needs is not None
    assert not needs("党员干部要带头树立正确的权力观、政绩观、事业观。\ue0001\ue001")
    for text in ["a*b", "a_b", "`", "\\", "[x]", "<b>", "&amp;", "行  \n下一行", "\x02wzxhzdk:0\x03"]:
        assert needs(text), text


def test_unknown_patterns_are_tried_with_their_own_expression() -> None:
    md = markdown.Markdown(extensions=[*PROJECT, "pymdownx.mark"])
    needs = can_match(md.inlinePatterns)
    assert needs is not None and needs("==标记==") and not needs("纯文字")


def test_texts_are_unmarked_after_the_inline_stage() -> None:
    """Later tree processors (abbr, toc) treat an AtomicString differently: none of ours may stay."""
    seen: list[type] = []

    class Look(markdown.treeprocessors.Treeprocessor):
        def run(self, root):
            seen.extend(type(e.text) for e in root.iter() if e.text)

    class LookExtension(markdown.Extension):
        def extendMarkdown(self, md):
            md.treeprocessors.register(Look(md), "look", 1)

    markdown.Markdown(extensions=[*PROJECT, PlainTextExtension(), LookExtension()]).convert("纯文字一段。\n\n另一段。")
    assert seen and set(seen) == {str}  # no AtomicString (ours or another) left on a text
