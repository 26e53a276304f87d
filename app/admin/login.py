"""Who may change the corpus: Streamlit's OIDC login when an [auth] section is in the secrets (only e-mails on
admin_emails), else a password from HORINGSRADAR_ADMIN_PASSWORD or the secret `admin_password`, its attempts
limited by app/lockout.py. Without either the area stays closed and says how to open it.
"""
from __future__ import annotations

import hmac
import os

import streamlit as st

from app.escape import markdown
from app.i18n import text
from app.lockout import Limiter
from pipeline.config import data_dir as active_data_dir

PASSWORD_ENV = "HORINGSRADAR_ADMIN_PASSWORD"
PASSWORD_SECRET = "admin_password"


def _secret(key: str):
    """A value from st.secrets, or None when there is no secrets file or no such key."""
    try:
        return st.secrets.get(key)
    except Exception:  # no secrets.toml at all raises; that just means "not configured"
        return None


def admin_password() -> str | None:
    """The configured admin password (environment first, then secrets); None if unset or empty."""
    value = os.environ.get(PASSWORD_ENV) or _secret(PASSWORD_SECRET)
    return str(value) if value else None


def oidc_configured() -> bool:
    """Whether Streamlit's built-in login (an [auth] section in secrets) is set up."""
    return bool(_secret("auth"))


def password_matches(entered: str, expected: str) -> bool:
    """Constant-time comparison of two passwords."""
    return hmac.compare_digest(entered.encode("utf-8"), expected.encode("utf-8"))


def _check_password() -> None:
    expected = admin_password() or ""
    entered = st.session_state.get("admin_password", "")
    st.session_state["admin_password"] = ""  # the typed password is not kept in the session
    ok, _ = Limiter(active_data_dir()).attempt(lambda: bool(expected) and password_matches(entered, expected))
    st.session_state["admin_ok"] = ok
    st.session_state["admin_login_failed"] = not ok


def email_allowed(email: str, allowed) -> bool:
    """Whether email is on the admin_emails list (compared without case or surrounding spaces)."""
    wanted = email.strip().casefold()
    names = [allowed] if isinstance(allowed, str) else list(allowed)
    return bool(wanted) and wanted in {str(a).strip().casefold() for a in names}


def _logout() -> None:
    st.session_state["admin_ok"] = False


def is_admin(lang: str) -> bool:
    """Draw the login (or the explanation why the area is closed); True when the user may change the corpus."""
    if oidc_configured():
        if not st.user.is_logged_in:
            st.button(text("admin.login.oidc", lang), key="admin_oidc_login", on_click=st.login)
            return False
        allowed = _secret("admin_emails")
        if not allowed:  # fails closed: a login proves who someone is, not that they may change the corpus
            st.warning(text("admin.login.no_allow_list", lang))
            return False
        email = str(st.user.get("email") or "")
        if not email_allowed(email, allowed):
            st.warning(text("admin.login.not_allowed", lang, email=markdown(email or "?")))
            return False
        st.button(text("admin.login.logout", lang), key="admin_logout", on_click=st.logout)
        return True
    if admin_password() is None:
        st.info(text("admin.closed", lang, env=PASSWORD_ENV, secret=PASSWORD_SECRET))
        return False
    if st.session_state.get("admin_ok"):
        st.button(text("admin.login.logout", lang), key="admin_logout", on_click=_logout)
        return True
    st.text_input(text("admin.login.password", lang), type="password", key="admin_password")
    st.button(text("admin.login.submit", lang), key="admin_login", on_click=_check_password)
    wait = Limiter(active_data_dir()).wait()
    if wait > 0:
        st.error(text("admin.login.locked", lang, seconds=int(wait) + 1))
    elif st.session_state.get("admin_login_failed"):
        st.error(text("admin.login.wrong", lang))
    return False
