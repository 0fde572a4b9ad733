"""One word for each recurring term, per language: the term bases in lessons/locale/<lang>/TERMS.csv
(es-419, pt-BR) name the preferred word and the variants to avoid; no catalogue entry a reader
sees (lessons, tables' words, helpers' messages) may use an avoided variant."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from helpers.publish.translate import TARGETS

ROOT = Path(__file__).resolve().parents[1]


def terms(language: str) -> list[dict]:
    with open(ROOT / "lessons" / "locale" / language / "TERMS.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def catalogues(language: str) -> list[Path]:
    return (sorted((ROOT / "lessons" / "locale" / language / "LC_MESSAGES").glob("*.po"))
            + [ROOT / "data" / "locale" / language / "LC_MESSAGES" / "data.po",
               ROOT / "helpers" / "locale" / language / "LC_MESSAGES" / "helpers.po"])


def entries(language: str):
    """(file, context, translation) of every translated entry of a language."""
    for path in catalogues(language):
        with open(path, "rb") as handle:
            for message in read_po(handle):
                if message.id and isinstance(message.string, str) and message.string and not message.fuzzy:
                    yield path.relative_to(ROOT), message.context, message.string


def pattern(row: dict) -> re.Pattern | None:
    if not row["avoid"]:
        return None
    return re.compile(row["avoid"], 0 if row["case_sensitive"] == "yes" else re.IGNORECASE)


@pytest.mark.parametrize("language", TARGETS)
def test_the_term_base_is_well_formed(language):
    rows = terms(language)
    assert len(rows) >= 20, f"{language}: the term base is nearly empty"
    for row in rows:
        assert row["term_en"] and row["preferred"], row
        found = pattern(row)
        if found is not None:
            assert not found.search(row["preferred"]), f"{language}: {row['term_en']}: the preferred form is avoided"


@pytest.mark.parametrize("language", TARGETS)
def test_no_catalogue_entry_uses_a_variant_the_term_base_avoids(language):
    rows = [(row, pattern(row), set(filter(None, row["except_contexts"].split(";"))))
            for row in terms(language) if row["avoid"]]
    found = []
    for path, context, text in entries(language):
        for row, avoid, allowed in rows:
            if context in allowed:
                continue
            for match in avoid.finditer(text):
                found.append(f"{path} [{context}]: '{match.group(0)}' where the term base says "
                              f"'{row['preferred']}' ({row['term_en']})")
    assert not found, f"{len(found)} entries use a variant to avoid:\n" + "\n".join(found[:15])


@pytest.mark.parametrize("language", TARGETS)
def test_every_preferred_term_is_in_use(language):
    """A term base that names words the translation never uses has drifted from it."""
    text = "\n".join(t for _p, _c, t in entries(language)).casefold()
    unused = [row["preferred"] for row in terms(language) if row["preferred"].casefold() not in text]
    assert not unused, f"{language}: preferred terms no entry uses: {unused}"


def test_a_variant_to_avoid_is_caught():
    row = next(r for r in terms("es") if r["preferred"] == "presidenta encargada")
    assert pattern(row).search("Delcy Rodríguez jura como presidenta interina")
    assert not pattern(row).search("Delcy Rodríguez jura como presidenta encargada")
