"""Login, sessions, logout, CSRF and the security headers of every console page."""

from __future__ import annotations

import pytest

from tests.web.console.conftest import Console
from tests.web.console.helpers import PASSWORD, login, post, soup

PAGES = ["/console", "/console/dashboard", "/console/drafts", "/console/admin/users",
         "/console/admin/blacklist", "/console/admin/webhooks", "/console/admin/model",
         "/console/admin/privacy"]


def test_console_sends_strangers_to_the_login_page(console: Console) -> None:
    response = console.client.get("/console?band=hot", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/console/login?next=/console%3Fband%3Dhot"
    page = soup(console.client.get("/console/login").text)
    assert page.find("html")["lang"] == "de"
    assert page.find("button", {"type": "submit"}).get_text(strip=True) == "Anmelden"


def test_wrong_password_is_refused_with_a_message(console: Console) -> None:
    response = login(console.client, "setter@example.com", "wrong password!")
    assert response.status_code == 401
    assert soup(response.text).find(role="alert").get_text(strip=True) == \
        "E-Mail oder Passwort ist falsch."
    assert login(console.client, "nobody@example.com", PASSWORD).status_code == 401


def test_login_sets_a_signed_httponly_samesite_cookie(console: Console) -> None:
    page = console.client.get("/console/login")
    token = soup(page.text).find("input", {"name": "csrf"})["value"]
    response = console.client.post("/console/login", follow_redirects=False, data={
        "email": "Setter@Example.com", "password": PASSWORD, "csrf": token,
        "next": "https://evil.example/"})
    assert response.status_code == 303
    assert response.headers["location"] == "/console"  # no open redirect
    cookie = next(c for c in response.headers.get_list("set-cookie")
                  if c.startswith("setter_console="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/console" in cookie
    assert "setter@example.com" not in cookie  # signed ids only
    assert console.client.get("/console").status_code == 200


def test_login_without_its_csrf_token_is_refused(console: Console) -> None:
    console.client.get("/console/login")
    response = console.client.post("/console/login", data={"email": "setter@example.com",
                                                           "password": PASSWORD, "csrf": "x"})
    assert response.status_code == 403


def test_a_tampered_cookie_is_no_session(console: Console) -> None:
    login(console.client, "setter@example.com")
    value = console.client.cookies.get("setter_console")
    console.client.cookies.clear()
    console.client.cookies.set("setter_console", value, path="/console")
    assert console.client.get("/console", follow_redirects=False).status_code == 200
    console.client.cookies.clear()
    console.client.cookies.set("setter_console", value[:-3] + "abc", path="/console")
    assert console.client.get("/console", follow_redirects=False).status_code == 303


def test_logout_ends_the_session_even_for_a_copied_cookie(console: Console) -> None:
    login(console.client, "setter@example.com")
    copied = console.client.cookies.get("setter_console")
    assert post(console.client, "/console/logout", {}).status_code == 303
    console.client.cookies.clear()
    console.client.cookies.set("setter_console", copied, path="/console")
    assert console.client.get("/console", follow_redirects=False).status_code == 303


def test_posts_without_the_session_csrf_token_are_refused(console: Console) -> None:
    login(console.client, "setter@example.com")
    for token in ("", "forged"):
        response = post(console.client, "/console/logout", {}, token=token)
        assert response.status_code == 403
        assert "Formular" in soup(response.text).find("p", class_="error-message").text
    assert console.client.get("/console").status_code == 200  # still logged in


@pytest.mark.parametrize("path", PAGES + ["/console/login", "/console/static/console.css"])
def test_every_console_response_carries_the_security_headers(console: Console, path: str) -> None:
    login(console.client, "admin@example.com")
    response = console.client.get(path)
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    assert csp.startswith("default-src 'none'")  # only what is listed may load
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_pages_have_no_inline_script_or_style(console: Console) -> None:
    login(console.client, "admin@example.com")
    for path in PAGES:
        page = soup(console.client.get(path).text)
        assert all(tag.get("src") for tag in page.find_all("script")), path
        assert not page.find_all("style") and not page.find_all(style=True), path
        assert not [a for tag in page.find_all(True) for a in tag.attrs if a.startswith("on")]


def test_language_is_per_user_and_german_by_default(console: Console) -> None:
    login(console.client, "setter@example.com")
    assert soup(console.client.get("/console").text).find("h1").contents[0].strip() == \
        "Warteschlange"
    response = post(console.client, "/console/settings/lang", {"lang": "en", "next": "/console"})
    assert response.headers["location"] == "/console"
    page = soup(console.client.get("/console").text)
    assert page.find("html")["lang"] == "en"
    assert page.find("h1").contents[0].strip() == "Queue"


@pytest.mark.parametrize(("path", "status", "said"), [
    ("/console/nowhere", 404, "Diese Seite gibt es in der Konsole nicht."),
    ("/console/drafts?page=abc", 422, "Die Adresse enthält einen Wert, mit dem die Konsole"),
    ("/console/admin/users/99999999999/active", 405, "Diese Seite gibt es in der Konsole nicht."),
])
def test_a_console_address_that_does_not_fit_shows_the_console_error_page(
        console: Console, path: str, status: int, said: str) -> None:
    """A mistyped console address or a bad value in it showed the API's JSON error in the
    browser; it is the console's own page now, in the user's language, with a way back. The
    API keeps its JSON errors."""
    login(console.client, "admin@example.com")
    response = console.client.get(path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    page = soup(response.text)
    assert said in page.get_text(" ", strip=True)
    assert page.find("a", string="Zurück") is not None
    api = console.client.get("/api/v1/nowhere")
    assert api.status_code == 404 and api.json()["error"]["code"] == "not_found"
    assert console.client.get("/console/static/nothing.css").status_code == 404
