"""Server-level records: version, auth status, login."""

from __future__ import annotations

from .base import Record


class AuthStatus(Record):
    setup_required: bool = False
    multiuser_enabled: bool = False
    strict_password_checking: bool | None = None
    admin_email: str | None = None


class UserInfo(Record):
    user_id: str
    email: str | None = None
    display_name: str | None = None
    is_admin: bool = False


class LoginResult(Record):
    token: str
    user: UserInfo | None = None
    expires_in: int | None = None
