"""One escaping function per output format: everything a member wrote passes through one of these.

- ``html``: text in HTML, SVG and XML (element text and quoted attribute values); control characters go.
- ``Html``: HTML the archive writes, a ``markupsafe.Markup`` whose ``%``, ``+`` and ``join`` escape every plain
  ``str`` with ``html`` (so the bytes stay those of ``html``: ``&quot;`` and ``&#x27;``, control characters
  dropped; markupsafe's own ``escape`` writes ``&#34;`` and ``&#39;`` and keeps control characters). A literal
  ``Html("<p>%s</p>")`` is the only way to write a tag; text from a member can only be escaped into it.
- ``title``: ``html`` as ``Html``, for what Jinja templates print (Material prints page and
  navigation titles raw, and ``| e`` leaves a Markup alone, so nothing is escaped twice).
- ``csv_cell``: a spreadsheet cell that Excel and WPS never read as a formula.
- ``github``: GitHub/Gitea workflow-command data and properties.
- ``log_line``: a message on one line of a plain log or terminal.
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

if TYPE_CHECKING:
    import jinja2

# Characters XML 1.0 does not allow (most C0 controls, lone surrogates, U+FFFE/U+FFFF), and DEL and the C1
# controls, which no reader types: dropped from HTML, XML and spreadsheet text. Tab, LF and CR stay.
CONTROL = re.compile("[^\t\n\r\u0020-\u007e\u00a0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# A cell starting with one of these is a formula (or becomes one) in Excel, WPS and LibreOffice.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# One line of a log: CR and LF (and the other line breaks a terminal or a CI log honours) become a visible mark.
LINE_BREAKS = re.compile("\r\n|[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def clean(text: str) -> str:
    """``text`` without control characters (tab, LF and CR stay). ``isprintable`` is true for nearly every
    text and costs less than the search."""
    return text if text.isprintable() or not CONTROL.search(text) else CONTROL.sub("", text)


def html(text: str) -> str:
    """Text for HTML, SVG or XML: element content and quoted attribute values. Most texts a build writes
    have nothing to escape, and five ``in`` tests cost a third of ``html.escape``'s five replacements."""
    if not text.isprintable() and CONTROL.search(text):  # clean(), inline: this runs for every text a build writes
        text = CONTROL.sub("", text)
    return _html.escape(text) if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text else text


def _arg(value: object) -> object:
    """One argument of ``Html % …`` or one part of ``Html.join``: markup as it is, a number as it is (``%d``
    needs the number), anything else escaped."""
    if type(value) is str:
        return html(value)
    if isinstance(value, Markup) or type(value) is int or type(value) is float:
        return value
    return html(str(value))


def _new(text: str) -> Html:
    """An Html of text known to be markup: ``str.__new__`` directly, as ``Markup.__new__`` (Python code that
    looks for ``__html__`` first) was the largest single cost of rendering 1,000 materials."""
    return str.__new__(Html, text)


class Html(Markup):
    """Trusted HTML: a literal template or what ``%``, ``+`` and ``join`` made of escaped parts.

    markupsafe's ``Markup`` already escapes every argument of ``%``, ``+``, ``format`` and ``join``; this
    class makes it escape with ``html`` (same bytes as before) and makes ``%``, ``+`` and ``join`` three times
    as fast as ``Markup``'s (which wrap each argument in a helper object and construct through Python code):
    they run for every link of a build. ``%`` takes one value or a tuple, not a mapping."""

    __slots__ = ()

    @classmethod
    def escape(cls, s: object) -> Html:
        if isinstance(s, Markup):
            return s if type(s) is Html else _new(s)
        if hasattr(s, "__html__"):
            return _new(s.__html__())
        return _new(html(str(s)))

    def __mod__(self, args: object) -> Html:
        # _arg inline for the common case (text and markup): a call per argument is a tenth of the cost here.
        if type(args) is tuple:
            args = tuple([html(a) if type(a) is str else a if type(a) is Html else _arg(a) for a in args])
        else:
            args = _arg(args)
        return _new(str.__mod__(self, args))

    def __add__(self, other: object) -> Html:
        if not isinstance(other, str):
            return NotImplemented
        return _new(str.__add__(self, html(other) if type(other) is str else Html.escape(other)))

    def __radd__(self, other: object) -> Html:
        if not isinstance(other, str):
            return NotImplemented
        return _new(str.__add__(html(other) if type(other) is str else Html.escape(other), self))

    def join(self, parts: Iterable[object]) -> Html:
        return _new(str.join(self, [html(a) if type(a) is str else a if type(a) is Html else Html.escape(a) for a in parts]))


EMPTY = Html()
LINK = Html('<a href="%s">%s</a>')


def link(href: str, text: str) -> Html:
    """``<a href="…">…</a>``, the tag a build writes most (about 240,000 at 1,000 materials): for plain text its
    fast path writes the escaped parts straight into the tag (the one f-string with a tag outside templates)."""
    if type(text) is str and type(href) is str:
        return _new(f'<a href="{html(href)}">{html(text)}</a>')
    return LINK % (href, text)


TEMPLATES = Path(__file__).parent / "templates"


@cache
def _environment() -> jinja2.Environment:
    """Jinja for the few whole documents (templates/): loaded once. Autoescape with ``html``'s bytes: ``finalize``
    escapes every printed value that is not markup, so markupsafe's own escape (``&#34;``) only sees Markup.
    Imported here: the CLI's commands other than ``archive pdf`` never need Jinja."""
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, keep_trailing_newline=True,
                              undefined=jinja2.StrictUndefined, finalize=Html.escape)


def template(name: str, **values: object) -> Html:
    """A template of templates/ filled in: every ``str`` value is escaped, an ``Html`` one goes in as it is.

    Templates suit a whole document made once (a PDF's page); ``Html % …`` suits what runs per item: for one link
    (href and text), 100,000 times, an f-string with ``html`` took 0.20 s, ``Html %`` 0.67 s, markupsafe's
    ``Markup %`` 1.30 s, ``Markup.format`` 2.11 s and a Jinja template 4.18 s."""
    return Html(_environment().get_template(name).render(**values))


def title(text: str) -> Markup:
    """A title for a Jinja template (Material's <title>, header, navigation and footer): escaped once."""
    return text if isinstance(text, Markup) else Html(html(str(text)))


def csv_cell(value: str) -> str:
    """A cell that stays text: a leading ``=``, ``+``, ``-``, ``@``, tab or CR gets a single quote before it
    (what Excel itself shows for text that looks like a formula). The archive's own numbers and dates start
    with a digit and are left as they are."""
    value = clean(value)
    return "'" + value if value.startswith(FORMULA_START) else value


def github(text: str, prop: bool = False) -> str:
    """Workflow-command escaping (GitHub and Gitea Actions): data, and more for properties. No line break
    is left, so a message cannot start a command line of its own."""
    text = clean(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    text = LINE_BREAKS.sub(" ", text)
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def log_line(text: str) -> str:
    """A message on one line of a log: a line break inside it is shown as ⏎ and cannot start a line (a CI
    runner reads a line starting with ``::`` as a command); other control characters (terminal escapes) go."""
    if text.isprintable():
        return text
    return clean(LINE_BREAKS.sub("⏎", text)).replace("\t", " ")
