"""“在代码托管平台上修改本页”: a link on every material when mkdocs.yml sets edit_uri, on no other page, never
printed, and no repository widget (no request to a hosting platform's API)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from conftest import ROOT, mkdocs, write_site

EDIT = "https://git.example.org/dangzhibu/archive/-/edit/main/docs/"
LINK = re.compile(r'<a href="([^"]*)" class="md-content__button ar-edit ar-screen-only" rel="edit">在代码托管平台上修改本页</a>')
MATERIAL = (ROOT / "docs" / "2024-dangji" / "wangjianguo.md").read_text(encoding="utf-8")
OTHER = (ROOT / "docs" / "2024-dangji" / "zhaomin.md").read_text(encoding="utf-8")


def build(tmp_path: Path, **options: str):
    root = write_site(tmp_path / "src", {"2024-dangji/wangjianguo.md": MATERIAL, "2024-dangji/zhaomin.md": OTHER,
                                         "guide/help.md": "# 使用说明\n\n说明。\n"})
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["extra"]["archive"]["pages"] = ["index.md", "guide/*"]
    config.update(options)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    built = mkdocs(root, "build", "--strict")
    assert built.code == 0, built.output
    return built


def pages(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}


def test_off_by_default(tmp_path: Path) -> None:
    assert "\nedit_uri:" not in (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), "默认不应显示修改链接"
    built = build(tmp_path)
    found = {path for path, text in pages(built.site).items() if "在代码托管平台上修改本页" in text or 'rel="edit"' in text}
    assert not found, f"没有设置 edit_uri，却有修改链接：{sorted(found)}"


def test_on_materials_only(tmp_path: Path) -> None:
    built = build(tmp_path, edit_uri=EDIT)
    site = pages(built.site)
    for src in ("2024-dangji/wangjianguo", "2024-dangji/zhaomin"):
        links = LINK.findall(site[f"{src}/index.html"])
        assert links == [f"{EDIT}{src}.md"], f"{src} 的修改链接是 {links}"
    others = {path for path, text in site.items() if "在代码托管平台上修改本页" in text and path.removesuffix("/index.html") not in
              ("2024-dangji/wangjianguo", "2024-dangji/zhaomin")}
    assert not others, f"不是材料的页面上也有修改链接：{sorted(others)[:5]}"
    assert "guide/help/index.html" in site and "index.html" in site
    # A volume (汇编) holds the materials' article but not their edit links.
    volume = site["indexes/print/2024-dangji/index.html"]
    assert "wangjianguo.md" not in volume
    for text in site.values():
        assert 'data-md-component="source"' not in text and "md-source" not in text, "页面上不应有代码仓库组件（它会访问托管平台的接口）"


def test_hidden_in_print(tmp_path: Path) -> None:
    """ar-screen-only is hidden by print.css, md-content__button by Material and print.css; archive docx leaves it out."""
    css = (ROOT / "docs" / "assets" / "print.css").read_text(encoding="utf-8")
    media = css[css.index("@media print"):]
    rule = media[media.index(".md-header, .md-tabs"):]
    hidden = rule[:rule.index("{ display: none !important; }")]
    assert ".md-typeset .ar-screen-only" in hidden and ".md-content__button" in hidden
    built = build(tmp_path, edit_uri=EDIT)
    from studyarchive.cli.wordfile import blocks

    text = "".join(b.text for b in blocks(built.html("2024-dangji/wangjianguo/index.html")))
    assert "修改本页" not in text
