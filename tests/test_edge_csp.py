"""The Content-Security-Policy (studyarchive/mkdocs/csp.py) in the built pages and in deploy/nginx-archive.conf.

The policy is written once, in csp.py: every page carries it with the hashes of its own Material scripts, first in
<head>; the nginx example sends it as a header (with frame-ancestors) and may not drift from what the build writes.
Only Material's scripts are hashed: one that got into a page another way is not. The pages have no style attribute,
<style> element, event handler attribute or javascript: address, which the policy would refuse.
"""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, mkdocs
from studyarchive.mkdocs import csp

NGINX_CONF = ROOT / "deploy" / "nginx-archive.conf"
HEADER = re.compile(r'^\s*add_header Content-Security-Policy "([^"]*)" always;$', re.M)


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, dict[str, str]]:
    """The members' and the committee's sites of the sample archive: page path → HTML."""
    out = {}
    for name, config in (("members", "mkdocs.yml"), ("committee", "mkdocs-committee.yml")):
        target = tmp_path_factory.mktemp("csp") / name
        built = mkdocs(ROOT, "build", "--strict", "--site-dir", str(target), config=config)
        assert built.code == 0, built.output
        out[name] = {p.relative_to(target).as_posix(): p.read_text(encoding="utf-8") for p in sorted(target.rglob("*.html"))}
        assert len(out[name]) > 50 and "404.html" in out[name]
    return out


def material_patterns() -> list[re.Pattern[str]]:
    from mkdocs.theme import Theme

    env = Theme(name="material").get_env()
    names = env.list_templates(filter_func=lambda name: name.startswith("partials/javascripts/"))
    return csp.template_patterns(env.loader.get_source(env, name)[0] for name in names)


def test_every_page_carries_the_policy_before_anything_it_governs(sites) -> None:
    for site in sites.values():
        for path, html in site.items():
            head = html[html.index("<head>"):html.index("</head>")]
            tags = re.findall(r"<(?!!)[a-z]+[^>]*>", head)
            assert tags[:3] == ["<head>", '<meta charset="utf-8">', tags[2]], path
            assert tags[2].startswith('<meta http-equiv="Content-Security-Policy"'), path
            assert html.count('http-equiv="Content-Security-Policy"') == 1, path
            scripts = csp.inline_scripts(html)
            assert len(scripts) >= 3, path  # Material's: __md_scope …, the palette, the #target fix
            assert csp.page_policy(html) == csp.policy(csp.script_hash(s) for s in scripts), path
            policy = csp.page_policy(html)
            assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy and "frame-ancestors" not in policy


def test_json_config_is_data_and_not_hashed(sites) -> None:
    html = sites["members"]["index.html"]
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S).group(1)
    assert all(config != s for s in csp.inline_scripts(html))
    assert csp.script_hash(config) not in csp.page_policy(html)


def test_no_inline_style_handler_or_javascript_address_in_any_page(sites) -> None:
    """Why style-src is 'self' alone and no 'unsafe-hashes' is needed."""
    for site in sites.values():
        for path, html in site.items():
            assert not re.search(r"<[a-z][^>]*\sstyle\s*=", html, re.I), path
            assert not re.search(r"<style[\s>]", html, re.I), path
            assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", html, re.I), path
            assert "javascript:" not in html.lower(), path


def test_the_archive_scripts_make_no_inline_style_and_run_no_strings() -> None:
    scripts = sorted((ROOT / "docs" / "assets").glob("*.js"))
    assert "search.js" in [s.name for s in scripts]  # the loop below checks the archive's own scripts, not nothing
    for script in scripts:
        text = script.read_text(encoding="utf-8")
        for forbidden in ('createElement("style")', "eval(", "new Function", "setAttribute(\"style\"", "innerHTML", "javascript:"):
            assert forbidden not in text, f"{script.name}: {forbidden}"


def test_the_nginx_header_is_the_policy_of_the_built_pages(sites) -> None:
    headers = HEADER.findall(NGINX_CONF.read_text(encoding="utf-8"))
    assert len(headers) == 2  # the members' site and the committee's
    for name, site in sites.items():
        expected = csp.site_policy(site.values())
        for header in headers:
            assert header == expected, (
                f"deploy/nginx-archive.conf 中的 Content-Security-Policy 与 {name} 网站页面的策略不一致，应改为：\n{expected}")
    # Enforced together with each page's own, the header allows every page's scripts: Material's are the same on
    # every page (extra.scope in mkdocs.yml).
    assert len(set(re.findall(r"'sha256-[^']+'", headers[0]))) == 3


def test_only_materials_scripts_are_hashed() -> None:
    patterns = material_patterns()
    page = ('<html><head><meta charset="utf-8"><title>t</title></head><body>'
            '<script>__md_scope=new URL("../..",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
            '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
            '__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}</script>'
            '<p>正文</p><script>window.__pwned=1</script>'
            '<script>__md_scope=new URL("",alert(1),"",location),__md_hash=0</script>'
            '<script src="assets/search.js"></script>'
            '<script id="__config" type="application/json">{"base": ".."}</script></body></html>')
    scripts = csp.inline_scripts(page)
    assert len(scripts) == 3 and scripts[1] == "window.__pwned=1"
    assert csp.allowed_hashes(page, patterns) == [csp.script_hash(scripts[0])]
    out = csp.add_policy(page, patterns)
    assert out.startswith('<html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src')
    assert csp.script_hash("window.__pwned=1") not in out
    # A value in a Material script cannot leave its JavaScript string.
    evil = scripts[0].replace('"../.."', '"",alert(1),"')
    assert csp.allowed_hashes(f"<script>{evil}</script>", patterns) == []


def test_a_page_without_charset_gets_the_policy_right_after_head() -> None:
    assert csp.add_policy("<html><head><title>t</title></head></html>", []) == (
        f'<html><head><meta http-equiv="Content-Security-Policy" content="{csp.policy()}"><title>t</title></head></html>')
    assert csp.add_policy("<p>no head</p>", []) == "<p>no head</p>"


def test_the_policy_is_the_documented_one() -> None:
    assert csp.policy(["'sha256-b'", "'sha256-a'", "'sha256-a'"]) == (
        "default-src 'self'; script-src 'self' 'sha256-a' 'sha256-b'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'")
    assert csp.policy(header=True).endswith("; frame-ancestors 'none'")


def test_the_preview_allows_the_live_reload_script() -> None:
    out = csp.add_policy('<head><meta charset="utf-8"><script>window.x=1</script>', [], preview=True)
    assert "script-src 'self' 'unsafe-inline'; style-src 'self'" in out and "sha256" not in out
