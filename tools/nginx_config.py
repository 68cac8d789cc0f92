"""Renders deploy/nginx/atlas.conf for a site (docs/deployment.md) or for `make prod-smoke`.

    python tools/nginx_config.py --server-name atlas.example.gouv.fr \
        --static-root /srv/atlas/staticfiles --upstream 127.0.0.1:8001 --upstream 127.0.0.1:8002 \
        --certificate /etc/ssl/atlas/fullchain.pem --key /etc/ssl/atlas/privkey.pem \
        > /etc/nginx/sites-available/atlas.conf
"""

import argparse
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent.parent / "deploy" / "nginx" / "atlas.conf"


def render(
    *,
    server_name: str,
    static_root: str,
    upstreams: list[str],
    certificate: str | None = None,
    key: str | None = None,
    listen: str | None = None,
    access_log: str = "/var/log/nginx/atlas.access.log",
) -> str:
    """With a certificate: HTTPS on 443 and a redirect from 80. Without: plain HTTP on
    ``listen``, the servers told the request was HTTPS (a TLS terminator in front)."""
    if certificate:
        values = {
            "LISTEN": (
                f"    listen 443 ssl;\n    http2 on;\n    ssl_certificate {certificate};\n"
                f"    ssl_certificate_key {key};\n"
                '    add_header Strict-Transport-Security "max-age=31536000; '
                'includeSubDomains; preload" always;'
            ),
            "REDIRECT_TO_HTTPS": (
                "server {\n    listen 80;\n    server_name "
                f"{server_name};\n    return 301 https://$host$request_uri;\n}}"
            ),
            "FORWARDED_PROTO": "$scheme",
        }
    else:
        values = {
            "LISTEN": f"    listen {listen or '127.0.0.1:8080'};",
            "REDIRECT_TO_HTTPS": "",
            "FORWARDED_PROTO": "https",
        }
    values |= {
        "SERVER_NAME": server_name,
        "STATIC_ROOT": str(static_root).rstrip("/"),
        "UPSTREAM_SERVERS": "\n".join(f"    server {address};" for address in upstreams),
        "ACCESS_LOG": access_log,
    }
    text = TEMPLATE.read_text("utf-8")
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    left = [line for line in text.splitlines() if line.count("@") >= 2 and not line.startswith("#")]
    if left:
        raise ValueError(f"placeholders left: {left}")
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server-name", required=True)
    parser.add_argument("--static-root", required=True)
    parser.add_argument("--upstream", action="append", required=True)
    parser.add_argument("--certificate")
    parser.add_argument("--key")
    parser.add_argument("--listen")
    parser.add_argument("--access-log", default="/var/log/nginx/atlas.access.log")
    options = parser.parse_args()
    if bool(options.certificate) != bool(options.key):
        parser.error("--certificate and --key go together")
    print(
        render(
            server_name=options.server_name,
            static_root=options.static_root,
            upstreams=options.upstream,
            certificate=options.certificate,
            key=options.key,
            listen=options.listen,
            access_log=options.access_log,
        )
    )


if __name__ == "__main__":
    main()
