"""Our HTML validates with the Nu HTML Checker (npm vnu-jar, run with the machine's Java).

Material's own templates carry a few errors that are not ours to fix; each is listed
below with the reason it is left alone. Anything else fails the test.
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tools.site import ROOT, editions

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
MATERIAL_KNOWN = [
    # Material's drawer and search toggles are checkboxes with autocomplete="off", which
    # keeps Firefox from restoring their state on reload; the spec allows it on text only.
    (r"Attribute “autocomplete” is only allowed", r'class="md-toggle"'),
    # Material's navigation section labels render tabindex="" when a section is not
    # focusable; browsers ignore the empty value.
    (r"Bad value “” for attribute “tabindex” on element “label”", r'class="md-nav__link"'),
]


# The checker reads the files from disk, where 'self' is a file: URL, and it does not
# compute script hashes: its Content Security Policy notes say nothing about the served
# site. test_security.py checks the policy in a real browser instead.
CSP_NOTE = re.compile(r"^(Resource|Inline script) violates Content Security Policy")


def known(message: dict) -> bool:
    return any(re.search(text, message["message"]) and re.search(extract, message.get("extract", ""))
               for text, extract in MATERIAL_KNOWN)


@pytest.mark.skipif(not (VNU.exists() and shutil.which("java")),
                    reason="vnu.jar comes with `make test` (npm ci); it needs Java")
def test_every_page_is_valid_html(built_site, site_dir: Path, edition):
    # The edition's own files: the first edition's folder is the site's root and holds
    # the others', which their own run checks, so no file is checked twice.
    others = [built_site[0] / e.folder for e in editions() if e.lang != edition.lang]
    inner = [folder for folder in others if folder != site_dir and folder.is_relative_to(site_dir)]
    files = [str(f) for f in sorted(site_dir.rglob("*.html"))
             if not any(f.is_relative_to(folder) for folder in inner)]
    assert files
    result = subprocess.run(["java", "-jar", str(VNU), "--format", "json", *files],
                            capture_output=True, text=True)
    messages = json.loads(result.stderr)["messages"]
    problems = [m for m in messages if (m["type"] == "error" or m.get("subType") == "warning")
                and not known(m) and not CSP_NOTE.match(m["message"])]
    assert problems == [], "\n".join(
        f"{m['url'].removeprefix(site_dir.as_uri())}:{m.get('lastLine')} {m['message']}"
        for m in problems[:20])
    assert any(known(m) for m in messages), "the known Material errors are gone: shorten the list"
