"""The sanitizer on its own: what a material's HTML may keep (links, local images) and what goes."""

from __future__ import annotations

import pytest

from studyarchive.output.sanitize import clean_html, outside


@pytest.mark.parametrize("url", [
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:text/html,<script>alert(1)</script>",
    "javascript:alert(1)",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
])
def test_links_and_images_with_a_dangerous_scheme_lose_their_address(url: str) -> None:
    """data: (a whole page inside a link), javascript:, file: … are no addresses a material may point to."""
    html = clean_html(f'<p><a href="{url}">看这里</a><img src="{url}" alt="图"></p>')
    assert "看这里" in html and 'alt="图"' in html  # the text and the image stay, without the address
    assert "href" not in html and "src" not in html, html


@pytest.mark.parametrize("url", ["https://www.12371.cn/", "http://example.org/a", "mailto:zhibu@example.org", "../2024/a/", "#measure-1"])
def test_links_to_web_pages_mail_and_the_archive_stay(url: str) -> None:
    assert f'href="{url}"' in clean_html(f'<a href="{url}">链接</a>')


def test_local_images_stay_and_outside_images_go() -> None:
    assert 'src="../img/a.png"' in clean_html('<img src="../img/a.png">')
    # Browsers drop whitespace inside the scheme and read a backslash as a slash.
    for url in ("https://example.org/a.png", "//example.org/a.png", " \\\\example.org/a.png", "HTTP://example.org/a.png", "ht\ttps:\n//example.org/a.png"):
        assert outside(url)
        assert "src" not in clean_html(f'<img src="{url}">')
    assert not outside("img/http.png")


def test_only_the_archives_own_classes_stay() -> None:
    html = clean_html('<div class="ar-problem md-dialog headerlink admonition-x evil">x</div>')
    assert 'class="ar-problem headerlink admonition-x"' in html
    assert "class" not in clean_html('<div class="md-dialog">x</div>')


@pytest.mark.parametrize("tag", ["script", "style", "iframe", "object", "form", "svg"])
def test_dangerous_elements_go_with_their_content(tag: str) -> None:
    html = clean_html(f"<p>前</p><{tag}>内容alert(1)</{tag}><p>后</p>")
    assert "内容" not in html and "前" in html and "后" in html


def test_handlers_and_styles_go() -> None:
    html = clean_html('<p onclick="alert(1)" style="position:fixed" id="a" title="t">x</p><!-- c -->')
    assert html == '<p id="a" title="t">x</p>'
