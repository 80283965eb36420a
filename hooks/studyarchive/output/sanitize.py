"""Sanitize the rendered HTML of materials: their content arrives through pull requests.

nh3 (Ammonia) keeps an allow-list of tags and attributes; everything else goes: scripts, event
handlers, javascript: URLs, iframes, objects, forms and inline styles that could cover the page.
"""

from __future__ import annotations

import nh3

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "s", "small", "span", "strong",
    "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
ATTRIBUTES = {
    "*": {"id", "class", "title"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align"},
    "ol": {"start"},
}
# Only the classes that Python-Markdown and the archive itself produce: an author's class could
# otherwise borrow the theme's own overlays to cover the page.
CLASS_PREFIXES = ("ar-", "headerlink", "footnote", "task-list", "highlight", "admonition", "md-typeset__")


def outside(url: str) -> bool:
    """An address on another server (http://, https://, //host; browsers read a backslash as a slash): an
    image from there would make every reader's browser fetch it. Links may point there; images may not."""
    url = "".join(url.split()).replace("\\", "/").lower()
    return url.startswith(("http:", "https:", "//"))


def _filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "src" and outside(value):
        return None  # privacy.check_body reports it
    if attribute == "class":
        kept = [c for c in value.split() if c.startswith(CLASS_PREFIXES)]
        return " ".join(kept) or None
    return value


# One cleaner for the whole build: nh3.clean would convert these sets for every page (a third of its time).
_CLEANER = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags={"script", "style", "iframe", "object", "embed", "form", "textarea", "select", "svg", "math"},
    attributes=ATTRIBUTES,
    attribute_filter=_filter,
    url_schemes={"http", "https", "mailto"},
    link_rel=None,
    strip_comments=True,
)


def clean_html(html: str) -> str:
    return _CLEANER.clean(html)
