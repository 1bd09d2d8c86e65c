"""The build really is strict: a broken link, anchor, include or data value fails it.

What the data loaders refuse (hooks/project.py) is tried on the loaders themselves, on an
edited copy of the files they read; one broken build for each hook that calls them
proves the build runs them and stops on what they say.
"""

import re
import shutil
from pathlib import Path

import jinja2
import pytest
from mkdocs.exceptions import PluginError

from project import (label_problems, load_catalogues, load_providers, load_sources,
                     provider_word_problems, template_env)
from tests.helpers import edition_of
from tools.site import ROOT, build_site, copy_project

# (what breaks, file in the copy, text to append or (old, new) to replace, what the error names)
# Each hook that runs a loader of hooks/project.py has one of its breakages here, which
# proves the build stops on it: provider_settings.py (bad host name: load_providers; a
# provider's wording: provider_word_problems), edition.py (a quoted label without its
# source: label_problems; a word missing in Italian: load_catalogues). LOADER_BREAKAGES
# below tries each of the loaders' refusals. The directives are one extension
# (hooks/directives.py), wired in once: one unknown directive here proves the build stops
# on what it refuses, and tests/test_directives.py tries each refusal without a build.
BREAKAGES = [
    ("broken anchor", "docs/en/index.md", "\n[x](outlook/imap.md#no-such-step)\n", "no-such-step"),
    ("broken link", "docs/en/index.md", "\n[x](outlook/nowhere.md)\n", "nowhere.md"),
    ("missing include", "docs/en/outlook/imap.md", "\n{!steps/no-such-step.md!}\n", "no-such-step.md"),
    ("bad host name", "data/providers.yml", ("smtps.pec.aruba.it", "smtps pec aruba"),
     "is not a host name"),
    ("unknown directive", "docs/en/index.md", "\n[[pec-nothing here]]\n",
     "docs/en/index.md: unknown directive [[pec-nothing here]]; known: [[outlook:KEY]],"),
    ("mislabelled Outlook tabs", "snippets/en/steps/password.md", ('=== "Classic Outlook"', '=== "Old Outlook"'),
     "Old Outlook"),
    ("a provider's wording missing", "data/providers.yml", ("- id: size", "- id: weight"),
     "providers.aruba.limits.weight"),
    ("a page that says nothing of its sources", "docs/en/imap-vs-pop.md",
     ("sources: [infocert-m365, aruba-protocols, aruba-configure, ms-pop-options]\n", ""),
     "say what the page rests on"),
    ("an unknown source", "docs/en/imap-vs-pop.md", ("sources: [infocert-m365,", "sources: [hearsay,"),
     "['hearsay']"),
    # A typo in a key is refused, not read as a key nobody asks for (tests/test_data_files.py
    # holds each kind of typo; this one through a whole build).
    ("misspelt key", "data/providers.yml", ("    agreements:\n", "    agreement:\n"),
     "providers.aruba: unknown key 'agreement'; did you mean 'agreements'?"),
    ("a Mac step missing in Italian", "docs/it/outlook/mac-and-phones.md",
     (re.compile(r"\n## [^\n]*\{ #mac-smtp-auth \.pec-step \}"), "\n## Passaggio senza nome"),
     "mac-smtp-auth"),
    ("a quoted label without its source", "strings/en.yml",
     ("continue: {label: Continue, confidence: high, source: infocert-m365}",
      "continue: {label: Continue, confidence: high}"), "outlook.continue is quoted"),
    # Every word in every language: a missing translation fails, naming the file and key.
    ("a word missing in Italian", "strings/it.yml", (re.compile(r"\n  copy_step_link: [^\n]*"), ""),
     "it.yml lacks 'ui.copy_step_link'"),
    ("a page missing in Italian", "docs/it/support.md", None, "['support.md']"),
    ("a shared step missing in Italian", "snippets/it/steps/password.md", None, "password.md"),
    ("an Italian page holding English snippets", "mkdocs.it.yml", ("base_path: snippets/it", "base_path: snippets/en"),
     "is not snippets/it"),
]


def _providers(project: Path):
    return load_providers(project / "data" / "providers.yml", project / "data" / "sources.yml")


def _catalogues(project: Path):
    return load_catalogues(project / "strings")


def _raise(problems: list[str]) -> None:
    if problems:
        raise PluginError("; ".join(problems))


def _provider_words(project: Path) -> None:
    # As hooks/provider_settings.py asks, for every edition.
    for words in _catalogues(project).values():
        _raise(provider_word_problems(_providers(project), words))


def _labels(project: Path) -> None:
    # As hooks/edition.py asks, for every edition.
    for words in _catalogues(project).values():
        _raise(label_problems(words, load_sources(project / "data" / "sources.yml")))


def _templates(project: Path) -> None:
    # Every settings table of every edition, as hooks/provider_settings.py renders them.
    for words in load_catalogues().values():
        env = template_env(words, markup=False)
        env.loader = jinja2.FileSystemLoader(project / "templates")
        env.get_template("settings/limits.md.j2").render(providers=_providers(project)["providers"],
                                                         only=None)


# (what breaks, file, edit as in BREAKAGES, what the error names, the loader that refuses it)
LOADER_BREAKAGES = [
    ("bad host name", "data/providers.yml", ("smtps.pec.aruba.it", "smtps pec aruba"),
     "is not a host name", _providers),
    ("a provider's wording missing", "data/providers.yml", ("- id: size", "- id: weight"),
     "providers.aruba.limits.weight", _provider_words),
    ("a value from an unknown source", "data/providers.yml", ("hosts: aruba-configure", "hosts: a-friend"),
     "a-friend", _providers),
    # A domain says who runs its mailboxes: one answer only, and always with its source.
    ("a domain listed twice", "data/providers.yml",
     ("{domain: pec.interno.it,", "{domain: ingpec.eu,"), "a domain is listed twice: ['ingpec.eu']",
     _providers),
    ("a public body's domain without a source", "data/providers.yml",
     ("source: interno-pec}", "source: hearsay}"), "organisations.pec.interno.it.source: names 'hearsay'", _providers),
    ("a quoted label without its source", "strings/en.yml",
     ("continue: {label: Continue, confidence: high, source: infocert-m365}",
      "continue: {label: Continue, confidence: high}"), "outlook.continue is quoted", _labels),
    ("an unsure label with no description", "strings/en.yml",
     ("pop_server: {label: POP incoming server, confidence: low, describe: Incoming (POP) server}",
      "pop_server: {label: POP incoming server, confidence: low}"), "outlook.pop_server is low", _labels),
    # Every word in every language: a missing translation fails, naming the file and key.
    ("a word missing in Italian", "strings/it.yml", (re.compile(r"\n  copy_step_link: [^\n]*"), ""),
     "it.yml lacks 'ui.copy_step_link'", _catalogues),
    ("a word only Italian has", "strings/it.yml", ("\nui:\n", "\nui:\n  in_piu: Una parola in più\n"),
     "it.yml has 'ui.in_piu', which no other language has", _catalogues),
    ("missing word", "templates/settings/limits.md.j2", ('"settings.limits.none"', '"settings.limits.nowhere"'),
     "settings.limits.nowhere", _templates),
]


def edit_file(path: Path, edit) -> None:
    """`edit`: text to append, (old, new) to replace (old may be a pattern), or None to
    delete the file. Fails unless the file changed."""
    text = path.read_text()
    if edit is None:
        path.unlink()
    elif isinstance(edit, tuple) and isinstance(edit[0], re.Pattern):
        path.write_text(edit[0].sub(edit[1], text, count=1))
    else:
        path.write_text(text.replace(*edit) if isinstance(edit, tuple) else text + edit)
    assert not path.exists() or path.read_text() != text


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def test_the_copy_builds_as_it_is(project_copy: Path, tmp_path: Path):
    result = build_site(project_copy, tmp_path / "out")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("what, file, edit, error", BREAKAGES, ids=[b[0] for b in BREAKAGES])
def test_a_breakage_fails_the_build(project_copy: Path, tmp_path: Path, what, file, edit, error):
    edit_file(project_copy / file, edit)
    result = build_site(project_copy, tmp_path / "out", only=edition_of(file))
    assert result.returncode != 0, f"a {what} did not fail the build"
    assert error in result.stderr


@pytest.mark.parametrize("what, file, edit, error, load", LOADER_BREAKAGES,
                         ids=[b[0] for b in LOADER_BREAKAGES])
def test_a_loader_refuses_the_breakage(tmp_path: Path, what, file, edit, error, load):
    """The loader accepts the files as they are, and refuses them with the breakage, saying
    what is wrong."""
    project = tmp_path / "project"
    for part in ("data", "strings", "templates"):
        shutil.copytree(ROOT / part, project / part)
    load(project)
    edit_file(project / file, edit)
    with pytest.raises(PluginError) as refused:
        load(project)
    assert error in str(refused.value), f"a {what}: {refused.value}"


def test_a_copy_builds_its_own_snippets(project_copy: Path, tmp_path: Path, monkeypatch):
    """markdown-include reads snippets relative to the working directory; the build runs
    in the project, so a copy built from anywhere shows its own edited snippet."""
    snippet = project_copy / "snippets" / "en" / "steps" / "open-outlook.md"
    snippet.write_text(snippet.read_text().replace("## Open Outlook", "## Open Outlook now"))
    monkeypatch.chdir(ROOT)  # where the original snippets are
    result = build_site(project_copy, tmp_path / "out", only="en")
    assert result.returncode == 0, result.stderr
    guide = (tmp_path / "out" / "outlook" / "imap" / "index.html").read_text()
    assert ">Open Outlook now<" in guide
