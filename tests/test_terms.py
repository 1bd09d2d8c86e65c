"""One name per thing: every page of every edition calls a thing by the one term the
catalogue (strings/<lang>.yml) defines for it, and no longer by a synonym the native
editor's review retired (issue 37). Read from the built pages: the article (with guided
mode's templates), the text alternatives and the words handed to the scripts."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from project import load_catalogues, load_providers, outlook_label
from tools.site import ROOT

# The encryption setting: one term in running text, whatever a program labels the field.
ENCRYPTION_TERM = {"en": "encryption type", "it": "tipo di crittografia"}
# Retired names of things, and wordings the review retired, per edition. Each comment says
# which thing, or which review row.
RETIRED = {
    "en": {
        # The encryption setting (row 4): only Outlook's own label says "connection type".
        r"(?<![Ss]ecure )connection type": "encryption type",
        r"\btype of encryption\b": "encryption type",
        r"\b[Tt]he encryption\b(?! type)": "the encryption type",
        # Archive frees no space (row 2).
        r"delete or archive|archive (or delete )?old messages|Archive PEC messages": "delete; save a copy",
        # A way back says where it goes (row 9): "go back" alone leaves the reader stuck.
        r"\b[Gg]o back\b(?! to my step)": "start again at <step link>",
        # Guided mode's button copies, it sends nothing (row 12); the copied lines (row 36).
        r"Send my place to support": "Copy my place, to paste into a message to support",
        r"Where I am:|Where I see something else:": "I am at step: / Steps where I see something else:",
        # One sentence for resellers, one name for the welcome e-mail (row 23).
        r"reseller sends its own|reseller's documents": "the reseller gives it to you",
        r"(?<!the )activation e-mail(?!, as Namirial)": "welcome e-mail",
        # Rows 28, 30, 31.
        r"address gets an acceptance receipt": "you get an acceptance receipt",
        r"domain certified by InfoCert": "domain run by InfoCert",
        r"You should see: nothing to change": "what the reader sees",
        # "The providers on this site" reads as the site's own operators (row 6).
        r"providers on this site": "the providers these guides list",
    },
    "it": {
        # The encryption setting (row 4): six names before.
        r"[Cc]onnessione protetta": "tipo di crittografia",
        r"[Tt]ipo di connessione": "tipo di crittografia",
        r"sicurezza della connessione": "tipo di crittografia",
        r"[Tt]ipo di sicurezza": "tipo di crittografia",
        r"\b[Ll]a crittografia\b|crittografia scelta": "il tipo di crittografia",
        # The legacy Outlook for Mac and older builds had near-identical names (row 17).
        r"versione precedente|quella precedente": "Outlook per Mac legacy",
        r"versioni meno recenti": "versioni più vecchie",
        # Archive frees no space (row 2).
        r"elimini o lo archivi|[Aa]rchivia (o elimina )?i messaggi": "elimina; salvane una copia",
        # A way back says where it goes (row 9).
        r"\b[Tt]orna indietro e\b": "ricomincia da <link al passaggio>",
        # Rows 12, 13, 26, 27, 32, 35, 36: wording that read as translated.
        r"Manda all'assistenza": "Copia … da incollare nel messaggio all'assistenza",
        r"Dimentica": "Cancella",
        r"portala\s+con te": "scaricala in PDF",
        r"Cosa conta|Non proprio": "Aspetto / No",
        r"Fai verificare le impostazioni a Outlook": "Lascia che Outlook controlli le impostazioni",
        r"lo porta in vista": "lo evidenzia",
        r"Dove sono:|Dove vedo qualcos'altro:": "Sono al passaggio: / Passaggi in cui vedo qualcos'altro:",
        # One sentence for resellers, one name for the welcome e-mail (row 23).
        r"documenti del rivenditore|è lui a comunicartelo|te la invia il rivenditore": "te lo comunica lui",
        r"e-mail di attivazione": "e-mail di benvenuto (o di attivazione, come la chiama Namirial)",
        # Rows 16, 22, 28, 29, 30, 31, 33, 34.
        r"Questo non è un nome di server": "Questo non sembra un nome di server",
        r"account che ha già": "account già aggiunto",
        r"riceve la ricevuta di\s+accettazione": "ricevi la ricevuta di accettazione",
        r"niente da loro": "non arriva niente",
        r"dominio certificato": "dominio tuo gestito da",
        r"Dovresti vedere: niente da cambiare": "che cosa vede il lettore",
        r"passaggi li sostituiscono|passaggi successivi sostituiscono|lo imposta il passaggio": "li sostituirai",
        r"indicato come classico è Outlook classico": "quello che nel nome ha la parola «classico»",
        # "I gestori di questo sito" reads as the site's own operators (row 6).
        r"gestori di questo sito": "i gestori che queste guide elencano",
    },
}
# "Scheda" is Outlook's own tabs only (row 5): the site's tabs have no name in the
# Italian pages (one picks "il tuo gestore sopra la tabella"), the generator's card is
# the "riepilogo". Each "scheda" is followed by the name of one of Outlook's tabs.
OUTLOOK_TABS = ("file", "outgoing_server_tab", "advanced")
OTHER_OUTLOOK_TABS = ("«Altra»",)


class PageText(HTMLParser):
    """The words a reader meets on a built page: the article's text (guided mode's
    templates included), the text alternatives, and the words handed to the scripts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside <article>
        self.skip = 0  # inside a <script> or <style>
        self.strings = False
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article":
            self.depth += 1
        if tag == "script" and attrs.get("id") == "pec-strings":
            self.strings = True
        elif tag in ("script", "style"):
            self.skip += 1
        if self.depth and attrs.get("alt"):
            self.parts.append(attrs["alt"])

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1
        elif tag == "script" and self.strings:
            self.strings = False
        elif tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if self.strings:
            self.parts.extend(flatten(json.loads(data)))
        elif self.depth and not self.skip:
            self.parts.append(data)


def flatten(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in flatten(v)]
    return [value] if isinstance(value, str) else []


def page_text(site_dir: Path, path: str) -> str:
    parser = PageText()
    parser.feed((site_dir / path / "index.html").read_text(encoding="utf-8"))
    return " ".join(" ".join(parser.parts).split())


def context(text: str, match: re.Match) -> str:
    return text[max(0, match.start() - 60):match.end() + 60]


def test_no_page_uses_a_retired_name(edition, site_dir, page_paths):
    found = []
    for path in page_paths:
        text = page_text(site_dir, path)
        for pattern, instead in RETIRED[edition.lang].items():
            for match in re.finditer(pattern, text):
                found.append(f"{path or 'home'}: «{context(text, match)}» — write {instead!r}")
    assert not found, "\n".join(found)


def test_the_encryption_setting_has_one_name(edition, site_dir):
    term = ENCRYPTION_TERM[edition.lang]
    words = load_catalogues()[edition.lang]
    # Where the catalogue describes the field rather than quoting it, the description is
    # the term itself, so the tables and the prose agree.
    text, quoted = outlook_label(words, "encryption")
    if not quoted:
        assert text.lower() == term
    for key in ("android_security", "ios_port_security"):
        text, quoted = outlook_label(words, key)
        assert quoted or text.lower() == term, key
    for path in ("troubleshooting/", "outlook/imap/", "outlook/pop/"):
        assert term in page_text(site_dir, path).lower(), path


def test_scheda_is_only_an_outlook_tab(edition, site_dir, page_paths):
    if edition.lang != "it":
        return
    words = load_catalogues()["it"]
    names = [outlook_label(words, key)[0] for key in OUTLOOK_TABS] + list(OTHER_OUTLOOK_TABS)
    allowed = re.compile(r"\bsched[ae]\s+(" + "|".join(map(re.escape, names)) + r")")
    found = []
    for path in page_paths:
        text = page_text(site_dir, path)
        for match in re.finditer(r"\bsched[ae]\b", text):
            if not allowed.match(text, match.start()):
                found.append(f"{path or 'home'}: «{context(text, match)}»")
    assert not found, "\n".join(found)


def test_provider_tabs_are_named_only_where_a_page_has_them(edition, site_dir, page_paths):
    """'Your provider's tab' on a page without provider tabs sends the reader looking for
    nothing (row 5): such a page links to the step that has the values."""
    if edition.lang != "en":
        return
    names = [p["name"] for p in load_providers()["providers"]]
    for path in page_paths:
        html = (site_dir / path / "index.html").read_text(encoding="utf-8")
        has_tabs = any(re.search(rf"<label[^>]*>{re.escape(name)}</label>", html) for name in names)
        if not has_tabs:
            text = page_text(site_dir, path)
            assert not re.search(r"provider's tab|from its tab", text), path


def test_the_terms_are_defined_in_the_catalogue():
    """The catalogue says, where the term lives, which name the site uses and that this
    test holds it."""
    for lang in ENCRYPTION_TERM:
        catalogue = (ROOT / "strings" / f"{lang}.yml").read_text(encoding="utf-8")
        assert "tests/test_terms.py" in catalogue, lang
