"""`mkdocs serve` rebuilds when a file the build reads is saved, not only docs/ and mkdocs.yml (which MkDocs
watches itself): the vocabulary, urls.yml, and the file mkdocs.yml INHERITs from (the on_serve event)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import write_site
from test_serve_incremental import Serve

DOCS = {
    "2024-dangji/wangjianguo.md": "---\ntitle: 王建国的个人对照检查材料\ndoc_type: self_review\nmember: 王建国\ncampaign: 2024-dangji\n"
                                  "date: 2024-07-22\n---\n一、存在问题\n\n（一）政治纪律方面。一是学习不够深入。\n\n"
                                  "二、整改措施\n\n一是加强学习。【针对问题：1.1】\n",
}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = write_site(tmp_path / "site-src", DOCS)
    (root / "urls.yml").write_text("王建国: wangjianguo\n", encoding="utf-8")
    (root / "mkdocs-committee.yml").write_text("INHERIT: mkdocs.yml\nextra:\n  archive:\n    audience: committee\n", encoding="utf-8")
    return root


@pytest.fixture
def serve(site: Path, tmp_path: Path) -> Iterator:
    started: list[Serve] = []

    def start(config: str = "mkdocs.yml") -> Serve:
        tmp = tmp_path / f"servetmp{len(started)}"
        tmp.mkdir()
        server = Serve(site, tmp, "-f", str(site / config))  # the later -f is the one MkDocs reads
        started.append(server)
        server.wait_for(r"Serving on")
        return server

    yield start
    for server in started:
        server.stop()


def served(server: Serve, path: str) -> str:
    return (server.site_dir / path).read_text(encoding="utf-8")


def save(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_saved_vocabulary_rebuilds_the_site(site: Path, serve) -> None:
    server = serve()
    page = "indexes/campaigns/2024-dangji/index.html"
    assert "党纪学习教育" in served(server, page) and "党纪学习教育（修订）" not in served(server, page)
    save(site / "vocabulary.yml", "label: 党纪学习教育\n", "label: 党纪学习教育（修订）\n")
    server.wait_for(r"Reloading browsers")
    assert "党纪学习教育（修订）" in served(server, page)


def test_a_saved_urls_yml_moves_the_member_page(site: Path, serve) -> None:
    server = serve()
    assert "王建国" in served(server, "indexes/members/wangjianguo/index.html")
    save(site / "urls.yml", "王建国: wangjianguo", "王建国: wang-jianguo")
    server.wait_for(r"Reloading browsers")
    assert "王建国" in served(server, "indexes/members/wang-jianguo/index.html")


def test_a_saved_inherited_config_rebuilds_the_site(site: Path, serve) -> None:
    """The committee's site INHERITs mkdocs.yml: MkDocs itself watches only mkdocs-committee.yml."""
    server = serve("mkdocs-committee.yml")
    save(site / "mkdocs.yml", "site_name: ", "site_name: 修订后的")
    server.wait_for(r"Reloading browsers")
    assert "修订后的" in served(server, "index.html")
