"""MkDocs hook: render the server settings in data/providers.yml into the pages.

A page (or a snippet it includes) asks for a block with one line:

    [[pec-settings incoming imap]]     the incoming-server tabs of a guide (imap or pop)
    [[pec-settings outgoing]]          the outgoing-server tabs
    [[pec-settings limits]]            each provider's sending limits, with sources
    [[pec-settings limits rate]]       only one kind of limit (here: messages a minute)
    [[pec-settings generator]]         the settings generator's form and card
    [[pec-settings provider-codes]]    the provider codes that links may carry
    [[pec-settings provider-domains]]  the address domains the generator recognises
    [[pec-settings mac-incoming imap]] the same for Outlook for Mac (imap or pop),
    [[pec-settings mac-outgoing]]      with its own fields
    [[pec-settings android]]           a whole IMAP account in the Outlook app for
    [[pec-settings ios]]               Android, or for iOS
    [[pec-settings request]]           the request to the IT office, one tab per provider

The line is replaced by the template templates/settings/<kind>.md.j2 (or
templates/generator.html.j2) rendered with the data file and the edition's words, so
every host name and port comes from the data file and every word from strings/<lang>.yml.
The hook also draws the illustrated Outlook forms (templates/form.svg.j2, one per provider
and server, into assets/images/forms/) and hands the values to the pages' JavaScript:
`extra.pec_settings`, which overrides/main.html writes as JSON.

The directives run as a Markdown preprocessor placed after markdown-include, because the
directive usually sits in an included snippet that `on_page_markdown` never sees.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any
from urllib.parse import urlsplit

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from project import (HOST_NAME, PROTOCOLS, SERVERS, Words, load_catalogues, load_providers,
                     template_env)

FORMS_DIR = "assets/images/forms"
DIRECTIVE = re.compile(
    r"^(?P<indent>[ ]*)\[\[pec-settings (?P<kind>[a-z-]+)(?: (?P<option>[a-z]+))?\]\]\s*$"
)
# The one block that sits inside a sentence.
CODES = "[[pec-settings provider-codes]]"
# The kinds a page may ask for, and the template each renders.
TEMPLATES = {
    "incoming": "settings/incoming.md.j2",
    "outgoing": "settings/outgoing.md.j2",
    "limits": "settings/limits.md.j2",
    "generator": "generator.html.j2",
    "provider-domains": "settings/domains.md.j2",
    "mac-incoming": "settings/client.md.j2",
    "mac-outgoing": "settings/client.md.j2",
    "android": "settings/client.md.j2",
    "ios": "settings/client.md.j2",
    "request": "settings/request.md.j2",
}
# The kinds that show one incoming server: the protocol is required.
NEEDS_PROTOCOL = {"incoming", "mac-incoming"}
# markdown-include registers its preprocessor at 101; a lower number runs later.
PRIORITY = 100


def _value(text: Any) -> str:
    """A value the reader types into Outlook: code, with a copy button added in the page."""
    return f"`{text}`{{ .pec-value }}"


def _domain(url: str) -> str:
    return urlsplit(url).hostname or url


def public_settings(data: dict[str, Any]) -> dict[str, Any]:
    """The values the scripts need, for overrides/main.html to hand over: the servers of
    each provider, the host-name rule and the protocols, so the scripts repeat none."""
    servers = ("host", "port", "encryption")
    return {
        "hostName": HOST_NAME,
        "protocols": list(PROTOCOLS),
        "standard": {name: data["standard"][name] for name in SERVERS},
        "providers": [
            {
                "id": p["id"],
                "name": p["name"],
                "domains": p["domains"],
                "agreements": [entry["domain"] for entry in p["agreements"]],
                **{name: {key: p[name][key] for key in servers} for name in SERVERS},
                "username": {"rule": p["username"]},
            }
            for p in data["providers"]
        ],
        "organisations": [entry["domain"] for entry in data["organisations"]],
        "elsewhere": [{"id": e["id"], "domains": e["domains"]} for e in data["elsewhere"]],
    }


def form_path(provider_id: str, server: str) -> str:
    return f"{FORMS_DIR}/{server}-{provider_id}.svg"


class SettingsPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, extension: SettingsExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        for line in lines:
            if CODES in line:
                line = line.replace(CODES, self.extension.render("provider-codes"))
            match = DIRECTIVE.match(line)
            if not match:
                out.append(line)
                continue
            rendered = self.extension.render(match["kind"], match["option"])
            out.extend(match["indent"] + row if row else row for row in rendered.splitlines())
        return out


class SettingsExtension(Extension):
    def __init__(self, data: dict[str, Any], words: Words):
        super().__init__()
        self.data = data
        self.words = words
        self.page: Page | None = None  # the page being rendered, set by on_page_markdown
        self.markdown_templates = template_env(words, markup=False)
        self.markdown_templates.filters.update(value=_value, domain=_domain)
        self.html_templates = template_env(words, markup=True)

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(SettingsPreprocessor(md, self), "pec-settings", PRIORITY)

    def render(self, kind: str, option: str | None = None) -> str:
        """A block of `kind`; `option` is the protocol of an incoming block, or the kind of
        limit a limits block shows."""
        limit_ids = {limit["id"] for p in self.data["providers"] for limit in p["limits"]}
        if kind == "limits" and option is not None and option not in limit_ids:
            raise PluginError(f"[[pec-settings limits {option}]]: no provider has such a limit")
        if kind != "limits" and option is not None and option not in PROTOCOLS:
            raise PluginError(f"[[pec-settings {kind} {option}]]: unknown protocol")
        if kind in NEEDS_PROTOCOL and option is None:
            raise PluginError(f"[[pec-settings {kind}]]: say which protocol ({', '.join(PROTOCOLS)})")
        protocol = option if kind != "limits" else None
        if kind == "provider-codes":
            codes = [f"`{p['id']}`" for p in self.data["providers"]]
            return ", ".join(codes[:-1]) + self.words.t("settings.codes_and") + codes[-1]
        if kind not in TEMPLATES:
            raise PluginError(f"[[pec-settings {kind}]]: no such settings block "
                              f"(known: {', '.join([*TEMPLATES, 'provider-codes'])})")
        if kind == "generator":
            return self.html_templates.get_template(TEMPLATES[kind]).render(
                protocols=list(PROTOCOLS), providers=self.data["providers"],
                elsewhere=self.data["elsewhere"], page_link=self.page_link,
                settings=lambda *args: Markup(self.render(*args)))
        protocol_info = {"id": protocol, "label": PROTOCOLS[protocol]} if protocol else None
        return self.markdown_templates.get_template(TEMPLATES[kind]).render(
            **self.data, kind=kind, protocol=protocol_info, form_src=self.form_src,
            only=option if kind == "limits" else None)

    def page_link(self, url: str) -> str:
        """Another page of this edition, relative to the page being rendered."""
        return get_relative_url(url, self.page.url)

    def form_src(self, provider_id: str, server: str) -> str:
        """The illustrated form's path, relative to the page being rendered, as Markdown wants."""
        page_dir = posixpath.dirname(self.page.file.src_uri)
        return posixpath.relpath(form_path(provider_id, server), page_dir or ".")

    def draw_forms(self, config: MkDocsConfig) -> list[File]:
        """The illustrated Outlook form of every provider and server, as generated files."""
        svg = self.html_templates.get_template("form.svg.j2")
        return [
            File.generated(config, form_path(p["id"], server),
                           content=svg.render(p=p, server=server, values=p[server]))
            for p in self.data["providers"]
            for server in SERVERS
        ]


_extension: SettingsExtension | None = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _extension
    data = load_providers()
    words = load_catalogues()[config.theme["language"]]
    _extension = SettingsExtension(data, words)
    config.markdown_extensions.append(_extension)
    config.extra["pec_settings"] = public_settings(data)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for file in _extension.draw_forms(config):
        files.append(file)
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    _extension.page = page
    return markdown
