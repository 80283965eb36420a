"""Content-Security-Policy: what a page of the archive may load and run (defence in depth).

Every page carries the policy as ``<meta http-equiv="Content-Security-Policy">`` (it holds on any server and when
the built site is opened from file://); deploy/nginx-archive.conf sends the same policy as a header, plus
``frame-ancestors``, which a meta policy cannot carry. tests/test_edge_csp.py checks that the two cannot drift.

Scripts, styles, fonts and images come from the site itself only; nothing inline runs except Material's own
small inline scripts, each allowed by its sha256 hash. Only a script whose text is one of the inline scripts of
Material's templates (partials/javascripts/*.html, with their ``{{ … }}`` values) is hashed: a script that got into
a page any other way (a failed escape) is not, and the browser refuses to run it. Material's icons are
``data:`` SVG images in its stylesheet, hence ``img-src 'self' data:``. No page has a style attribute or a
``<style>`` element (docs/assets/print.js keeps its rules in print.css), so style-src is ``'self'`` alone; styles
set by an allowed script through the CSSOM (``el.style.x = …``) are not subject to the policy.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from collections.abc import Iterable

from ..core.escaping import Html

# The one place the policy is written (without the hashes of the inline scripts, added per page).
DIRECTIVES: tuple[tuple[str, str], ...] = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
HEADER_ONLY: tuple[tuple[str, str], ...] = (("frame-ancestors", "'none'"),)
"""Directives a <meta> policy cannot carry (browsers ignore them there): the server's header only."""

_SCRIPT = re.compile(r"<script(\s[^>]*)?>(.*?)</script\s*>", re.S | re.I)
_SRC = re.compile(r"\ssrc\s*=", re.I)
_TYPE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]+)""", re.I)
_JS_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript", "application/ecmascript"}
_EXPRESSION = re.compile(r"\{\{.*?\}\}", re.S)
_VALUE = r"""[^"'<>\\\n]*"""
"""What a ``{{ … }}`` of a Material script may stand for: a value inside a JavaScript string (a URL), which
cannot end the string."""
_META_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.I)


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script the browser would run (not ``src=`` scripts, not JSON data)."""
    out = []
    for match in _SCRIPT.finditer(html):
        attrs = match.group(1) or ""
        if _SRC.search(attrs):
            continue
        kind = _TYPE.search(attrs)
        if kind is None or kind.group(1).lower() in _JS_TYPES:
            out.append(match.group(2))
    return out


def script_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def template_patterns(sources: Iterable[str]) -> list[re.Pattern[str]]:
    """The inline scripts of templates as patterns of the texts they render: each ``{{ … }}`` a string value."""
    patterns = []
    for source in sources:
        for body in inline_scripts(source):
            parts = _EXPRESSION.split(body)
            if "{%" in body or "{#" in body:
                continue  # no such script in Material 9.8; one would need its own rule
            patterns.append(re.compile(_VALUE.join(re.escape(p) for p in parts)))
    return patterns


def policy(hashes: Iterable[str] = (), header: bool = False) -> str:
    """The policy text; ``hashes`` (as script_hash writes them) are added to script-src."""
    extra = " ".join(sorted(set(hashes)))
    directives = DIRECTIVES + (HEADER_ONLY if header else ())
    return "; ".join(f"{name} {value} {extra}" if name == "script-src" and extra else f"{name} {value}" for name, value in directives)


def allowed_hashes(html: str, patterns: list[re.Pattern[str]]) -> list[str]:
    """Hashes of the page's inline scripts that are Material's own; any other inline script stays forbidden."""
    found = (_allowed_hash(text, tuple(patterns)) for text in inline_scripts(html))
    return [h for h in found if h is not None]


@functools.lru_cache(maxsize=1024)
def _allowed_hash(text: str, patterns: tuple[re.Pattern[str], ...]) -> str | None:
    # Material's scripts are the same on nearly every page (extra.scope): each text is matched and hashed once.
    return script_hash(text) if any(p.fullmatch(text) for p in patterns) else None


PREVIEW_SCRIPTS = "'unsafe-inline'"
"""Under `mkdocs serve` (a preview on 127.0.0.1) MkDocs adds its live-reload script to every page as it sends it,
with a new text each time: no hash can allow it, so the preview allows inline scripts and checks the rest."""


@functools.lru_cache(maxsize=64)
def _meta(hashes: tuple[str, ...]) -> Html:
    # The policy is keywords and hashes, never text: its single quotes stay as CSP writes them.
    return Html('<meta http-equiv="Content-Security-Policy" content="%s">') % Html(policy(hashes))


def add_policy(html: str, patterns: list[re.Pattern[str]], preview: bool = False) -> str:
    """The page with its policy as the first thing in <head> after the character set (a meta policy
    applies only to what follows it)."""
    meta = _meta(tuple([PREVIEW_SCRIPTS] if preview else allowed_hashes(html, patterns)))
    head = html.find("<head>")
    if head < 0:
        return html
    charset = _META_CHARSET.search(html, head)
    first = charset is not None and charset.start() == html.find("<", head + len("<head>"))
    at = charset.end() if first and charset is not None else head + len("<head>")
    # One copy of the page, not two (html[at:] is a copy): the text up to ``at`` first occurs at ``head``, where
    # the first <head> is. str(): ``str + Html`` would escape the page.
    before = html[head:at]
    return html.replace(before, before + str(meta), 1)


_HASH = re.compile(r"'sha256-[A-Za-z0-9+/=]+'")


def page_policy(html: str) -> str | None:
    """The policy a built page carries, if any."""
    found = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
    return found.group(1) if found else None


def site_policy(pages: Iterable[str]) -> str:
    """The policy the server sends with every file of a built site (deploy/nginx-archive.conf): its pages'
    policies together, and ``frame-ancestors``. Enforced alongside each page's own, it must allow every page's scripts."""
    hashes: set[str] = set()
    for html in pages:
        hashes |= set(_HASH.findall(page_policy(html) or ""))
    return policy(hashes, header=True)
