"""What every hook reads: the words of each edition (strings/<lang>.yml, checked against
each other), the data files (validated), and the templates that join the two.

`problems()` is the one gate: every typo the build refuses in the data files and the
catalogues, each naming the file, the key and the fix. The build calls it first
(hooks/edition.py) and the tests call it directly (tests/test_data_files.py). The data
files' shapes are pydantic models that forbid unknown keys; what no schema can say (a
source id that exists, a domain listed once, the same {placeholders} in every language)
is checked beside them.

Not a hook itself: the hooks import it (MkDocs puts this folder on the import path while
it loads a hook), and so do the tests (pytest.ini does the same), so that everyone reads
the words and the data exactly as the build does.
"""

from __future__ import annotations

import datetime
import difflib
import re
import string
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

import jinja2
import markdown
import yaml
from markupsafe import Markup
from mkdocs.exceptions import PluginError
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

ROOT = Path(__file__).resolve().parent.parent
STRINGS_DIR = ROOT / "strings"
PROVIDERS_FILE = ROOT / "data" / "providers.yml"
REGISTRY_FILE = ROOT / "data" / "step-links.yml"
PDF_FILE = ROOT / "data" / "pdf.yml"
SOURCES_FILE = ROOT / "data" / "sources.yml"
TEMPLATES_DIR = ROOT / "templates"

SERVERS = ("imap", "pop", "smtp")
PROTOCOLS = {"imap": "IMAP", "pop": "POP"}
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
    catalogues, problems = _read_catalogues(files)
    problems += catalogue_problems(catalogues)
    if problems:
        raise PluginError("Strings:\n  " + "\n  ".join(dict.fromkeys(problems)))
    return catalogues


def _read_catalogues(files: list[Path]) -> tuple[dict[str, Words], list[str]]:
    catalogues, problems = {}, []
    for file in files:
        try:
            tree = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as error:
            problems.append(f"{_name(file)} is not valid YAML; correct the line it names: {error}")
            continue
        catalogues[file.stem] = Words(file.stem, tree, file)
    return catalogues, problems


def _placeholders(text: Any) -> set[str]:
    """The names a catalogue string fills in: {step} and {total} in "Step {step} of {total}"."""
    if not isinstance(text, str):
        return set()
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:  # an unbalanced brace: shown as the name '{', which no language fills in
        return {"{"}


def catalogue_problems(catalogues: dict[str, Words]) -> list[str]:
    """Every key in every language, none empty, and the same {placeholders} in each: a
    translated name would raise inside a template, and blank the slot in the scripts."""
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
    first, *rest = catalogues.values() if catalogues else [None]
    for words in rest:
        for key in sorted(set(first.flat) & set(words.flat)):
            ours, theirs = _placeholders(words.flat[key]), _placeholders(first.flat[key])
            if ours != theirs:
                problems.append(
                    f"{_name(words.file)}: '{key}' fills in {sorted(ours) or 'nothing'}, but "
                    f"{_name(first.file)} fills in {sorted(theirs) or 'nothing'}: use the same "
                    f"{{names}} in every language (translate the words around them, not the names)")
    return problems


# --- Data -------------------------------------------------------------------------------
# Each data file's shape, as pydantic models. A key that no model names is a typo, and
# refused: `agreement:` for `agreements:` would otherwise drop those domains without a
# word. What no schema can say (the source ids exist, a domain is listed once) is
# checked beside the models.

def _name(file: Path) -> str:
    """A file as messages name it, from the project's root: data/providers.yml."""
    return f"{file.parent.name}/{file.name}"


def _host_name(value: str) -> str:
    if not _HOST_NAME.match(value):
        raise ValueError(f"{value!r} is not a host name: write lower-case letters, digits and "
                         f"hyphens between dots, ending in a top-level domain (imaps.pec.aruba.it)")
    return value


def _domain_pattern(value: str) -> str:
    """A domain, or "*." and a domain for every domain below that one."""
    return "*." + _host_name(value[2:]) if value.startswith("*.") else _host_name(value)


def _web_address(value: str) -> str:
    if not re.fullmatch(r"https?://[^\s/]+\S*", value):
        raise ValueError(f"{value!r} is not a web address: write it whole, from https:// "
                         f"(http:// where the page has no https)")
    return value


def _pdf_file_name(value: str) -> str:
    if not re.fullmatch(r"[a-z0-9-]+\.pdf", value):
        raise ValueError(f"{value!r} is not a PDF's file name: lower-case letters, digits and "
                         f"hyphens, then .pdf")
    return value


HostName = Annotated[str, AfterValidator(_host_name)]
Port = Annotated[int, Field(gt=0, lt=65536)]
Text = Annotated[str, Field(min_length=1)]
SourceId = Text  # an id of data/sources.yml, checked beside the models
UsernameRule = Literal["address", "user-id", "account-name"]
USERNAME_RULES = get_args(UsernameRule)


class _Model(BaseModel):
    # Strict: a port written "993" or a date in quotes is a typo too.
    model_config = ConfigDict(extra="forbid", strict=True)


class StandardServer(_Model):
    port: Port
    encryption: Literal["SSL/TLS"]  # RFC 8314's implicit TLS: the only one the guides teach


class Standard(_Model):
    imap: StandardServer
    pop: StandardServer
    smtp: StandardServer
    source: SourceId


class Server(StandardServer):
    host: HostName


class ProviderSources(_Model):
    """Where each kind of a provider's values was read."""
    hosts: SourceId
    ports: SourceId
    username: SourceId
    domains: SourceId | None = None


class Limit(_Model):
    id: Text
    source: SourceId


class Agreement(_Model):
    """A professional body's domain served through the provider's agreement."""
    domain: HostName
    source: SourceId


class Organisation(_Model):
    domain: Annotated[str, AfterValidator(_domain_pattern)]
    source: SourceId


class Provider(_Model):
    id: Text
    name: Text
    domains: list[HostName]
    agreements: list[Agreement] = []
    imap: Server
    pop: Server
    smtp: Server
    username: UsernameRule
    sources: ProviderSources
    limits: list[Limit]
    unconfirmed: list[Literal[SERVERS]] = []
    # The source of the provider's rule that mail programs sign in with a password of
    # their own (two-step verification): the generator's card says so.
    client_password: SourceId | None = None
    checked: datetime.date


class Elsewhere(_Model):
    """A PEC provider with no preset here, and its address domains: the generator names it
    rather than calling the address a domain of the reader's own."""
    id: Text
    name: Text
    domains: list[Annotated[str, AfterValidator(_domain_pattern)]]
    source: SourceId


class ProvidersFile(_Model):
    standard: Standard
    providers: list[Provider]
    organisations: list[Organisation] = []
    elsewhere: list[Elsewhere] = []


class Source(_Model):
    url: Annotated[str, AfterValidator(_web_address)]
    publisher: Text
    kind: Literal[SOURCE_KINDS]
    title: Text | None = None
    lang: Text | None = None


class SourcesFile(_Model):
    sources: dict[str, Source]


class RegistryPage(_Model):
    steps: list[Text]
    moved: dict[str, str] = {}


class RegistryFile(_Model):
    pages: dict[str, RegistryPage]


class Document(_Model):
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)
    id: Text
    file: Annotated[str, AfterValidator(_pdf_file_name)]
    pages: Literal["navigation"] | list[str]
    except_: list[str] = Field(default=[], alias="except")


class DocumentsFile(_Model):
    documents: list[Document]


class OutlookLabel(_Model):
    """An Outlook label in a catalogue (strings/<lang>.yml, outlook)."""
    label: Text
    confidence: Literal[tuple(CONFIDENCE)]
    source: SourceId | None = None
    describe: Text | None = None


# What to do about each kind of schema error, after pydantic's own words.
FIXES = {
    "missing": "add it",
    "int_type": "write a whole number, without quotes",
    "string_type": "write text (in quotes if YAML reads it as something else)",
    "list_type": "write a list: [a, b], or a line starting with '- ' for each",
    "dict_type": "write a mapping: one 'key: value' for each",
    "model_type": "write a mapping: one 'key: value' for each",
    "date_type": "write a date as YYYY-MM-DD, without quotes",
    "literal_error": "use one of those values",
    "greater_than": "use a value in that range",
    "less_than": "use a value in that range",
    "string_too_short": "write the text, or leave the key out",
}


def _submodel(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds, through lists, mappings, unions and annotations."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        if found := _submodel(arg):
            return found
    return None


def _where(loc: tuple, data: Any) -> str:
    """A schema error's place as a key: providers.aruba.agreements[0].domain, naming a list
    item by its id or domain when it has one."""
    key, node = "", data
    for part in loc:
        if isinstance(part, int) and isinstance(node, list) and part < len(node):
            node = node[part]
            named = node.get("id") or node.get("domain") if isinstance(node, dict) else None
            key += f".{named}" if named else f"[{part}]"
        else:
            node = node.get(part) if isinstance(node, dict) else None
            key += f".{part}"
    return key.lstrip(".")


def _schema_problems(model: type[BaseModel], data: Any, file: Path, where: str = "") -> list[str]:
    """Each way the data misses the model, as "file: key: what is wrong; the fix"."""
    try:
        model.model_validate(data)
        return []
    except ValidationError as error:
        errors = error.errors()
    found = []
    for e in errors:
        extra = e["type"] == "extra_forbidden"  # then the place is the mapping holding it
        key = ".".join(filter(None, [where, _where(e["loc"][:-1] if extra else e["loc"], data)]))
        key = key or "the file's top level"
        if extra:
            inside = model
            for part in e["loc"][:-1]:
                field = inside.model_fields.get(part) if isinstance(part, str) else None
                inside = (_submodel(field.annotation) if field else None) or inside
            known = [f.alias or name for name, f in inside.model_fields.items()]
            typo = str(e["loc"][-1])
            close = difflib.get_close_matches(typo, known, n=1)
            fix = (f"did you mean '{close[0]}'?" if close else f"the keys here are {', '.join(known)}")
            if e["input"] is None and not close:
                fix += " (a comma in an unquoted value starts a new key: quote the value)"
            found.append(f"{_name(file)}: {key}: unknown key '{typo}'; {fix}")
            continue
        message = e["msg"].removeprefix("Value error, ")
        if e["type"] not in ("missing", "value_error"):
            message += f" (it is {e['input']!r})"
        fix = FIXES.get(e["type"], "" if e["type"] == "value_error" else "correct the value")
        found.append(f"{_name(file)}: {key}: {message}" + (f"; {fix}" if fix else ""))
    return found


def _read_data(file: Path) -> tuple[Any, list[str]]:
    try:
        return yaml.safe_load(file.read_text(encoding="utf-8")) or {}, []
    except yaml.YAMLError as error:
        return None, [f"{_name(file)} is not valid YAML; correct the line it names: {error}"]
    except OSError as error:
        return None, [f"{_name(file)} cannot be read: {error.strerror}"]


def _checked_sources(path: Path) -> tuple[dict[str, dict[str, str]], list[str]]:
    data, found = _read_data(path)
    if data is None:
        return {}, found
    found += _schema_problems(SourcesFile, data, path)
    return (data.get("sources") or {}) if isinstance(data, dict) else {}, found


def _checked_providers(path: Path, sources: dict[str, Any]) -> tuple[dict[str, Any] | None, list[str]]:
    """The data file as read, with every problem: the schema's, then the sources and the
    domains across the whole file."""
    data, found = _read_data(path)
    if data is None:
        return None, found
    found += _schema_problems(ProvidersFile, data, path)
    if found:
        return None, found
    file = _name(path)

    def source(key: str, value: str) -> None:
        if value is not None and value not in sources:
            found.append(f"{file}: {key}: names '{value}', which is not in data/sources.yml; "
                         f"add that source there, or name one it has")

    source("standard.source", data["standard"]["source"])
    ids = [p["id"] for p in data["providers"]]
    if len(ids) != len(set(ids)):
        found.append(f"{file}: providers: ids repeat: {ids}; give each provider its own id")
    for p in data["providers"]:
        for name, key in p["sources"].items():
            source(f"providers.{p['id']}.sources.{name}", key)
        for listed in ("limits", "agreements"):
            for entry in p.get(listed, []):
                source(f"providers.{p['id']}.{listed}.{entry.get('id') or entry['domain']}.source",
                       entry["source"])
        source(f"providers.{p['id']}.client_password", p.get("client_password"))
    for entry in data.get("organisations", []):
        source(f"organisations.{entry['domain']}.source", entry["source"])
    for entry in data.get("elsewhere", []):
        source(f"elsewhere.{entry['id']}.source", entry["source"])
    # A domain says who runs the mailbox: one answer each.
    domains = [*(d for p in data["providers"] for d in p["domains"]),
               *(e["domain"] for p in data["providers"] for e in p.get("agreements", [])),
               *(e["domain"] for e in data.get("organisations", [])),
               *(d for e in data.get("elsewhere", []) for d in e["domains"])]
    if twice := sorted({d for d in domains if domains.count(d) > 1}):
        found.append(f"{file}: a domain is listed twice: {twice}; one provider or organisation "
                     f"runs a domain's mailboxes: keep the entry whose source says so")
    return data, found


def _checked_registry(path: Path) -> tuple[dict[str, dict[str, Any]], list[str]]:
    data, found = _read_data(path)
    if data is None:
        return {}, found
    found += _schema_problems(RegistryFile, data, path)
    return (data.get("pages") or {}) if isinstance(data, dict) and not found else {}, found


def _checked_documents(path: Path) -> tuple[list[dict[str, Any]], list[str]]:
    data, found = _read_data(path)
    if data is None:
        return [], found
    found += _schema_problems(DocumentsFile, data, path)
    return (data.get("documents") or []) if isinstance(data, dict) and not found else [], found


def _refuse(found: list[str]) -> None:
    if found:
        raise PluginError("\n  ".join(["Data:", *dict.fromkeys(found)]))


def problems(root: Path = ROOT) -> list[str]:
    """Every typo the build refuses in the data files (data/) and the catalogues
    (strings/) of a project, each naming the file, the key and the fix; none for a
    project that builds. The build's gate and the tests' alike."""
    catalogues, found = _read_catalogues(sorted((root / STRINGS_DIR.name).glob("*.yml")))
    found += catalogue_problems(catalogues)
    data = root / PROVIDERS_FILE.parent.name
    sources, more = _checked_sources(data / SOURCES_FILE.name)
    providers, more_providers = _checked_providers(data / PROVIDERS_FILE.name, sources)
    documents, more_documents = _checked_documents(data / PDF_FILE.name)
    found += more + more_providers + _checked_registry(data / REGISTRY_FILE.name)[1] + more_documents
    for words in catalogues.values():
        found += label_problems(words, sources)
        if providers:
            found += provider_word_problems(providers, words)
        found += [f"{_name(words.file)} lacks 'pdf.{part}.{document['id']}'; word it there"
                  for document in documents for part in ("documents", "download", "subjects")
                  if f"pdf.{part}.{document['id']}" not in words.flat]
    return list(dict.fromkeys(found))


def load_providers(path: Path = PROVIDERS_FILE, sources_path: Path = SOURCES_FILE) -> dict[str, Any]:
    """Read the data file and fail loudly on anything a guide could print wrongly. Each
    source id is replaced by its entry of data/sources.yml (url, publisher, kind)."""
    sources = load_sources(sources_path)
    data, found = _checked_providers(path, sources)
    _refuse(found)
    data["standard"]["source"] = sources[data["standard"]["source"]]
    data.setdefault("organisations", [])
    data.setdefault("elsewhere", [])
    for p in data["providers"]:
        p.setdefault("agreements", [])
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
        problems += [f"{words.file.name} lacks '{key}'; word it there" for key in needed
                     if key not in words.flat]
    return problems


def load_sources(path: Path = SOURCES_FILE) -> dict[str, dict[str, str]]:
    """The public pages the site's sentences rest on, by id: url, publisher, kind."""
    sources, found = _checked_sources(path)
    _refuse(found)
    return sources


def label_problems(words: Words, sources: dict[str, dict] | None = None) -> list[str]:
    """Every Outlook label must say how sure it is and where it comes from; one that is not
    sure enough to quote must say how to describe the control instead."""
    sources = load_sources() if sources is None else sources
    problems = []
    for key, entry in (words.tree.get("outlook") or {}).items():
        where = f"{words.file.name}: outlook.{key}"
        if not isinstance(entry, dict) or "label" not in entry:
            problems.append(f"{where} needs a label, a confidence and a source")
            continue
        if schema := _schema_problems(OutlookLabel, entry, words.file, where=f"outlook.{key}"):
            problems += schema
            continue
        confidence = entry["confidence"]
        if CONFIDENCE[confidence] and entry.get("source") not in sources:
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
    pages, found = _checked_registry(path)
    _refuse(found)
    for entry in pages.values():
        entry.setdefault("moved", {})
    return pages


def load_documents(path: Path = PDF_FILE) -> list[dict[str, Any]]:
    """The PDFs each edition exports: id, file and pages (a list, or "navigation")."""
    documents, found = _checked_documents(path)
    _refuse(found)
    return documents


# --- Templates --------------------------------------------------------------------------

def _inline_markdown(text: str) -> Markup:
    """A catalogue string's Markdown (bold, code) as HTML, for templates that write HTML."""
    html = markdown.markdown(text)
    return Markup(html.removeprefix("<p>").removesuffix("</p>"))


def first_upper(text: str) -> str:
    """A description that opens a sentence elsewhere ("the box for…") heading a table's row."""
    return text[:1].upper() + text[1:]


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
    env.filters["first_upper"] = first_upper
    return env
