"""The site as production serves it: nginx, with real headers, generated from the built
site so it always matches it.

`publish(site_dir)` runs at the end of every build (tools/site.py):
- writes next to every compressible file its gzip and brotli twins, which nginx serves
  as they are (`gzip_static`, `brotli_static`);
- writes `_nginx/http.conf` and `_nginx/server.conf`, the parts of an nginx
  configuration that describe this site (headers, caching, error pages), to include in
  a server's `http {}` and `server {}` blocks (a TLS front adds its own listen and
  certificate, and HSTS: see server.conf);
- writes `_headers`, the same headers in the format Cloudflare Pages and Netlify read.

Every page's Content-Security-Policy header is the policy its meta element carries
(hooks/publish.py computes it, with the hashes of that page's inline scripts), plus
`frame-ancestors 'none'`, which a meta element cannot carry.

`serve(site_dir)` runs nginx on a loopback port with that configuration, for `make
preview`, the tests and the benchmarks.

    python -m tools.nginx site [--port 8080]     serve a built site until Ctrl+C
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import html
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import brotli

COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")
# The same headers on every response; each page adds its own Content-Security-Policy.
COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    # What the site uses: the clipboard for the copy buttons, and the screen wake lock
    # and picture-in-picture window of guided mode; nothing else.
    "Permissions-Policy": ("camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
                           "screen-wake-lock=(self), clipboard-write=(self)"),
}
# Fingerprinted files (Material's bundles: name.<8 hex>.min.js/css) never change under
# their name; everything else is checked again on every visit.
FINGERPRINTED = r"\.[0-9a-f]{8}\.min\.(?:js|css)$"
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
FRAME_ANCESTORS = "frame-ancestors 'none'"
META_POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
CACHE = Path(__file__).resolve().parent.parent / ".cache" / "precompressed"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
MIME_TYPES = Path("/etc/nginx/mime.types")


# --- What the build writes ----------------------------------------------------------------

def precompress(site_dir: Path, cache: Path = CACHE) -> None:
    """Gzip and brotli twins of every compressible file, for nginx to serve as they are,
    at the strongest settings. Brotli's strongest is slow, so twins are kept by content in
    `cache`: a build recompresses only what changed (the pages, mostly)."""
    cache.mkdir(parents=True, exist_ok=True)
    for path in site_dir.rglob("*"):
        if path.suffix not in COMPRESSIBLE or not path.is_file():
            continue
        data = path.read_bytes()
        key = hashlib.sha256(data).hexdigest()
        for suffix, pack in ((".gz", lambda d: gzip.compress(d, 9, mtime=0)),
                             (".br", lambda d: brotli.compress(d, quality=11))):
            kept = cache / (key + suffix)
            if not kept.exists():
                kept.write_bytes(pack(data))
            shutil.copyfile(kept, path.with_name(path.name + suffix))


def page_policies(site_dir: Path) -> dict[str, str]:
    """Address → the Content-Security-Policy header of that HTML file: its meta's."""
    policies = {}
    for page in sorted(site_dir.rglob("*.html")):
        found = META_POLICY.search(page.read_text(encoding="utf-8"))
        if found:
            policies["/" + page.relative_to(site_dir).as_posix()] = (
                f"{html.unescape(found[1])}; {FRAME_ANCESTORS}")
    return policies


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _header_lines(extra: dict[str, str]) -> str:
    headers = {**COMMON_HEADERS, **extra}
    return "\n".join(f"    add_header {name} {_quote(value)} always;" for name, value in headers.items())


def server_files(site_dir: Path, editions: list[str]) -> dict[str, str]:
    """The nginx parts and the _headers file of a built site, by path below it.
    `editions`: the folders of the editions after the first ("it/")."""
    policies = page_policies(site_dir)
    # nginx sends no header whose value is empty: non-HTML responses get none.
    http = ["# For the http {} block: each page's Content-Security-Policy, by address.",
            "map $uri $pec_csp {", '    default "";']
    http += [f"    {_quote(uri)} {_quote(policy)};" for uri, policy in policies.items()]
    http.append("}")
    html_headers = {"Content-Security-Policy": "$pec_csp", "Cache-Control": REVALIDATE}
    server = [
        "# For a server {} block serving this site's folder (root).",
        "# Behind TLS, also send HSTS from the TLS server block:",
        '#   add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;',
        "server_tokens off;",
        "autoindex off;",
        "charset utf-8;",
        "charset_types text/css text/xml text/plain application/javascript application/json image/svg+xml;",
        "index index.html;",
        "gzip_static on;",
        "brotli_static on;" if BROTLI_MODULE.exists() else "# brotli_static on;  (Debian: libnginx-mod-http-brotli-static)",
        "error_page 404 /404.html;",
        "",
        "# The build's own files are not the site's.",
        r"location ~ (^/_|/\.) {",
        "    return 404;",
        "}",
        "",
        f"location ~* {_quote(FINGERPRINTED)} {{",
        _header_lines({"Cache-Control": IMMUTABLE}),
        "}",
        "",
        "location / {",
        _header_lines(html_headers),
        "    try_files $uri $uri/ =404;",
        "}",
    ]
    for folder in editions:
        server += ["", f"# The {folder.strip('/')} edition answers a missing address with its own page.",
                   f"location /{folder} {{", f"    error_page 404 /{folder}404.html;",
                   _header_lines(html_headers), "    try_files $uri $uri/ =404;", "}"]
    # Cloudflare Pages and Netlify: each header once per address, since they would send
    # two Content-Security-Policy headers (both enforced) where two rules match.
    headers = ["/*"] + [f"  {name}: {value}" for name, value in COMMON_HEADERS.items()]
    headers += ["", "/assets/*", f"  Cache-Control: {REVALIDATE}"]
    for uri, policy in policies.items():
        # In a fixed order (a set's changes from run to run), so that two builds of the
        # same site write the same file.
        for address in dict.fromkeys((uri, uri.removesuffix("index.html"))):
            headers += ["", address, f"  Content-Security-Policy: {policy}", f"  Cache-Control: {REVALIDATE}"]
    return {"_nginx/http.conf": "\n".join(http) + "\n", "_nginx/server.conf": "\n".join(server) + "\n",
            "_headers": "\n".join(headers) + "\n"}


def publish(site_dir: Path, editions: list[str]) -> None:
    """What a built site needs to be served as production serves it."""
    for name, text in server_files(site_dir, editions).items():
        path = site_dir / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    precompress(site_dir)


# --- Serving ------------------------------------------------------------------------------

def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


def configuration(site_dir: Path, port: int, work: Path) -> str:
    """A whole nginx configuration serving `site_dir` on a loopback port, its temporary
    files in `work`, in the foreground."""
    site = site_dir.resolve()
    temp = "\n".join(f"    {kind}_temp_path {work / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""# Written by tools/nginx.py for one run: production's parts of {site}/_nginx/.
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
daemon off;
pid {work / "nginx.pid"};
error_log {work / "error.log"} warn;
{f"load_module {BROTLI_MODULE};" if BROTLI_MODULE.exists() else ""}
events {{
    worker_connections 256;
}}
http {{
    include {MIME_TYPES};
    default_type application/octet-stream;
    access_log off;
    sendfile on;
{temp}
    include {site / "_nginx" / "http.conf"};
    server {{
        listen 127.0.0.1:{port};
        root {site};
        include {site / "_nginx" / "server.conf"};
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def serve(site_dir: Path, port: int | None = None) -> Iterator[str]:
    """Run nginx on `port` (a free one if None) until the block ends; yields the address."""
    binary = nginx_binary()
    if not binary:
        raise RuntimeError("nginx is not installed: `make test` and `make preview` install it")
    port = port or free_port()
    with tempfile.TemporaryDirectory(prefix="pec-nginx-") as folder:
        work = Path(folder)
        config = work / "nginx.conf"
        config.write_text(configuration(site_dir, port, work), encoding="utf-8")
        check = subprocess.run([binary, "-t", "-q", "-c", str(config)], capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError(f"nginx refuses the configuration:\n{check.stderr}")
        server = subprocess.Popen([binary, "-c", str(config)], stderr=subprocess.PIPE, text=True)
        url = f"http://127.0.0.1:{port}/"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(url, timeout=1)
                    break
                except urllib.error.HTTPError:
                    break
                except OSError:
                    if server.poll() is not None:
                        raise RuntimeError(f"nginx stopped:\n{server.stderr.read()}")
                    time.sleep(0.05)
            yield url
        finally:
            server.send_signal(signal.SIGQUIT)  # finish the requests under way, then stop
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description="Serve a built site with nginx, as production does.")
    parser.add_argument("site", type=Path, help="the built site (make build writes site/)")
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args()
    try:
        with serve(args.site, args.port) as url:
            print(f"nginx: serving {args.site} at {url} (Ctrl+C stops it)", flush=True)
            while True:
                time.sleep(3600)
    except KeyboardInterrupt:
        print("nginx: stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
