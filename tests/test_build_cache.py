"""A warm build renders only what changed: unchanged lessons keep their pages (the warm
three-language rebuild stays within seconds), and a missing page is written again."""

from __future__ import annotations

import contextlib

import pytest


@pytest.mark.slow
def test_unchanged_pages_are_kept_and_missing_ones_rewritten(tmp_path, capsys):
    from helpers.publish.handouts import build_handouts, find_lessons

    lesson = find_lessons()[0]
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert build_handouts([lesson], out, 1, cache_dir=cache)[0] == 0
    page = out / f"{lesson.stem}.html"
    first = page.stat().st_mtime_ns
    capsys.readouterr()
    assert build_handouts([lesson], out, 1, cache_dir=cache)[0] == 0
    assert "pages unchanged" in capsys.readouterr().out
    assert page.stat().st_mtime_ns == first
    page.unlink()
    assert build_handouts([lesson], out, 1, cache_dir=cache)[0] == 0
    assert page.exists() and "pages unchanged" not in capsys.readouterr().out


# ------------------------------------------------------------------ every input keys its pages
LANGS = ("en", "es", "pt")
STEMS = ("00_alpha", "01_beta")


def _fake_pack(root):
    """The inputs of two lessons in three languages, in a scratch folder laid out as the pack."""
    files = {"requirements.lock": "pandas==2.2.3\n", "helpers/data.py": "X = 1\n",
             "helpers/publish/assets/handout.js": "//\n", "helpers/publish/assets/handout.css": "p{}\n",
             "helpers/publish/templates/handout/index.html.j2": "{{ x }}\n",
             "data/panama/events.csv": "event_id,title\npa_evt_004,A\n",
             "data/datapackage.json": "{}\n"}
    for stem in STEMS:
        files[f"lessons/{stem}.ipynb"] = "{}"
        files[f"lessons/{stem}.exercises.yml"] = "exercises: {}\n"
        for language in LANGS[1:]:
            files[f"lessons/locale/{language}/LC_MESSAGES/{stem}.po"] = 'msgid ""\nmsgstr ""\n'
    for language in LANGS[1:]:
        files[f"helpers/locale/{language}/LC_MESSAGES/helpers.po"] = 'msgid ""\nmsgstr ""\n'
        files[f"data/locale/{language}/LC_MESSAGES/data.po"] = 'msgid ""\nmsgstr ""\n'
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def test_each_kind_of_input_renders_again_every_page_that_uses_it_and_no_other(tmp_path, monkeypatch):
    """Change one input at a time: exactly the pages (lesson x language) that read it get a
    new key, so a warm build renders them again in every language and keeps the others."""
    import helpers.publish.pages as pages
    import helpers.paths as paths

    _fake_pack(tmp_path)
    monkeypatch.setattr(pages, "ROOT", tmp_path)
    monkeypatch.setattr(pages, "HELPERS", tmp_path / "helpers")
    monkeypatch.setattr(paths, "HELPERS", tmp_path / "helpers")
    monkeypatch.setenv("INTERVENTION_HISTORY_LESSONS", str(tmp_path / "lessons"))
    monkeypatch.setenv("INTERVENTION_HISTORY_DATA", str(tmp_path / "data"))
    vega = ["vl-convert 1.7.0"]
    monkeypatch.setattr(pages, "_vega_bundle", lambda: vega[0])

    def keys():
        return {(stem, language): (pages.execution_key(tmp_path / "lessons" / f"{stem}.ipynb", language),
                                   pages.page_key(tmp_path / "lessons" / f"{stem}.ipynb", language))
                for stem in STEMS for language in LANGS}

    every = {(stem, language) for stem in STEMS for language in LANGS}
    changes = {  # the input changed: the pages that must render again (and whether it runs again)
        "lessons/00_alpha.ipynb": ({("00_alpha", lang) for lang in LANGS}, True),
        "lessons/00_alpha.exercises.yml": ({("00_alpha", lang) for lang in LANGS}, True),
        "lessons/locale/es/LC_MESSAGES/00_alpha.po": ({("00_alpha", "es")}, True),
        "lessons/locale/pt/LC_MESSAGES/01_beta.po": ({("01_beta", "pt")}, True),
        "helpers/locale/es/LC_MESSAGES/helpers.po": ({(stem, "es") for stem in STEMS}, True),
        "data/locale/pt/LC_MESSAGES/data.po": ({(stem, "pt") for stem in STEMS}, True),
        "data/panama/events.csv": (every, True),
        "data/datapackage.json": (every, True),
        "helpers/data.py": (every, True),
        "requirements.lock": (every, True),
        "helpers/publish/assets/handout.css": (every, False),
        "helpers/publish/templates/handout/index.html.j2": (every, False),
    }
    before = keys()
    assert len({key for key, _ in before.values()}) == len(every)  # a key per lesson and language
    for name, (expected, runs) in changes.items():
        path = tmp_path / name
        original = path.read_bytes()
        path.write_bytes(original + b"\n# changed\n")
        after = keys()
        assert {page for page in every if after[page][1] != before[page][1]} == expected, name
        assert {page for page in every if after[page][0] != before[page][0]} == (expected if runs else set()), name
        path.write_bytes(original)
        assert keys() == before, name
    # a catalogue that goes missing, or a new data file, counts too
    (tmp_path / "lessons/locale/es/LC_MESSAGES/01_beta.po").unlink()
    assert {p for p, k in keys().items() if k != before[p]} == {("01_beta", "es")}
    (tmp_path / "data/panama/new.csv").write_text("a\n1\n")
    assert {p for p, k in keys().items() if k[1] != before[p][1]} == every
    vega[0] = "vl-convert 1.8.0"  # a new Vega bundle: every page, without running anything again
    (tmp_path / "data/panama/new.csv").unlink()
    (tmp_path / "lessons/locale/es/LC_MESSAGES/01_beta.po").write_text('msgid ""\nmsgstr ""\n')
    assert all(keys()[p][1] != before[p][1] and keys()[p][0] == before[p][0] for p in every)


# ------------------------------------------------------------------ the same, in a real build
def _pages(out):
    return {p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("0*.html"))}


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.slow
def test_a_warm_build_renders_again_exactly_the_pages_whose_inputs_changed(tmp_path, data_copy, tiny_lessons):
    """Defect 3 of the reliability test: an answer changed in an exercises file, a lesson's
    Spanish catalogue and the tables' Spanish words reach the Spanish pages on a warm build;
    pages whose inputs did not change are kept byte for byte; a cut or emptied page is
    rendered again (defect 4)."""
    import helpers.publish.handouts as build
    import helpers.publish.handouts as handouts

    lessons = tiny_lessons
    out, cache = tmp_path / "out", tmp_path / "cache"

    def build_all(english=True):
        if english:
            assert build.build_handouts(lessons, out, 2, cache_dir=cache)[0] == 0
        assert handouts.build_language("es", lessons, out, cache, 2)[0] == 0
        handouts.add_language_switch(out)
        return _pages(out)

    def rendered(before, after):
        assert before.keys() == after.keys()
        return {name for name in before if before[name] != after[name]}

    def of(*names):
        return {f"{lang}{stem}{which}.html" for stem in names for lang in ("", "es/")
                for which in ("", ".facilitator")}

    first = build_all()
    assert len(first) == 8 and rendered(first, build_all()) == set()  # warm: nothing renders
    # an answer corrected in the exercises file: that lesson, in English and in Spanish
    _edit(tmp_path / "lessons/00_alpha.exercises.yml", "answer: 1789", "answer: 1791")
    second = build_all()
    assert rendered(first, second) == of("00_alpha")
    assert "1791" in (out / "es/00_alpha.facilitator.html").read_text(encoding="utf-8")
    # a Spanish explanation corrected in the lesson's catalogue: that lesson, in Spanish only
    _edit(tmp_path / "lessons/locale/es/LC_MESSAGES/01_beta.po", 'msgstr "ES The year is 1848."',
          'msgstr "MARCADOR3 1848."')
    third = build_all()
    assert rendered(second, third) == {"es/01_beta.html", "es/01_beta.facilitator.html"}
    assert "MARCADOR3" in (out / "es/01_beta.facilitator.html").read_text(encoding="utf-8")
    # a table's word corrected in Spanish (data.po): every Spanish page, no English one
    data_po = data_copy / "locale/es/LC_MESSAGES/data.po"
    text = data_po.read_text(encoding="utf-8")
    start = text.index('msgctxt "panama/events|pa_evt_004|title"')
    end = text.index("msgstr", start)
    data_po.write_text(text[:end] + 'msgstr "MARCADOR2"' + text[text.index("\n", end):], encoding="utf-8")
    fourth = build_all()
    assert rendered(third, fourth) == {name for name in first if name.startswith("es/")}
    assert "MARCADOR2" in (out / "es/00_alpha.html").read_text(encoding="utf-8")
    # a page cut by hand, and one left empty by a build that was killed: rendered again (with
    # the other edition of the same lesson, which renders from the same run)
    (out / "01_beta.html").write_bytes(fourth["01_beta.html"][: len(fourth["01_beta.html"]) // 3])
    (out / "es/00_alpha.facilitator.html").write_bytes(b"")
    fifth = build_all()
    assert rendered(fourth, fifth) == {"01_beta.html", "01_beta.facilitator.html",
                                       "es/00_alpha.html", "es/00_alpha.facilitator.html"}
    assert all(page.rstrip().endswith(b"</html>") for page in fifth.values())
    # a build killed while it writes any file of the handouts leaves every page whole (the
    # Spanish edition and the language switch: the English one writes the same ways)
    _edit(tmp_path / "lessons/locale/es/LC_MESSAGES/00_alpha.po", 'msgstr "ES The first part."',
          'msgstr "Primera parte."')
    with _dying_writes(out) as dying:
        while True:
            dying["at"] += 1
            dying["writes"] = 0
            try:
                build_all(english=False)
                break
            except KeyboardInterrupt:  # what the next build finds after the kill
                pages = _pages(out)
                assert all(page.rstrip().endswith(b"</html>") for page in pages.values()), (
                    dying["at"], [name for name, page in pages.items() if not page.rstrip().endswith(b"</html>")])
    assert dying["at"] > 8  # every write of the build was interrupted once
    sixth = build_all()
    assert b"Primera parte." in sixth["es/00_alpha.html"]
    assert rendered(sixth, build_all()) == set()


@contextlib.contextmanager
def _dying_writes(folder):
    """Make the n-th file written under ``folder`` stop halfway through, as a killed build."""
    import builtins
    import io

    real = io.open
    state = {"at": 0, "writes": 0}

    class Halfway:
        def __init__(self, stream):
            self.stream = stream

        def write(self, data):
            self.stream.write(data[: len(data) // 2])
            self.stream.flush()
            raise KeyboardInterrupt

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()

        def __getattr__(self, name):
            return getattr(self.stream, name)

    def opening(file, mode="r", *args, **kwargs):
        stream = real(file, mode, *args, **kwargs)
        if any(c in mode for c in "wxa") and str(file).startswith(str(folder)):
            state["writes"] += 1
            if state["writes"] == state["at"]:
                return Halfway(stream)
        return stream

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(io, "open", opening)
        patch.setattr(builtins, "open", opening)
        yield state
