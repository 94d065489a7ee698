"""A self-signed certificate made at test time (with the `openssl` command) and a server-side
SSL context for FaultProxy, so a local TLS proxy can stand in front of the plain-HTTP server."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from pathlib import Path


def make_self_signed(folder: Path, common_name: str = "127.0.0.1") -> tuple[Path, Path]:
    """Write cert.pem and key.pem (RSA 2048, valid one day, SAN IP 127.0.0.1 and localhost)."""
    openssl = shutil.which("openssl")
    assert openssl, "the openssl command is needed to make a test certificate"
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "1", "-subj", f"/CN={common_name}",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
        check=True, capture_output=True, timeout=60,
    )
    return cert, key


def server_context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context
