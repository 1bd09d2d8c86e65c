"""The build really is strict: a broken link, anchor, include or data value fails it."""

import re
from pathlib import Path

import pytest

from tools.site import ROOT, build_site, copy_project

# (what breaks, file in the copy, text to append or (old, new) to replace, what the error names)
BREAKAGES = [
    ("broken anchor", "docs/en/index.md", "\n[x](outlook/imap.md#no-such-step)\n", "no-such-step"),
    ("broken link", "docs/en/index.md", "\n[x](outlook/nowhere.md)\n", "nowhere.md"),
    ("missing include", "docs/en/outlook/imap.md", "\n{!steps/no-such-step.md!}\n", "no-such-step.md"),
    ("bad host name", "data/providers.yml", ("smtps.pec.aruba.it", "smtps pec aruba"),
     "is not a host name"),
    ("unknown settings block", "docs/en/index.md", "\n[[pec-settings sideways]]\n", "sideways"),
    ("unknown directive", "docs/en/index.md", "\n[[pec-nothing here]]\n", "[[pec-nothing here]]"),
    ("unknown PDF", "docs/en/index.md", "\n[[pec-pdf leaflet]]\n", "leaflet"),
    ("missing word", "templates/settings/limits.md.j2", ('"settings.limits.none"', '"settings.limits.nowhere"'),
     "settings.limits.nowhere"),
    ("mislabelled Outlook tabs", "snippets/en/steps/password.md", ('=== "Classic Outlook"', '=== "Old Outlook"'),
     "Old Outlook"),
    ("a provider's wording missing", "data/providers.yml", ("- id: size", "- id: weight"),
     "providers.aruba.limits.weight"),
    ("a page that says nothing of its sources", "docs/en/imap-vs-pop.md",
     ("sources: [infocert-m365, aruba-protocols, aruba-configure, ms-pop-options]\n", ""),
     "say what the page rests on"),
    ("an unknown source", "docs/en/imap-vs-pop.md", ("sources: [infocert-m365,", "sources: [hearsay,"),
     "['hearsay']"),
    ("a value from an unknown source", "data/providers.yml", ("hosts: aruba-configure", "hosts: a-friend"),
     "a-friend"),
    # A domain says who runs its mailboxes: one answer only, and always with its source.
    ("a domain listed twice", "data/providers.yml",
     ("{domain: pec.interno.it,", "{domain: ingpec.eu,"), "a domain is listed twice: ['ingpec.eu']"),
    ("a public body's domain without a source", "data/providers.yml",
     ("source: interno-pec}", "source: hearsay}"), "organisations.pec.interno.it.source: names 'hearsay'"),
    # A typo in a key is refused, not read as a key nobody asks for (tests/test_data_files.py
    # holds each kind of typo; this one through a whole build).
    ("misspelt key", "data/providers.yml", ("    agreements:\n", "    agreement:\n"),
     "providers.aruba: unknown key 'agreement'; did you mean 'agreements'?"),
    ("a Mac settings table without its protocol", "docs/en/outlook/mac-and-phones.md",
     ("[[pec-settings mac-incoming pop]]", "[[pec-settings mac-incoming]]"), "say which protocol"),
    ("a Mac step missing in Italian", "docs/it/outlook/mac-and-phones.md",
     (re.compile(r"\n## [^\n]*\{ #mac-smtp-auth \.pec-step \}"), "\n## Passaggio senza nome"),
     "mac-smtp-auth"),
    ("a quoted label without its source", "strings/en.yml",
     ("continue: {label: Continue, confidence: high, source: infocert-m365}",
      "continue: {label: Continue, confidence: high}"), "outlook.continue is quoted"),
    ("an unsure label with no description", "strings/en.yml",
     ("pop_server: {label: POP incoming server, confidence: low, describe: Incoming (POP) server}",
      "pop_server: {label: POP incoming server, confidence: low}"), "outlook.pop_server is low"),
    ("an unknown Outlook label", "snippets/en/steps/password.md", "\n[[outlook:ok_google]]\n",
     "outlook.ok_google"),
    # Every word in every language: a missing translation fails, naming the file and key.
    ("a word missing in Italian", "strings/it.yml", (re.compile(r"\n  copy_step_link: [^\n]*"), ""),
     "it.yml lacks 'ui.copy_step_link'"),
    ("a word only Italian has", "strings/it.yml", ("\nui:\n", "\nui:\n  in_piu: Una parola in più\n"),
     "it.yml has 'ui.in_piu', which no other language has"),
    ("a page missing in Italian", "docs/it/support.md", None, "['support.md']"),
    ("a shared step missing in Italian", "snippets/it/steps/password.md", None, "password.md"),
    ("an Italian page holding English snippets", "mkdocs.it.yml", ("base_path: snippets/it", "base_path: snippets/en"),
     "is not snippets/it"),
]


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def test_the_copy_builds_as_it_is(project_copy: Path, tmp_path: Path):
    result = build_site(project_copy, tmp_path / "out")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("what, file, edit, error", BREAKAGES, ids=[b[0] for b in BREAKAGES])
def test_a_breakage_fails_the_build(project_copy: Path, tmp_path: Path, what, file, edit, error):
    """`edit`: text to append, (old, new) to replace (old may be a pattern), or None to
    delete the file."""
    path = project_copy / file
    text = path.read_text()
    if edit is None:
        path.unlink()
    elif isinstance(edit, tuple) and isinstance(edit[0], re.Pattern):
        path.write_text(edit[0].sub(edit[1], text, count=1))
    else:
        path.write_text(text.replace(*edit) if isinstance(edit, tuple) else text + edit)
    assert not path.exists() or path.read_text() != text
    result = build_site(project_copy, tmp_path / "out")
    assert result.returncode != 0, f"a {what} did not fail the build"
    assert error in result.stderr


def test_a_copy_builds_its_own_snippets(project_copy: Path, tmp_path: Path, monkeypatch):
    """markdown-include reads snippets relative to the working directory; the build runs
    in the project, so a copy built from anywhere shows its own edited snippet."""
    snippet = project_copy / "snippets" / "en" / "steps" / "open-outlook.md"
    snippet.write_text(snippet.read_text().replace("## Open Outlook", "## Open Outlook now"))
    monkeypatch.chdir(ROOT)  # where the original snippets are
    result = build_site(project_copy, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    guide = (tmp_path / "out" / "outlook" / "imap" / "index.html").read_text()
    assert ">Open Outlook now<" in guide
