"""The pages' `[[…]]` directives are one Python-Markdown extension (hooks/directives.py),
fed by hooks/project.py's loaders alone: a real page renders with plain Python-Markdown,
the extensions its edition's config lists and ours, and no MkDocs. A directive written
wrong fails, naming its page and what would be right (tests/test_strict_build.py proves
the build stops on it too)."""

from __future__ import annotations

import os
import re

import markdown
import pytest
import yaml

from directives import REGISTRY, SYNTAX, DirectiveError, Directives, PageRef
from project import load_catalogues, load_documents, load_providers, load_registry, outlook_label
from tools.site import ROOT, editions

GUIDE = "outlook/imap.md"
SITE = "https://pec-outlook.example.org/"
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


class _ConfigLoader(yaml.UnsafeLoader):
    """Reads mkdocs.yml as MkDocs does for what a page's Markdown needs: the extensions'
    `!!python/name:` options, and `!ENV` as its default (our own file, never a reader's)."""


_ConfigLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])


def _config(lang: str) -> dict:
    """An edition's configuration: mkdocs.<lang>.yml over the mkdocs.yml it inherits."""
    edition = next(e for e in editions() if e.lang == lang)
    config = yaml.load((ROOT / edition.config).read_text(encoding="utf-8"), _ConfigLoader)
    if parent := config.pop("INHERIT", None):
        base = yaml.load((ROOT / parent).read_text(encoding="utf-8"), _ConfigLoader)
        extensions = base["markdown_extensions"]
        for name, options in config.get("markdown_extensions", {}).items():
            extensions[name] = {**(extensions.get(name) or {}), **(options or {})}
        config = {**base, **config, "markdown_extensions": extensions}
    return config


def render(lang: str, src_uri: str, text: str | None = None) -> str:
    """A page of the edition (or `text` as that page) as Python-Markdown renders it with
    the edition's extensions and ours."""
    config = _config(lang)
    options = {name: dict(value or {}) for name, value in config["markdown_extensions"].items()}
    include = options["markdown_include.include"]
    include["base_path"] = os.fspath(ROOT / include["base_path"])
    if text is None:
        text = FRONT_MATTER.sub("", (ROOT / config["docs_dir"] / src_uri).read_text(encoding="utf-8"))
    ours = Directives(lang, site_url=SITE + next(e.folder for e in editions() if e.lang == lang),
                      editions=config["extra"]["alternate"], page=PageRef.of(src_uri, config["docs_dir"]))
    return markdown.Markdown(extensions=[*options, ours], extension_configs=options).convert(text)


LANGS = [e.lang for e in editions()]


@pytest.mark.parametrize("lang", LANGS)
def test_a_guide_renders_without_mkdocs(lang: str):
    html = render(lang, GUIDE)
    words = load_catalogues()[lang]
    assert not SYNTAX.search(html), SYNTAX.search(html)[0]
    # [[pec-settings incoming imap]] and [[pec-settings outgoing]]: every provider's values.
    for provider in load_providers()["providers"]:
        for server in ("imap", "smtp"):
            assert f'<code class="pec-value">{provider[server]["host"]}</code>' in html
    # [[pec-pdf imap button]]: a link from the guide's address, outlook/imap/.
    imap = next(d for d in load_documents() if d["id"] == "imap")
    assert (f'<a class="md-button pec-download" href="../../pdf/{imap["file"]}" download>'
            f'{words.t("pdf.download.imap")}</a>') in html
    # [[pec-guided]] and [[pec-help]].
    assert 'data-pec-component="guided-mode"' in html
    assert html.count('<details class="question pec-help">') >= 5
    assert f'<summary>{words.t("guided.help")}</summary>' in html
    # [[outlook:…]], in the page and in the snippets it includes, quoted or described.
    text, quoted = outlook_label(words, "continue")
    assert (f'<strong class="pec-label">{text}</strong>' if quoted else text) in html
    # The steps: each published one a section, numbered, with its address for paper.
    steps = re.findall(r'<section class="pec-step-section"[^>]* data-pec-step="([^"]+)"', html)
    assert steps == load_registry()["outlook/imap/"]["steps"]
    address = f"{SITE}{'' if lang == LANGS[0] else lang + '/'}outlook/imap/#{steps[0]}"
    assert f'<p class="pec-step-address" data-search-exclude="">{address}</p>' in html
    assert 'data-pec-number="1"' in html


def test_the_support_page_leaves_its_list_to_the_build():
    """[[pec-step-links]]: the choice of provider and edition, then the place of the list,
    which needs every page rendered (hooks/step_links.py)."""
    html = render("en", "support.md")
    assert 'data-pec-component="support-links"' in html
    assert '<option value="/it/" lang="it">Italiano</option>' in html
    assert html.index("</form>") < html.index("<!-- pec-step-links -->")


def test_an_unknown_directive_names_its_page_and_the_known_ones():
    with pytest.raises(DirectiveError) as refused:
        render("en", "index.md", "Where is [[pec-nothing here]]?\n")
    assert str(refused.value) == (
        "docs/en/index.md: unknown directive [[pec-nothing here]]; known: [[outlook:KEY]], "
        "[[pec-guided]], [[pec-help]], [[pec-pdf ID]], [[pec-settings KIND]], [[pec-step-links]]")


# (a directive written wrong, what the error says after "page: [[…]]: ")
WRONG = [
    ("[[pec-settings sideways]]", "no such settings block (known: incoming, outgoing, limits,"),
    ("[[pec-settings mac-incoming]]", "say which protocol (imap, pop)"),
    ("[[pec-settings incoming smtp]]", "unknown protocol smtp (known: imap, pop)"),
    ("[[pec-settings limits speed]]", "no provider has such a limit (known: "),
    ("[[pec-pdf leaflet]]", "no such document in data/pdf.yml (known: imap, pop, handbook)"),
    ("[[pec-pdf imap banner]]", "write [[pec-pdf ID]] for a link, [[pec-pdf ID button]] for a button"),
    ("[[outlook:ok_google]]", "strings/en.yml: no key 'outlook.ok_google'"),
    ("[[pec-guided now]]", "takes nothing after pec-guided: write [[pec-guided]]"),
]


@pytest.mark.parametrize("directive, error", WRONG, ids=[w[0] for w in WRONG])
def test_a_directive_written_wrong_says_what_is_right(directive: str, error: str):
    with pytest.raises(DirectiveError) as refused:
        render("en", "outlook/pop.md", f"Some text.\n\n{directive}\n")
    assert str(refused.value).startswith(f"docs/en/outlook/pop.md: {directive}: {error}"), refused.value


def test_a_block_directive_stands_on_its_own_line():
    with pytest.raises(DirectiveError) as refused:
        render("en", "outlook/pop.md", "Open it: [[pec-help]]\n")
    assert "[[pec-help]] stands on a line of its own" in str(refused.value)


def test_the_readme_lists_every_directive():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for directive in REGISTRY.values():
        assert f"| `[[{directive.usage}]]`" in readme, directive.usage
