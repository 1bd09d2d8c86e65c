"""What every hook reads: the words of each edition (strings/<lang>.yml, checked against
each other), the data files (validated), and the templates that join the two.

Not a hook itself: the hooks import it (MkDocs puts this folder on the import path while
it loads a hook), and so do the tests and the tools, so that everyone reads the words and
the data exactly as the build does.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import jinja2
import markdown
import yaml
from markupsafe import Markup
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
STRINGS_DIR = ROOT / "strings"
PROVIDERS_FILE = ROOT / "data" / "providers.yml"
REGISTRY_FILE = ROOT / "data" / "step-links.yml"
PDF_FILE = ROOT / "data" / "pdf.yml"
SOURCES_FILE = ROOT / "data" / "sources.yml"
TEMPLATES_DIR = ROOT / "templates"

SERVERS = ("imap", "pop", "smtp")
PROTOCOLS = {"imap": "IMAP", "pop": "POP"}
USERNAME_RULES = ("address", "user-id", "account-name")
# What a source is: the provider's own page, Microsoft's, a standard or the law, a
# document whose author is not stated, or a third party's page.
SOURCE_KINDS = ("provider", "microsoft", "standard", "document", "third-party")
# How sure a quoted Outlook label is (strings/<lang>.yml, outlook): high and medium are
# quoted in bold; low and unconfirmed are described in our own words instead.
CONFIDENCE = {"high": True, "medium": True, "low": False, "unconfirmed": False}
# A DNS host name: dot-separated labels of letters, digits and inner hyphens, ending in a
# top-level domain of letters. Handed to the scripts too (settings-model.js).
HOST_NAME = r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$"
_HOST_NAME = re.compile(HOST_NAME)


# --- Words ------------------------------------------------------------------------------

def _leaves(tree: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Dotted key → value. A mapping with a `label` key is one entry (an Outlook label
    with its source), whatever else it holds in a given language."""
    flat = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and "label" not in value:
            flat.update(_leaves(value, f"{path}."))
        else:
            flat[path] = value
    return flat


class Words:
    """One edition's catalogue: `t("ui.copy")`, with {placeholders} filled in."""

    def __init__(self, lang: str, tree: dict[str, Any], file: Path):
        self.lang = lang
        self.tree = tree
        self.file = file
        self.flat = _leaves(tree)

    def t(self, key: str, **values: Any) -> Any:
        try:
            text = self.flat[key]
        except KeyError:
            raise PluginError(f"{self.file.relative_to(ROOT)}: no key '{key}'") from None
        return text.format(**values) if values else text

    def section(self, key: str) -> dict[str, Any]:
        """A whole branch of the catalogue, e.g. for the scripts' JSON block."""
        node: Any = self.tree
        for part in key.split("."):
            node = node[part]
        return node


_loaded: dict[tuple, dict[str, Words]] = {}


def load_catalogues(folder: Path = STRINGS_DIR) -> dict[str, Words]:
    """Every edition's words. Fails when one language lacks a key another has, or has one
    that no other language has, naming the file and the key. Read once per change of the
    files, although several hooks ask."""
    files = sorted(folder.glob("*.yml"))
    stamp = (folder, tuple((file.name, file.stat().st_mtime_ns) for file in files))
    if stamp not in _loaded:
        _loaded.clear()
        _loaded[stamp] = _check(folder, files)
    return _loaded[stamp]


def _check(folder: Path, files: list[Path]) -> dict[str, Words]:
    catalogues = {}
    for file in files:
        try:
            tree = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as error:
            raise PluginError(f"{file.relative_to(ROOT)} is not valid YAML: {error}") from None
        catalogues[file.stem] = Words(file.stem, tree, file)
    problems = []
    for lang, words in catalogues.items():
        others = [w for w in catalogues.values() if w is not words]
        for other in others:
            for key in sorted(set(other.flat) - set(words.flat)):
                problems.append(f"{words.file.name} lacks '{key}' ({other.file.name} has it)")
        if others:
            known = set().union(*(set(o.flat) for o in others))
            for key in sorted(set(words.flat) - known):
                problems.append(f"{words.file.name} has '{key}', which no other language has")
        for key, value in words.flat.items():
            if value in (None, ""):
                problems.append(f"{words.file.name}: '{key}' is empty")
    if problems:
        raise PluginError("Strings:\n  " + "\n  ".join(dict.fromkeys(problems)))
    return catalogues


# --- Data -------------------------------------------------------------------------------

def load_providers(path: Path = PROVIDERS_FILE, sources_path: Path = SOURCES_FILE) -> dict[str, Any]:
    """Read the data file and fail loudly on anything a guide could print wrongly. Each
    source id is replaced by its entry of data/sources.yml (url, publisher, kind)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    sources = load_sources(sources_path)
    problems: list[str] = []

    def need(condition: bool, message: str) -> None:
        if not condition:
            problems.append(message)

    ids = [p.get("id") for p in data.get("providers", [])]
    need(len(ids) == len(set(ids)), f"provider ids repeat: {ids}")
    for name in SERVERS:
        need(isinstance(data.get("standard", {}).get(name, {}).get("port"), int),
             f"standard.{name}.port is missing")
    for p in data.get("providers", []):
        where = f"provider {p.get('id')!r}"
        for key in ("id", "name", "domains", "username", "sources", "checked"):
            need(key in p, f"{where}: '{key}' is missing")
        for server in SERVERS:
            s = p.get(server, {})
            need(bool(_HOST_NAME.match(str(s.get("host", "")))),
                 f"{where}: {server}.host {s.get('host')!r} is not a host name")
            need(isinstance(s.get("port"), int) and 0 < s["port"] < 65536,
                 f"{where}: {server}.port {s.get('port')!r} is not a port")
            need(s.get("encryption") == "SSL/TLS",
                 f"{where}: {server}.encryption must be SSL/TLS (RFC 8314 implicit TLS)")
        for source in ("hosts", "ports", "username"):
            need(source in p.get("sources", {}), f"{where}: sources.{source} is missing")
        for source, key in p.get("sources", {}).items():
            need(key in sources, f"{where}: sources.{source} names '{key}', not in {sources_path.name}")
        need(isinstance(p.get("checked"), datetime.date),
             f"{where}: 'checked' must be a date (YYYY-MM-DD)")
        need(p.get("username") in USERNAME_RULES,
             f"{where}: username must be one of {', '.join(USERNAME_RULES)}")
        need(isinstance(p.get("limits"), list), f"{where}: 'limits' must be a list (maybe empty)")
        for limit in p.get("limits") or []:
            need(bool(limit.get("id")) and limit.get("source") in sources,
                 f"{where}: each limit needs an id and a source of {sources_path.name}")
        need(p.get("client_password") is None or p["client_password"] in sources,
             f"{where}: client_password names {p.get('client_password')!r}, not in {sources_path.name}")
        for server in p.get("unconfirmed", []):
            need(server in SERVERS, f"{where}: unconfirmed lists {server!r}, not a server")
        for entry in p.setdefault("agreements", []):
            need(bool(_HOST_NAME.match(str(entry.get("domain", "")))) and entry.get("source") in sources,
                 f"{where}: each agreement needs a domain and a source of {sources_path.name}")
    for entry in data.setdefault("organisations", []):
        need(bool(_HOST_NAME.match(str(entry.get("domain", "")).removeprefix("*."))) and entry.get("source") in sources,
             f"organisations: {entry.get('domain')!r} needs a domain (\"*.\" for those below it) "
             f"and a source of {sources_path.name}")
    for entry in data.setdefault("elsewhere", []):
        need(bool(entry.get("id")) and bool(entry.get("name")) and entry.get("source") in sources
             and all(_HOST_NAME.match(str(d).removeprefix("*.")) for d in entry.get("domains") or [None]),
             f"elsewhere: {entry.get('id')!r} needs an id, a name, domains (\"*.\" for those below "
             f"one) and a source of {sources_path.name}")
    # A domain says who runs the mailbox: one answer each.
    domains = [*(d for p in data.get("providers", []) for d in p.get("domains", [])),
               *(e.get("domain") for p in data.get("providers", []) for e in p.get("agreements", [])),
               *(e.get("domain") for e in data["organisations"]),
               *(d for e in data["elsewhere"] for d in e.get("domains", []))]
    need(len(domains) == len(set(domains)),
         f"a domain is listed twice: {sorted({d for d in domains if domains.count(d) > 1})}")
    need(data.get("standard", {}).get("source") in sources, f"standard.source is not in {sources_path.name}")
    if problems:
        raise PluginError(f"{path.name}: " + "; ".join(problems))
    data["standard"]["source"] = sources[data["standard"]["source"]]
    for p in data["providers"]:
        p["sources"] = {name: sources[key] for name, key in p["sources"].items()}
        for entry in [*p["limits"], *p["agreements"]]:
            entry["source"] = sources[entry["source"]]
        if p.get("client_password"):
            p["client_password"] = sources[p["client_password"]]
    for entry in [*data["organisations"], *data["elsewhere"]]:
        entry["source"] = sources[entry["source"]]
    return data


def provider_word_problems(data: dict[str, Any], words: Words) -> list[str]:
    """What an edition must say about each provider: its user-name rule, custom domains,
    a wording for each limit and a note for each unconfirmed server."""
    problems = []
    for p in data["providers"]:
        needed = [f"providers.{p['id']}.{key}" for key in ("username_short", "username",
                                                          "custom_domains")]
        needed += [f"providers.{p['id']}.limits.{limit['id']}" for limit in p["limits"]]
        needed += [f"providers.{p['id']}.notes.{server}" for server in p.get("unconfirmed", [])]
        if p.get("client_password"):
            needed.append(f"providers.{p['id']}.client_password")
        problems += [f"{words.file.name} lacks '{key}'" for key in needed if key not in words.flat]
    return problems


def load_sources(path: Path = SOURCES_FILE) -> dict[str, dict[str, str]]:
    """The public pages the site's sentences rest on, by id: url, publisher, kind."""
    sources = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("sources") or {}
    problems = [f"source '{key}' needs an https url, a publisher and a kind ({', '.join(SOURCE_KINDS)})"
                for key, source in sources.items()
                if not (str(source.get("url", "")).startswith(("https://", "http://"))
                        and source.get("publisher") and source.get("kind") in SOURCE_KINDS)]
    if problems:
        raise PluginError(f"{path.name}: " + "; ".join(problems))
    return sources


def label_problems(words: Words, sources: dict[str, dict] | None = None) -> list[str]:
    """Every Outlook label must say how sure it is and where it comes from; one that is not
    sure enough to quote must say how to describe the control instead."""
    sources = load_sources() if sources is None else sources
    problems = []
    for key, entry in words.section("outlook").items():
        where = f"{words.file.name}: outlook.{key}"
        if not isinstance(entry, dict) or "label" not in entry:
            problems.append(f"{where} needs a label, a confidence and a source")
            continue
        confidence = entry.get("confidence")
        if confidence not in CONFIDENCE:
            problems.append(f"{where}: confidence must be one of {', '.join(CONFIDENCE)}")
        elif CONFIDENCE[confidence] and entry.get("source") not in sources:
            problems.append(f"{where} is quoted, so it needs the source it was read in "
                            f"(an id of data/sources.yml)")
        elif not CONFIDENCE[confidence] and not entry.get("describe"):
            problems.append(f"{where} is {confidence}: say how to describe the control (describe)")
    return problems


def outlook_label(words: Words, key: str) -> tuple[str, bool]:
    """An Outlook label as the page shows it: (text, quoted). Quoted labels are Outlook's
    own words; the others are our description of the control."""
    entry = words.t(f"outlook.{key}")
    quoted = CONFIDENCE.get(entry.get("confidence"), False)
    return (entry["label"] if quoted else entry["describe"]), quoted


def load_registry(path: Path = REGISTRY_FILE) -> dict[str, dict[str, Any]]:
    """The published step links: page address → {steps: [ids], moved: {old: new}}."""
    pages = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("pages") or {}
    for url, entry in pages.items():
        if not isinstance(entry.get("steps"), list) or not isinstance(entry.get("moved", {}), dict):
            raise PluginError(f"{path.name}: '{url}' needs a 'steps' list and a 'moved' mapping")
        entry.setdefault("moved", {})
    return pages


def load_documents(path: Path = PDF_FILE) -> list[dict[str, Any]]:
    """The PDFs each edition exports: id, file and pages (a list, or "navigation")."""
    documents = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("documents") or []
    for document in documents:
        if not {"id", "file", "pages"} <= set(document):
            raise PluginError(f"{path.name}: every document needs an id, a file and pages")
    return documents


# --- Templates --------------------------------------------------------------------------

def _inline_markdown(text: str) -> Markup:
    """A catalogue string's Markdown (bold, code) as HTML, for templates that write HTML."""
    html = markdown.markdown(text)
    return Markup(html.removeprefix("<p>").removesuffix("</p>"))


def template_env(words: Words, *, markup: bool) -> jinja2.Environment:
    """The templates/ folder with the edition's words as `t(...)`. `markup` for HTML and
    SVG output, escaped as such; otherwise the output is Markdown, escaped later by
    Markdown itself. A missing variable or key fails the build."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=markup,
        keep_trailing_newline=True,
    )
    env.globals["t"] = words.t
    env.globals["label"] = lambda key: outlook_label(words, key)[0]
    env.filters["markdown"] = _inline_markdown
    # A description that opens a sentence elsewhere ("the box for…") heading a table's row.
    env.filters["first_upper"] = lambda text: text[:1].upper() + text[1:]
    return env
