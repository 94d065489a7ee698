"""Where the server is: scheme, host, port and reverse-proxy prefix.

A path that is not `/api/v1` is a reverse-proxy PREFIX (e.g. `https://h/invoke`): it is kept
in front of `/api/v1`, `/api/v2`, `/openapi.json` and the Socket.IO path alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlparse

API_V1 = "/api/v1"


def split_base_path(path: str | None) -> str:
    """Return the reverse-proxy prefix ('' or '/x/y') for a URL path or base_path."""
    path = (path or "").strip()
    if not path or path == "/":
        return ""
    path = "/" + path.strip("/")
    if path == API_V1:
        return ""
    if path.endswith(API_V1):
        return path[: -len(API_V1)]
    return path


@dataclass(frozen=True)
class ServerLocation:
    """The parts of the server address that every URL is built from."""

    host: str = "localhost"
    port: int = 9090
    use_https: bool = False
    prefix: str = ""

    @property
    def scheme(self) -> str:
        return "https" if self.use_https else "http"

    @property
    def origin(self) -> str:
        """scheme://host:port (no prefix); what Socket.IO connects to."""
        host = f"[{self.host}]" if ":" in self.host and not self.host.startswith("[") else self.host
        return f"{self.scheme}://{host}:{self.port}"

    @property
    def root_url(self) -> str:
        """The server root after the prefix: origin + prefix."""
        return self.origin + self.prefix

    @property
    def base_url(self) -> str:
        """The /api/v1 base URL (the seed's base_url)."""
        return self.root_url + API_V1

    @property
    def socketio_path(self) -> str:
        return f"{self.prefix}/ws/socket.io"

    def url(self, path: str) -> str:
        """Absolute URL for a path relative to the server root (e.g. "/api/v2/models/").

        Relative URLs the server hands out ("api/v1/images/i/x/full") work too."""
        if path.startswith(("http://", "https://")):
            return path
        return self.root_url + "/" + path.lstrip("/")

    @classmethod
    def parse(cls, url: str) -> "ServerLocation":
        """Parse "http://host:port[/prefix][/api/v1]"; a bare "host:port" means http."""
        if "://" not in url:
            url = "http://" + url
        parsed = urlparse(url)
        use_https = parsed.scheme == "https"
        host = parsed.hostname or "localhost"
        port = parsed.port or (443 if use_https else 80)
        return cls(host=host, port=port, use_https=use_https, prefix=split_base_path(parsed.path))
