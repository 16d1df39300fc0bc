"""The HTTP response headers the site asks its host for: security headers and caching.

One source for two formats:

- ``_headers`` (Netlify, Cloudflare Pages), written into the built site by
  ``pyodide_runtime.py`` (:func:`headers_file`);
- an nginx snippet for hosts run by hand, ``scripts/nginx-site.conf`` (:func:`nginx_snippet`);
  regenerate it after changing anything here with
  ``.venv/bin/python scripts/hooks/security_headers.py > scripts/nginx-site.conf``.

This module is not an MkDocs hook itself (``mkdocs.yml`` does not list it).

What the headers do that a page's ``<meta>`` policy cannot: refuse framing (``frame-ancestors``
and ``X-Frame-Options``; a meta policy cannot carry ``frame-ancestors``), keep the browser from
guessing types, send no referrer, deny browser features the site never uses, isolate the
window from pages it did not open, and give the Pyodide worker's script its own policy
(a dedicated worker follows the policy of its own script's response, not the page's).
"""

from __future__ import annotations

import sys

# Every response.
SITE_HEADERS: tuple[tuple[str, str], ...] = (
    ("Content-Security-Policy", "frame-ancestors 'none'"),
    ("X-Frame-Options", "DENY"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    # Features the site does not use, denied to it and to anything it could embed. Only names
    # Chromium recognises: an unknown name is reported as an error in the console, which
    # tests/test_security_browser.py checks (Chromium 156 on Linux does not know "bluetooth";
    # "interest-cohort" is gone, "browsing-topics" replaced it). Not listed, because the site
    # uses it: clipboard-write (the checklists' "copy link").
    ("Permissions-Policy", ", ".join(f"{feature}=()" for feature in (
        "accelerometer", "autoplay", "browsing-topics", "camera", "display-capture",
        "encrypted-media", "fullscreen", "geolocation", "gyroscope", "hid", "idle-detection",
        "magnetometer", "microphone", "midi", "payment", "publickey-credentials-get",
        "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
    ))),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)

WORKER_PATH = "/assets/javascripts/tools/pyodide-worker.mjs"
# The worker runs Pyodide: it imports the runtime's modules and compiles its WebAssembly, and
# fetches the runtime, the wheels and the lockfile from the site. Nothing else.
WORKER_POLICY = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'"

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
TYPES = {"mjs": "text/javascript", "wasm": "application/wasm"}

# Caching: versioned and content-addressed files never change at their address; the tools'
# modules keep their names across releases, so they are revalidated.
CACHE_RULES: tuple[tuple[str, str], ...] = (
    ("/assets/pyodide/*", IMMUTABLE),
    ("/assets/wheels/*", IMMUTABLE),
    ("/assets/javascripts/bundle.*", IMMUTABLE),
    ("/assets/javascripts/workers/*", IMMUTABLE),
    ("/assets/stylesheets/main.*", IMMUTABLE),
    ("/assets/javascripts/tools/*", REVALIDATE),
)


def headers_file() -> str:
    """The ``_headers`` file (Netlify / Cloudflare Pages format).

    Where several rules match a path, such hosts send the headers of all of them (the same
    header from two rules is joined with a comma). For the worker that gives two
    Content-Security-Policies, ``frame-ancestors 'none'`` and :data:`WORKER_POLICY`; a browser
    enforces both.
    """
    lines = [
        "# Security headers and caching for static hosts that read a _headers file (Netlify,",
        "# Cloudflare Pages); written by scripts/hooks/security_headers.py. Versioned and",
        "# content-addressed files never change at their address: browsers may keep them for a",
        "# year without asking again. Everything else is revalidated on each visit.",
    ]
    for path, cache in CACHE_RULES:
        lines += [path, f"  Cache-Control: {cache}"]
    lines += [WORKER_PATH, f"  Content-Security-Policy: {WORKER_POLICY}"]
    lines += ["/*", *(f"  {name}: {value}" for name, value in SITE_HEADERS)]
    return "\n".join(lines) + "\n"


def _add_headers(extra: tuple[tuple[str, str], ...], indent: str) -> list[str]:
    return [f'{indent}add_header {name} "{value}" always;' for name, value in (*SITE_HEADERS, *extra)]


def _block(location: str, extra: tuple[tuple[str, str], ...], *, own_type: str | None = None,
           nested: tuple[str, ...] = ()) -> list[str]:
    """One location with the full header set (nginx drops inherited ``add_header`` lines in a
    block that has its own): its own MIME type, or nested locations for ``.mjs`` / ``.wasm``."""
    lines = [f"location {location} {{"]
    if own_type:
        lines.append(f"    types {{ }} default_type {own_type};")
    lines += _add_headers(extra, "    ")
    for suffix in nested:
        lines += [f"    location ~ \\.{suffix}$ {{", f"        types {{ }} default_type {TYPES[suffix]};",
                  *_add_headers(extra, "        "), "    }"]
    return lines + ["}"]


def nginx_snippet() -> str:
    """The same headers for nginx, to ``include`` in the ``server`` block that serves ``site/``."""
    immutable = (("Cache-Control", IMMUTABLE),)
    revalidate = (("Cache-Control", REVALIDATE),)
    lines = [
        "# Security headers, caching and MIME types for the built site (site/) on nginx: the same",
        "# rules as the _headers file the build writes for Netlify and Cloudflare Pages.",
        "# Generated; do not edit. After changing scripts/hooks/security_headers.py run:",
        "#   .venv/bin/python scripts/hooks/security_headers.py > scripts/nginx-site.conf",
        "#",
        "# Use it inside the server block whose root is the built site:",
        "#   server {",
        "#       root /srv/mynumber-guide/site;",
        "#       include /etc/nginx/snippets/mynumber-guide.conf;   # this file",
        "#   }",
        "# nginx drops all inherited add_header lines in a block that has its own, so every",
        "# location repeats the whole set. Its stock mime.types may lack .mjs and .wasm: the",
        "# locations below set them (module scripts need a JavaScript type, WebAssembly",
        "# streaming compilation needs application/wasm).",
        "#",
        "# The build writes file.br and file.gz beside the large files (scripts/hooks/precompress.py):",
        "# gzip_static sends the .gz copy to browsers that accept gzip; brotli_static needs the",
        "# ngx_brotli module (Debian: libnginx-mod-http-brotli-static) and sends the smaller .br copy.",
        "# Remove the brotli_static line if that module is not loaded.",
        "",
        "gzip_static on;",
        "brotli_static on;",
        "",
        *_add_headers((), ""),
        "",
        *_block(f"= {WORKER_PATH}", (("Content-Security-Policy", WORKER_POLICY), *revalidate),
                own_type=TYPES["mjs"]),
        *_block("^~ /assets/javascripts/tools/", revalidate, nested=("mjs",)),
        *_block("^~ /assets/pyodide/", immutable, nested=("mjs", "wasm")),
        *_block("^~ /assets/wheels/", immutable),
        *_block("^~ /assets/javascripts/workers/", immutable),
        *_block("~ ^/assets/javascripts/bundle\\.", immutable),
        *_block("~ ^/assets/stylesheets/main\\.", immutable),
        *_block("~ \\.mjs$", (), own_type=TYPES["mjs"]),
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(nginx_snippet())
