"""The data files and the catalogues refuse typos: `problems()` in hooks/project.py, the
gate the build calls first, called here on a copy of data/ and strings/ with one typo
each. Every problem names the file, the key and the fix. (tests/test_strict_build.py
breaks a whole build the same way.)"""

import re
import shutil
from pathlib import Path

import pytest

from project import problems
from tools.site import ROOT

# (what, file, (old, new) or a pattern and its replacement, the problems it makes: each a
# text, or the parts of one problem's text; each names the file, the key and the fix)
TYPOS = [
    ("an unknown key drops nothing silently", "data/providers.yml", ("    agreements:\n", "    agreement:\n"),
     ["data/providers.yml: providers.aruba: unknown key 'agreement'; did you mean 'agreements'?"]),
    ("an unknown key in a server", "data/providers.yml",
     ("smtp: {host: smtps.pec.aruba.it,", "smtp: {hots: smtps.pec.aruba.it,"),
     ["data/providers.yml: providers.aruba.smtp: unknown key 'hots'; did you mean 'host'?",
      "data/providers.yml: providers.aruba.smtp.host: Field required; add it"]),
    ("a provider's domain that is not a host name", "data/providers.yml",
     ("domains: [legalmail.it]", "domains: [legalmail it]"),
     ["data/providers.yml: providers.legalmail.domains[0]: 'legalmail it' is not a host name: "
      "write lower-case letters"]),
    ("an address for a domain", "data/providers.yml", ("domains: [legalmail.it]", 'domains: ["@legalmail.it"]'),
     ["providers.legalmail.domains[0]: '@legalmail.it' is not a host name"]),
    ("YAML that does not parse", "data/providers.yml", ("domains: [legalmail.it]", "domains: [@legalmail.it]"),
     [("data/providers.yml is not valid YAML", "cannot start any token", "correct the line it names")]),
    ("an agreement's domain that is not a host name", "data/providers.yml",
     ("{domain: geopec.it,", "{domain: geopec,"),
     ["data/providers.yml: providers.aruba.agreements.geopec.domain: 'geopec' is not a host name"]),
    ("an organisation's domain that is not a host name", "data/providers.yml",
     ('{domain: "*.viapec.it",', '{domain: "*viapec.it",'),
     ["data/providers.yml: organisations.*viapec.it.domain: '*viapec.it' is not a host name"]),
    ("a server's host name with a space", "data/providers.yml", ("imaps.pec.aruba.it", "imaps pec aruba it"),
     ["data/providers.yml: providers.aruba.imap.host: 'imaps pec aruba it' is not a host name"]),
    ("a port in quotes", "data/providers.yml", ("smtps.pec.aruba.it, port: 465", 'smtps.pec.aruba.it, port: "465"'),
     ["data/providers.yml: providers.aruba.smtp.port: Input should be a valid integer (it is '465'); "
      "write a whole number, without quotes"]),
    ("another encryption", "data/providers.yml", ("pop3s.pec.aruba.it, port: 995, encryption: SSL/TLS",
                                                  "pop3s.pec.aruba.it, port: 995, encryption: STARTTLS"),
     ["data/providers.yml: providers.aruba.pop.encryption: Input should be 'SSL/TLS' (it is 'STARTTLS'); "
      "use one of those values"]),
    ("a source that does not exist", "data/providers.yml", ("source: interno-pec}", "source: hearsay}"),
     ["data/providers.yml: organisations.pec.interno.it.source: names 'hearsay', which is not in "
      "data/sources.yml; add that source there, or name one it has"]),
    ("an unknown key in a source", "data/sources.yml", ("    publisher: IETF\n", "    publsher: IETF\n"),
     ["data/sources.yml: sources.rfc8314: unknown key 'publsher'; did you mean 'publisher'?",
      "data/sources.yml: sources.rfc8314.publisher: Field required; add it"]),
    ("a source's address cut short", "data/sources.yml",
     ("url: https://www.rfc-editor.org/rfc/rfc8314", "url: www.rfc-editor.org/rfc/rfc8314"),
     ["data/sources.yml: sources.rfc8314.url: 'www.rfc-editor.org/rfc/rfc8314' is not a web address: "
      "write it whole, from https://"]),
    ("an unknown key in the step links", "data/step-links.yml", ("    moved: {}\n", "    move: {}\n"),
     ["data/step-links.yml: pages.outlook/imap/: unknown key 'move'; did you mean 'moved'?"]),
    ("an unknown key in the PDFs", "data/pdf.yml", ('    except: ["",', '    excpt: ["",'),
     ["data/pdf.yml: documents.handbook: unknown key 'excpt'; did you mean 'except'?"]),
    ("a placeholder translated", "strings/it.yml", (re.compile(r"\{number\}"), "{numero}"),
     [("strings/it.yml: '", "fills in ['numero'", "but strings/en.yml fills in ['number'",
       "use the same {names} in every language")]),
    ("a placeholder lost", "strings/it.yml", (re.compile(r"\{total\}"), "tutti"),
     [("strings/it.yml: '", "but strings/en.yml fills in ['", "'total'")]),
    ("an unknown key in an Outlook label", "strings/en.yml",
     ("continue: {label: Continue, confidence: high,", "continue: {label: Continue, confidense: high,"),
     ["strings/en.yml: outlook.continue: unknown key 'confidense'; did you mean 'confidence'?"]),
    ("an unquoted comma splitting a description", "strings/en.yml",
     ("describe: Incoming (POP) server}", "describe: the incoming, POP server}"),
     [("strings/en.yml: outlook.pop_server: unknown key 'POP server'",
       "a comma in an unquoted value starts a new key: quote the value")]),
    ("a PDF's words missing", "data/pdf.yml", ("  - id: pop\n", "  - id: leaflet\n"),
     ["strings/en.yml lacks 'pdf.documents.leaflet'; word it there"]),
]


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """The data files and catalogues alone: all that problems() reads."""
    for folder in ("data", "strings"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


def test_the_project_has_no_problem():
    assert problems() == []


def test_a_copy_has_no_problem(copy: Path):
    assert problems(copy) == []


@pytest.mark.parametrize("what, file, edit, says", TYPOS, ids=[t[0] for t in TYPOS])
def test_a_typo_is_refused_naming_file_key_and_fix(copy: Path, what, file, edit, says):
    path = copy / file
    text = path.read_text(encoding="utf-8")
    old, new = edit
    edited = old.sub(new, text, count=1) if isinstance(old, re.Pattern) else text.replace(old, new, 1)
    assert edited != text, f"the edit for {what} matches nothing"
    path.write_text(edited, encoding="utf-8")
    found = problems(copy)
    assert found, f"{what} is not refused"
    for expected in says:
        parts = expected if isinstance(expected, tuple) else (expected,)
        assert any(all(part in problem for part in parts) for problem in found), \
            f"{what}: no problem says {parts}; found:\n" + "\n".join(found)
