"""Every HTML page Setter serves keeps to its own CSP (style-src 'self', script-src 'self'): no
inline <style>, style= attribute or inline script; stylesheets it links are served as CSS."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from bot.sites import ensure_demo_site
from tests.conftest import make_services, make_settings


def test_html_pages_have_no_inline_styles_or_scripts(db_engine: Engine) -> None:
    from web.app import create_app

    ensure_demo_site(db_engine)
    with TestClient(create_app(make_settings(), make_services(db_engine))) as client:
        pages = [client.get("/"), client.get("/email/unsubscribe/nonsense")]
        for page in pages:
            assert page.headers["content-type"].startswith("text/html")
            csp = page.headers["content-security-policy"]
            assert "style-src 'self';" in csp and "unsafe-inline" not in csp
            html = page.text
            assert "<style" not in html and not re.search(r"\sstyle\s*=", html), html[:300]
            assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", html), html[:300]
            sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
            assert sheets, "the page links its stylesheet"
            for href in sheets:
                sheet = client.get(href.replace("http://testserver", ""))
                assert sheet.status_code == 200 and sheet.headers["content-type"].startswith("text/css")
                assert "{" in sheet.text
        assert client.get("/assets/nope.css").status_code == 404
