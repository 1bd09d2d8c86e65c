"""MkDocs hook: render the server settings in data/providers.yml into the guides.

A page (or a snippet it includes) asks for a settings block with one line:

    [[pec-settings incoming imap]]
    [[pec-settings outgoing]]

The line is replaced by the Jinja template snippets/settings/<kind>.md rendered with the
data file, so the text stays in Markdown and every host name and port comes from the
data file. The hook also draws the illustrated Outlook forms (snippets/settings/form.svg,
one per provider and server, into assets/images/forms/) and hands the values to the
pages' JavaScript: `extra.pec_settings`, which overrides/main.html writes as JSON.

The directives run as a Markdown preprocessor placed after markdown-include, because the
directive usually sits in an included snippet that `on_page_markdown` never sees.
"""

from __future__ import annotations

import datetime
import posixpath
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
import yaml
from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parent.parent
DATA_FILE = ROOT / "data" / "providers.yml"
INTERFACE_FILE = ROOT / "data" / "interface.yml"
FORMS_DIR = "assets/images/forms"
TEMPLATE_DIR = ROOT / "snippets" / "settings"

PROTOCOLS = {"imap": "IMAP", "pop": "POP"}
SERVERS = ("imap", "pop", "smtp")
DIRECTIVE = re.compile(
    r"^(?P<indent>[ ]*)\[\[pec-settings (?P<kind>[a-z-]+)(?: (?P<protocol>[a-z]+))?\]\]\s*$"
)
# A DNS host name: dot-separated labels of letters, digits and inner hyphens.
HOST_NAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
# markdown-include registers its preprocessor at 101; a lower number runs later.
PRIORITY = 100


def load_providers(path: Path = DATA_FILE) -> dict[str, Any]:
    """Read the data file and fail loudly on anything a guide could print wrongly."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
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
            need(bool(HOST_NAME.match(str(s.get("host", "")))),
                 f"{where}: {server}.host {s.get('host')!r} is not a host name")
            need(isinstance(s.get("port"), int) and 0 < s["port"] < 65536,
                 f"{where}: {server}.port {s.get('port')!r} is not a port")
            need(s.get("encryption") == "SSL/TLS",
                 f"{where}: {server}.encryption must be SSL/TLS (RFC 8314 implicit TLS)")
        for source in ("hosts", "ports", "username"):
            url = p.get("sources", {}).get(source, "")
            need(str(url).startswith("https://"), f"{where}: sources.{source} needs an https URL")
        need(isinstance(p.get("checked"), datetime.date),
             f"{where}: 'checked' must be a date (YYYY-MM-DD)")
        need(p.get("username", {}).get("rule") in {"address", "user-id", "account-name"},
             f"{where}: username.rule must be address, user-id or account-name")
        for key in ("short", "text"):
            need(bool(p.get("username", {}).get(key)), f"{where}: username.{key} is missing")
        need(isinstance(p.get("limits"), list), f"{where}: 'limits' must be a list (maybe empty)")
        for limit in p.get("limits") or []:
            need(bool(limit.get("text")) and str(limit.get("source", "")).startswith("https://"),
                 f"{where}: each limit needs a text and an https source")
    if problems:
        raise PluginError(f"{path.name}: " + "; ".join(problems))
    return data


def _value(text: Any) -> str:
    """A value the reader types into Outlook: code, with a copy button added in the page."""
    return f"`{text}`{{ .pec-value }}"


def _domain(url: str) -> str:
    return urlsplit(url).hostname or url


def public_settings(data: dict[str, Any]) -> dict[str, Any]:
    """The values the settings generator needs, for overrides/main.html to hand over."""
    servers = ("host", "port", "encryption")
    return {
        "standard": {name: data["standard"][name] for name in SERVERS},
        "providers": [
            {
                "id": p["id"],
                "name": p["name"],
                "domains": p["domains"],
                **{name: {key: p[name][key] for key in servers} for name in SERVERS},
                "username": {"rule": p["username"]["rule"]},
            }
            for p in data["providers"]
        ],
    }


def form_path(provider_id: str, server: str) -> str:
    return f"{FORMS_DIR}/{server}-{provider_id}.svg"


class SettingsPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, extension: SettingsExtension):
        super().__init__(md)
        self.extension = extension
        self.data = extension.data
        self.templates = extension.templates

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        for line in lines:
            match = DIRECTIVE.match(line)
            if not match:
                out.append(line)
                continue
            rendered = self.render(match["kind"], match["protocol"])
            out.extend(match["indent"] + row if row else row for row in rendered.splitlines())
        return out

    def render(self, kind: str, protocol: str | None) -> str:
        if protocol is not None and protocol not in PROTOCOLS:
            raise PluginError(f"[[pec-settings {kind} {protocol}]]: unknown protocol")
        try:
            template = self.templates.get_template(f"{kind}.md")
        except jinja2.TemplateNotFound:
            raise PluginError(f"[[pec-settings {kind}]]: no template {TEMPLATE_DIR / kind}.md")
        protocol_info = {"id": protocol, "label": PROTOCOLS[protocol]} if protocol else None
        return template.render(**self.data, protocol=protocol_info, form_src=self.form_src)

    def form_src(self, provider_id: str, server: str) -> str:
        """The illustrated form's path, relative to the page being rendered, as Markdown wants."""
        page_dir = posixpath.dirname(self.extension.page_src)
        return posixpath.relpath(form_path(provider_id, server), page_dir or ".")


class SettingsExtension(Extension):
    def __init__(self, data: dict[str, Any]):
        super().__init__()
        self.data = data
        self.page_src = ""  # the page being rendered, set by on_page_markdown
        self.templates = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            autoescape=False,  # the output is Markdown, escaped later by Markdown itself
        )
        self.templates.filters.update(value=_value, domain=_domain)

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(SettingsPreprocessor(md, self), "pec-settings", PRIORITY)

    def draw_forms(self, config: MkDocsConfig) -> list[File]:
        """The illustrated Outlook form of every provider and server, as generated files."""
        form = yaml.safe_load(INTERFACE_FILE.read_text(encoding="utf-8"))["form"]
        svg = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
            undefined=jinja2.StrictUndefined,
            autoescape=True,  # the output is SVG: values are escaped as XML text
        ).get_template("form.svg")
        return [
            File.generated(config, form_path(p["id"], server),
                           content=svg.render(p=p, server=server, values=p[server], form=form))
            for p in self.data["providers"]
            for server in SERVERS
        ]


_extension: SettingsExtension | None = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _extension
    data = load_providers()
    _extension = SettingsExtension(data)
    config.markdown_extensions.append(_extension)
    config.extra["pec_settings"] = public_settings(data)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for file in _extension.draw_forms(config):
        files.append(file)
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    _extension.page_src = page.file.src_uri
    return markdown

