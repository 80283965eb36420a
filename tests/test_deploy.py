"""The example nginx configuration of 部署指南, started for real on 127.0.0.1.

Runs where Debian's nginx is installed (`make test` installs nginx-light with scripts/apt-install.sh);
elsewhere it is skipped with one line saying why.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, mkdocs

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, auth: tuple[str, str] | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url)
    if auth:
        request.add_header("Authorization", "Basic " + base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode())
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", errors="replace")


@pytest.fixture
def nginx(tmp_path: Path):
    if NGINX is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI 上应当已安装 nginx（make test 运行 scripts/apt-install.sh 部署测试 nginx-light），但没有找到。")
        pytest.skip("本机没有安装 nginx（Debian 软件包 nginx-light），跳过部署配置测试。")
    members, committee = tmp_path / "site", tmp_path / "site-committee"
    for site, text in ((members, "全体党员网站"), (committee, "支委网站")):
        site.mkdir()
        (site / "index.html").write_text(f"<!doctype html><title>档案</title><p>{text}</p>", encoding="utf-8")
        (site / "404.html").write_text("<!doctype html><p>页面不存在</p>", encoding="utf-8")
    # {SHA} is one of the schemes nginx's auth_basic_user_file accepts; htpasswd is not needed.
    digest = base64.b64encode(hashlib.sha1(b"zhiwei-2024").digest()).decode()
    (tmp_path / "htpasswd").write_text(f"zhiwei:{{SHA}}{digest}\n", encoding="utf-8")
    ports = free_port(), free_port()
    conf = (ROOT / "deploy" / "nginx-archive.conf").read_text(encoding="utf-8")
    servers = iter(ports)
    conf = re.sub(r"listen 80;", lambda _: f"listen 127.0.0.1:{next(servers)};", conf)
    conf = conf.replace("/srv/archive/site-committee", str(committee)).replace("/srv/archive/site", str(members))
    conf = conf.replace("/etc/nginx/archive-committee.htpasswd", str(tmp_path / "htpasswd"))
    (tmp_path / "logs").mkdir()
    # Workers would run as nobody, who cannot read pytest's private temporary folders.
    user = "user root;\n" if os.geteuid() == 0 else ""
    main = (
        user + f"daemon off; pid {tmp_path}/nginx.pid; error_log stderr warn; worker_processes 1;\n"
        "events { worker_connections 64; }\n"
        f"http {{ access_log off; client_body_temp_path {tmp_path}/tmp; default_type application/octet-stream;\n"
        "types { text/html html; }\n" + conf + "\n}\n"
    )
    (tmp_path / "nginx.conf").write_text(main, encoding="utf-8")
    check = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    proc = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")], stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", ports[1]), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "nginx 没有启动"
                time.sleep(0.2)
        yield f"http://127.0.0.1:{ports[0]}", f"http://127.0.0.1:{ports[1]}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_members_site_is_open_and_committee_site_needs_a_password(nginx) -> None:
    members, committee = nginx
    assert get(members + "/") == (200, "<!doctype html><title>档案</title><p>全体党员网站</p>")
    status, _ = get(committee + "/")
    assert status == 401
    assert get(committee + "/", ("zhiwei", "wrong"))[0] == 401
    status, body = get(committee + "/", ("zhiwei", "zhiwei-2024"))
    assert status == 200 and "支委网站" in body
    assert get(members + "/missing/")[0] == 404


def test_both_sites_send_the_content_security_policy_of_the_built_pages(nginx, tmp_path: Path) -> None:
    """The header is the policy the pages carry (studyarchive/mkdocs/csp.py), with frame-ancestors, which a page cannot
    carry itself: sent with pages, errors and the committee's 401 alike."""
    from studyarchive.mkdocs.csp import site_policy

    built = mkdocs(ROOT, "build", "--site-dir", str(tmp_path / "built"))
    assert built.code == 0, built.output
    expected = site_policy(p.read_text(encoding="utf-8") for p in (tmp_path / "built").rglob("*.html"))
    assert "frame-ancestors 'none'" in expected and "'sha256-" in expected
    members, committee = nginx
    for url, auth in ((members + "/", None), (members + "/missing/", None), (committee + "/", None),
                      (committee + "/", ("zhiwei", "zhiwei-2024"))):
        request = urllib.request.Request(url)
        if auth:
            request.add_header("Authorization", "Basic " + base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode())
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                headers = response.headers
        except urllib.error.HTTPError as exc:
            headers = exc.headers
        assert headers.get_all("Content-Security-Policy") == [expected], url
        assert headers["X-Frame-Options"] == "DENY", url
