"""MkDocs hook: what data/providers.yml gives the site beyond the pages' settings blocks.

The blocks themselves (`[[pec-settings incoming imap]]` and the rest) are directives,
rendered by hooks/directives.py from the data file and the edition's words. This hook:

- draws the illustrated Outlook forms (templates/form.svg.j2, one per provider and server,
  into assets/images/forms/), which the settings blocks show;
- hands the values to the pages' JavaScript: `extra.pec_settings`, which
  overrides/main.html writes as JSON.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from directives import form_path
from project import HOST_NAME, PROTOCOLS, SERVERS, load_catalogues, load_providers, template_env

_data: dict[str, Any] = {}
_lang = ""


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


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _data, _lang
    _data = load_providers()
    _lang = config.theme["language"]
    config.extra["pec_settings"] = public_settings(_data)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    # The illustrated Outlook form of every provider and server, as generated files.
    svg = template_env(load_catalogues()[_lang], markup=True).get_template("form.svg.j2")
    for p in _data["providers"]:
        for server in SERVERS:
            files.append(File.generated(config, form_path(p["id"], server),
                                        content=svg.render(p=p, server=server, values=p[server])))
    return files
