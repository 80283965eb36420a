"""CI templates, pre-commit and pull-request templates: they cannot run here, so their YAML and their commands are checked."""

from __future__ import annotations

import re
import shlex

import yaml

from conftest import ROOT

MAKE_TARGETS = set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.MULTILINE))


def load(path: str) -> dict:
    data = yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def commands_are_ours(commands: list[str]) -> None:
    """Every command is a Makefile target or the archive command the project installs."""
    for command in commands:
        words = shlex.split(command)
        if words[0] == "make":
            assert words[1] in MAKE_TARGETS, command
        else:
            assert words[:2] == [".venv/bin/archive", "check"], command


def test_github_and_gitea_workflow() -> None:
    workflow = load(".github/workflows/archive.yml")
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read"}
    (job,) = workflow["jobs"].values()
    steps = job["steps"]
    assert [s.get("uses", "").split("@")[0] for s in steps if "uses" in s] == [
        "actions/checkout", "actions/setup-python", "actions/upload-artifact", "actions/upload-artifact"]
    runs = [s["run"] for s in steps if "run" in s]
    assert runs == ["make setup", ".venv/bin/archive check --strict --format github", "make build"]
    commands_are_ours(runs)
    uploads = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact")]
    # v4 on github.com, v3 where v4 refuses to run (Gitea, GitHub Enterprise Server).
    assert [(s["uses"], s["if"]) for s in uploads] == [
        ("actions/upload-artifact@v4", "github.server_url == 'https://github.com'"),
        ("actions/upload-artifact@v3", "github.server_url != 'https://github.com'"),
    ]
    assert all(s["with"]["path"] == "site/" for s in uploads)
    assert steps.index(uploads[0]) > max(steps.index(s) for s in steps if "run" in s)


def test_gitlab_ci() -> None:
    ci = load(".gitlab-ci.yml")
    assert ci["stages"] == ["check", "publish"]
    check, publish = ci["check"], ci["publish"]
    assert check["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert publish["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    for job in (check, publish):
        assert job["stage"] in ci["stages"]
        assert job["script"] == ["make setup", ".venv/bin/archive check --strict", "make build"]
        commands_are_ours(job["script"])
        assert job["artifacts"]["paths"] == ["site/"]
    assert "pages" not in ci  # an internal archive is not published on a public site


def test_pre_commit_hook() -> None:
    config = load(".pre-commit-config.yaml")
    (repo,) = config["repos"]
    (hook,) = repo["hooks"]
    assert repo["repo"] == "local"
    assert (hook["id"], hook["language"], hook["pass_filenames"]) == ("archive-check", "system", False)
    commands_are_ours([hook["entry"]])
    files = re.compile(hook["files"])
    for path in ("docs/2024-dangji/zhangwei.md", "vocabulary.yml", "urls.yml", "mkdocs.yml", "mkdocs-committee.yml"):
        assert files.search(path), path
    for path in ("README.md", "hooks/archive_hook.py", "docs/assets/archive.css"):
        assert not files.search(path), path


def test_pull_request_templates() -> None:
    github = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    gitlab = (ROOT / ".gitlab" / "merge_request_templates" / "Default.md").read_text(encoding="utf-8")
    assert github == gitlab
    checklist = [line for line in github.splitlines() if line.startswith("- [ ] ")]
    assert len(checklist) == 5
    assert any("【针对问题：…】" in line for line in checklist)


def test_contributing_guide_covers_both_paths() -> None:
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for heading in ("## 文件放在哪里、叫什么", "## 做法一：在网页上提交", "## 做法二：在自己的电脑上提交", "## archive 命令"):
        assert heading in guide
    for command in ("archive import", "archive new", "archive check", "make serve", "git push", "pre-commit install"):
        assert command in guide
    # The naming convention it documents is the one `archive new` follows.
    from studyarchive.core.vocab import load_vocabulary

    vocab = load_vocabulary((ROOT / "vocabulary.yml").read_text(encoding="utf-8"), "vocabulary.yml")
    for suffix in [e.file for e in vocab.doc_types.values() if e.file]:
        assert f"`{suffix}`" in guide or f"{suffix}.md" in guide, suffix
