"""Handouts as worksheets: answer fields that check themselves without a kernel and keep the key
out of the page, written tasks, data boxes with a CSV download, folded code, print.

One small lesson is made here, with one exercise of every type, so these tests do not depend on
the lessons (which change); tests/test_browser.py runs the same checks on the built lessons.
"""

from __future__ import annotations

import csv
import io
import re
import textwrap
from pathlib import Path

import nbformat
import pytest
from conftest import answer, serious_axe_violations

from helpers.answers import normalise_text
from helpers.publish import selfcheck

LESSON = "99_worksheet"
YAML = textwrap.dedent("""\
    further_reading:
      - {citation: "A. Author (1990). A book about the invasion. Press.", why: "The standard account."}
      - {citation: "B. Writer (2019). An article. Journal.", why: "Reads the counts critically."}
    written_task:
      question: "In one paragraph (claim, evidence, reasoning): why do the counts differ?"
      rubric: {4: "Strong: names sources and weighs them.", 3: "Secure.", 2: "Developing.", 1: "Beginning."}
    exercises:
      ws-number:
        question: How many times larger is the highest count than the lowest?
        type: number
        answer: 37.5
        tolerance: 0.5
        hints: {low: "Too low: divide the largest by the smallest.", high: "Too high: use the latest figures.", form: "Give a number such as 12.5."}
        explanation: "Ten thousand divided by two hundred and sixty-seven is about thirty-seven and a half."
        also_accepted:
          - {answer: 40, explanation: "Against the commission's 250 the ratio is forty: defensible, as the commission counted dead and missing."}
      ws-text:
        question: Who made the highest estimate?
        type: text
        answer: Noriega
        accept: [Manuel Noriega, General Noriega, Manuel Antonio Noriega]
        hints: {wrong: "Look at the estimated_by column of the largest value."}
        explanation: "Manuel Antonio Noriega claimed in December 1990 that ten thousand had died."
      ws-choice:
        question: "Which verdict? (a) supported (b) partly supported (c) contradicted"
        type: choice
        options: [supported, partly supported, contradicted]
        answer: contradicted
        hints: {wrong: "Ask which part the claim turns on."}
        explanation: "The month is right but the amount, the heart of the claim, is wrong."
      ws-set:
        question: "Which reasons explain the spread? (a) who counted (b) when (c) weather"
        type: set
        answer: [a, b]
        hints: {missing: "One reason is missing.", extra: "One of your reasons is not in the table."}
        explanation: "Counters differed in kind and counted at different dates; the weather is not a reason."
      ws-order:
        question: "Put in order: (a) invasion (b) annulment (c) indictment"
        type: order
        answer: [c, b, a]
        hints: {wrong: "Read the date of each event."}
        explanation: "The indictments came in February 1988, the annulment in May 1989, the invasion in December."
      ws-count:
        question: How many Panamanians did the highest estimate count?
        type: number
        answer: 1300
        hints: {low: "Too low.", high: "Too high."}
        explanation: "A count of one thousand three hundred, written the local way or not."
      ws-yesno:
        question: Did the OAS vote on the invasion?
        type: yesno
        answer: true
        hints: {wrong: "Read the OAS row of the votes table."}
        explanation: "The OAS Permanent Council voted on 22 December 1989 to deplore the intervention."
    """)
EXPLANATIONS = ["Ten thousand divided by two hundred", "Against the commission's 250 the ratio",
                "Manuel Antonio Noriega claimed", "The month is right but the amount",
                "Counters differed in kind", "The indictments came in February 1988",
                "The OAS Permanent Council voted"]


@pytest.fixture(scope="module")
def worksheet_pages(tmp_path_factory):
    """The small lesson, exported in both editions (no kernel needed: outputs are made here)."""

    from helpers import estimate_ranges, load
    from helpers.charts import timeline
    from helpers.render import figure_html

    base = tmp_path_factory.mktemp("worksheet")
    lessons = base / "lessons"
    lessons.mkdir()
    (lessons / f"{LESSON}.exercises.yml").write_text(YAML, encoding="utf-8")
    mp = pytest.MonkeyPatch()
    mp.setenv("INTERVENTION_HISTORY_LESSONS", str(lessons))
    deaths = load("panama/casualty_estimates")
    killed = deaths[deaths["measure"] == "killed"].head(12)
    events = load("panama/events").head(15)
    charts = [estimate_ranges(killed, title="How many died?"), timeline(events, title="What happened when?")]

    def html_out(body):
        return nbformat.v4.new_output("display_data", data={"text/html": body, "text/plain": ""})

    cells = [nbformat.v4.new_markdown_cell(
        "# 99 · A worksheet test\n**Time:** 20 min · **Prerequisites:** none\n\n"
        "**Central question:** *Why do counts differ?*\n\n**Objectives.** By the end you can:\n"
        "1. read a range\n2. check an answer\n"),
        nbformat.v4.new_code_cell("from helpers import load, check, estimate_ranges"),
        nbformat.v4.new_code_cell("deaths = load('panama/casualty_estimates')\nTOTAL_SECRET_CODE_LINE = 1",
                                  outputs=[nbformat.v4.new_output("stream", name="stdout", text="59 rows\n")])]
    for chart in charts:
        cell = nbformat.v4.new_code_cell("estimate_ranges(deaths)")
        cell.outputs = [html_out(figure_html(chart.to_dict()))]
        cells.append(cell)
    for key in ("ws-number", "ws-text", "ws-choice", "ws-set", "ws-order", "ws-count", "ws-yesno"):
        cells.append(nbformat.v4.new_markdown_cell(f"### Exercise {key}"))
        cell = nbformat.v4.new_code_cell(f'answer = ...\ncheck("{key}", answer)')
        cell.outputs = [html_out("<div class='ih-feedback ih-missing'>… No answer yet</div>")]
        cells.append(cell)
        solution = nbformat.v4.new_code_cell(f'answer = 1\ncheck("{key}", answer)')
        solution.metadata["tags"] = ["solution"]
        cells.append(solution)
    cells.append(nbformat.v4.new_code_cell(f'written_task("{LESSON}")',
                                           outputs=[html_out("<section class='ih-written-task'>x</section>")]))
    cells.append(nbformat.v4.new_markdown_cell("## Further reading"))
    cells.append(nbformat.v4.new_code_cell('further_reading("panama/events")',
                                           outputs=[html_out("<ul class='ih-reading'><li>RAW SOURCE LIST</li></ul>")]))
    notebook = nbformat.v4.new_notebook(cells=cells)
    from helpers.publish.export import export

    out = base / "out"
    pages = {which: export(notebook, LESSON, which, out) for which in ("learner", "facilitator")}
    from helpers.publish.handouts import set_page_language
    from helpers.i18n import using_language

    for language in ("es", "pt"):  # the same page in a reader's language (no lesson catalogue)
        with using_language(language):
            pages[f"learner_{language}"] = export(notebook, LESSON, "learner", out / language)
        set_page_language(pages[f"learner_{language}"], language)
    yield {"out": out, "charts": [c.to_dict() for c in charts], **pages}
    mp.undo()


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# ---------------------------------------------------------------- without a browser
def test_aes_gcm_comes_from_the_cryptography_package_and_reads_back():
    """The pure-Python AES is gone (issue 22): AES-GCM is the cryptography package's, in Web
    Crypto's layout (IV, ciphertext, 16-byte tag); tests/test_browser.py decrypts it in Chromium."""
    import base64

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    assert not (Path(selfcheck.__file__).parent / "aesgcm.py").exists()
    key = bytes(range(32))
    packed = base64.b64decode(selfcheck.encrypt(key, b"an explanation"))
    assert len(packed) == 12 + len(b"an explanation") + 16
    assert AESGCM(key).decrypt(packed[:12], packed[12:], None) == b"an explanation"
    assert selfcheck.encrypt(key, b"x") != selfcheck.encrypt(key, b"x"), "the IV must be fresh"


def test_an_also_accepted_number_is_read_on_the_keys_grid():
    """Lesson 04's compare-3: key 50 (whole numbers), also 19.8; the page refused 20."""
    spec = {"id": "t", "type": "number", "answer": 50, "tolerance_pct": 8, "explanation": "x"}
    assert "n:0:20" in selfcheck.accepted_forms(spec, 19.8)
    assert "n:0:50" in selfcheck.accepted_forms(spec, 50)


def test_a_numbers_tolerance_grid_holds_every_accepted_value():
    decimals, values = selfcheck.number_grid(37.5, 0.5)
    assert decimals == 1 and values[0] == 370 and values[-1] == 380 and len(values) == 11
    assert selfcheck.number_grid(224, 0) == (0, [224])
    assert len(selfcheck.number_grid(261000, 26100)[1]) <= selfcheck.MAX_GRID


def test_a_payload_holds_no_answer_and_no_explanation(worksheet_pages):
    from helpers.exercises import exercises

    for key, spec in exercises(LESSON).items():
        payload = selfcheck.payload(spec)
        text = repr(payload)
        assert "answer" not in payload and "explanation" not in payload
        assert spec["explanation"][:30] not in text
        if spec["type"] == "text":
            for form in [spec["answer"], *spec.get("accept", [])]:
                assert normalise_text(form) not in normalise_text(text), f"{key}: {form!r} is readable"


# ---------------------------------------------------------------- a cracker, as the reviewer wrote one
def page_payloads(path: Path) -> dict[str, dict]:
    """Every self-check payload in a page, by exercise id: all a cracker has to work with."""
    import json

    blocks = re.findall(r"<script[^>]*id=.ih-check-[^>]*>(.*?)</script>", _text(path), re.S)
    return {p["id"]: p for p in map(json.loads, blocks)}


def fast_digests(payload: dict) -> set[str]:
    """Every hex string in a payload that a cracker could test with one fast hash."""
    import json

    tags = {k["t"] for k in payload["keys"]}
    return set(re.findall(r'"([0-9a-f]{16,64})"', json.dumps(payload))) - tags


def crack_number_fast(payload: dict) -> tuple[int, int, int]:
    """Follow the bins with SHA-256 only, as the reviewer's script did: (lowest, highest scaled
    value the fast digests leave, hashes spent)."""
    import base64
    import hashlib

    salt, width, top = base64.b64decode(payload["salt"]), payload["w0"], len(payload["bins"]) - 1
    spent, found = 0, None
    for level, wanted in enumerate(payload["bins"]):
        j = top - level
        tries = range(-20, 21) if found is None else range(found * 10, found * 10 + 10)
        for b in tries:
            spent += 1
            if hashlib.sha256(salt + f"b:{j}:{b}".encode()).hexdigest()[:24] == wanted:
                found = b
                break
        else:
            raise AssertionError(f"level {j}: no bin matched")
    return found * width, found * width + width - 1, spent


def test_a_number_cannot_be_recovered_without_the_slow_derivation(worksheet_pages):
    """Issue 22, defect 5: the bins held salted SHA-256 of the answer down to the exact value,
    so a script read it in about 200 fast hashes. Now the fast digests stop at the tolerance:
    they leave several values, and only a PBKDF2 derivation tells which one unlocks."""
    import base64
    import hashlib

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    payload = page_payloads(worksheet_pages["learner"])["ws-number"]
    centre = 375  # 37.5 at one decimal
    candidates = set()
    for j in range(-3, 20):
        candidates |= {f"b:{j}:{centre}", f"b:{j}:{centre // 10}", f"n:1:{centre}", f"{centre}", "37.5", f"i:{centre}"}
    salt = base64.b64decode(payload["salt"])
    exposed = {hashlib.sha256(salt + c.encode()).hexdigest()[:24] for c in candidates} & fast_digests(payload)
    assert not exposed, "a fast digest pins the exact answer"
    low, high, spent = crack_number_fast(payload)
    assert low <= centre <= high and spent < 400, "the cracker no longer follows the bins"
    assert high - low + 1 >= 11, "the fast digests narrow the answer below the tolerance (±0.5: 11 values)"
    # The rest needs the slow derivation: each guess costs PBKDF2 at the page's iteration count.
    slow = 0
    for value in range(low, high + 1):
        form = f"n:1:{value}"
        slow_base = selfcheck.derive(selfcheck.slow_secret(form, payload["w0"]), salt, payload["it"])
        slow += 1
        tag = selfcheck.mac(slow_base, "t:" + form)[:12].hex()
        entry = next((k for k in payload["keys"] if k["t"] == tag), None)
        if entry:
            wrapped = base64.b64decode(entry["w"])
            content = AESGCM(selfcheck.mac(slow_base, "w:" + form)).decrypt(wrapped[:12], wrapped[12:], None)
            packed = base64.b64decode(payload["ex"][entry["e"]]["c"])
            text = AESGCM(content).decrypt(packed[:12], packed[12:], None).decode()
            break
    else:
        raise AssertionError("the slow route did not unlock either")
    assert "Ten thousand divided" in text and slow >= 1
    assert payload["it"] == selfcheck.ITERATIONS >= 50_000, "fewer rounds than make bench chose"


def test_an_exact_number_has_no_fast_digest_either():
    """Tolerance 0 (a count): the finest bin still holds two values."""
    import base64
    import hashlib

    spec = {"id": "t", "type": "number", "answer": 224, "tolerance": 0, "explanation": "x"}
    payload = selfcheck.payload(spec, iterations=1000)
    salt = base64.b64decode(payload["salt"])
    assert payload["w0"] >= 2
    exact = {hashlib.sha256(salt + f"b:{j}:{224}".encode()).hexdigest()[:24] for j in range(-3, 20)}
    assert not exact & fast_digests(payload)


def test_set_and_order_items_need_the_slow_derivation(worksheet_pages):
    """Their item and position digests matched fast SHA-256 over the letters (15 ms a set)."""
    import base64
    import hashlib

    payloads = page_payloads(worksheet_pages["learner"])
    for key in ("ws-set", "ws-order"):
        payload = payloads[key]
        salt = base64.b64decode(payload["salt"])
        fast = {hashlib.sha256(salt + f"{prefix}{letter}".encode()).hexdigest()[:24]
                for letter in "abcdefghijkl" for prefix in ("i:", *(f"p:{i}:" for i in range(12)))}
        assert not fast & fast_digests(payload), f"{key}: a letter has a fast digest"
        slow = {selfcheck.item_digest(selfcheck.item_base(salt, letter, payload["it"])) for letter in "abc"}
        assert set(payload["items"]) <= slow, f"{key}: the slow route does not find the items"


def test_payloads_are_cached_by_exercise_language_and_spec(tmp_path):
    spec = {"id": "c-1", "type": "choice", "options": ["x", "y"], "answer": "y", "explanation": "because"}
    first = selfcheck.cached_payload(spec, "es", iterations=1000, folder=tmp_path)
    assert selfcheck.cached_payload(spec, "es", iterations=1000, folder=tmp_path) == first
    assert selfcheck.cached_payload(spec, "pt", iterations=1000, folder=tmp_path) != first
    changed = selfcheck.cached_payload({**spec, "explanation": "new"}, "es", iterations=1000, folder=tmp_path)
    assert changed["ex"] != first["ex"], "an edited explanation kept the old payload"
    (tmp_path / "c-1.es.json").write_text("{damaged", encoding="utf-8")
    assert selfcheck.cached_payload(spec, "es", iterations=1000, folder=tmp_path)["keys"]


def test_learner_page_hides_setup_folds_code_and_keeps_answers_out(worksheet_pages):
    learner, facilitator = _text(worksheet_pages["learner"]), _text(worksheet_pages["facilitator"])
    assert "from helpers import load, check" not in learner, "the set-up cell is still shown"
    assert learner.count('<details class="ih-code">') >= 1
    assert "TOTAL_SECRET_CODE_LINE" in learner  # folded, not removed
    flat = normalise_text(re.sub(r"<[^>]+>", " ", learner))
    for fragment in EXPLANATIONS:
        assert fragment not in learner and normalise_text(fragment) not in flat, fragment
        assert fragment in facilitator.replace("&#x27;", "'").replace("&#39;", "'"), fragment
    assert "data-answer-key" not in learner and "data-answer-key" in facilitator
    assert "RAW SOURCE LIST" in learner and "Appendix: full bibliography" in learner
    assert learner.index("A book about the invasion") < learner.index("RAW SOURCE LIST")
    assert 'http-equiv="Content-Security-Policy"' in learner
    policy = re.search(r'Content-Security-Policy" content="([^"]+)"', learner).group(1)
    assert "connect-src 'none'" in policy and "default-src 'none'" in policy
    assert "https:" not in policy and "http:" not in policy
    assert "'unsafe-eval'" not in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]


def test_editions_are_kept_apart_and_say_what_the_self_checks_hide(worksheet_pages, tmp_path):
    """Issue 22: the learner index and pages link no facilitator edition; facilitators get
    facilitator.html; the banner and the facilitator's notes say per kind what is hidden."""
    from helpers.publish.index import write_index
    from helpers.publish.selfcheck import strength_note

    hrefs = lambda text: set(re.findall(r'href="([^"#]+)', text))  # noqa: E731
    learner, facilitator = _text(worksheet_pages["learner"]), _text(worksheet_pages["facilitator"])
    assert not [h for h in hrefs(learner) if "facilitator" in h], "a learner page links the answers"
    assert "index.html" in hrefs(learner) and "facilitator.html" in hrefs(facilitator)
    assert "trying each option finds a choice" in learner and "keep the answers out of this page" not in learner
    assert "a short script does it in under a second" in facilitator.replace("&#x27;", "'")
    info = {"stem": LESSON, "title": "99 · A worksheet test", "duration": "20 min", "objectives": []}
    index = write_index([info], tmp_path, {})
    front, back = index.read_text(encoding="utf-8"), (tmp_path / "facilitator.html").read_text(encoding="utf-8")
    assert f"{LESSON}.html" in hrefs(front) and not [h for h in hrefs(front) if "facilitator" in h]
    assert {f"{LESSON}.facilitator.html", f"{LESSON}.html"} <= hrefs(back)
    assert "do not send them to learners" in back and strength_note("facilitator")[:40] in back.replace("&#x27;", "'")


# ---------------------------------------------------------------- in Chromium, offline
CASES = [  # (exercise, typed, status, words the feedback must contain)
    ("ws-number", "37.5", "correct", "Ten thousand divided"),
    ("ws-number", "37,9", "correct", "Ten thousand divided"),
    ("ws-number", "40", "defensible", "Against the commission's 250"),
    ("ws-number", "40", "defensible", "Ten thousand divided"),  # and the key's reading
    ("ws-number", "12", "incorrect", "Too low: divide"),
    ("ws-number", "380", "incorrect", "Too high: use"),
    ("ws-number", "38.1", "incorrect", "Close, but not the key's figure"),  # in the finest bin, outside the margin
    ("ws-number", "a lot", "invalid", "Give a number such as 12.5."),
    ("ws-text", "General Noriega", "correct", "Manuel Antonio Noriega claimed"),
    ("ws-text", "General Manuel Antonio Noriega", "correct", "Manuel Antonio Noriega claimed"),
    ("ws-text", "Noreiga", "correct", "nearly exact"),
    ("ws-text", "not Noriega", "incorrect", "estimated_by column"),
    ("ws-text", "Noriega? no, Bush", "incorrect", "estimated_by column"),
    ("ws-text", "Bush Noriega Endara Thurman", "incorrect", "estimated_by column"),
    ("ws-text", "Noriega " * 2000, "incorrect", "estimated_by column"),
    ("ws-text", "Bush", "incorrect", "estimated_by column"),
    ("ws-choice", "c", "correct", "The month is right"),
    ("ws-choice", "Contradicted", "correct", "The month is right"),
    ("ws-choice", "a", "incorrect", "Ask which part"),
    ("ws-choice", "q", "invalid", "one of the letters"),
    ("ws-set", "b, a", "correct", "Counters differed"),
    ("ws-set", "a", "partial", "One reason is missing."),
    ("ws-set", "a, b, c", "partial", "One of your reasons is not in the table."),
    ("ws-order", "c, b, a", "correct", "The indictments came"),
    ("ws-order", "c b a", "correct", "The indictments came"),
    ("ws-order", "cba", "invalid", "each letter as its own item"),
    ("ws-order", "b, c, a", "partial", "1 event is in the right place"),
    ("ws-order", "a, b", "invalid", "every one of the 3 letters"),
    ("ws-yesno", "yes", "correct", "The OAS Permanent Council"),
    ("ws-yesno", "no", "incorrect", "Read the OAS row"),
]


@pytest.mark.browser
def test_every_type_of_answer_gets_the_feedback_check_gives(worksheet_pages, offline):
    page, seen = offline(worksheet_pages["learner"])
    for key, typed, status, words in CASES:
        got, text = answer(page, key, typed)
        assert (got, words in text) == (status, True), f"{key} {typed!r}: {got}: {text}"
    assert seen.errors == [] and seen.left == []


LOCAL_CASES = {  # (exercise, typed, status, words the feedback must contain): answers in the page's language
    "pt": [("ws-choice", "contradita", "correct", "Correto"),
           ("ws-choice", "Contradita", "correct", "The month is right"),
           ("ws-choice", "parcialmente sustentada", "incorrect", "Ainda não"),
           ("ws-choice", "sustentada demais", "invalid", "letras"),
           ("ws-set", "a e b", "correct", "Counters differed"),
           ("ws-order", "c, b e a", "correct", "The indictments came"),
           ("ws-number", "37,5", "correct", "vírgula"),
           ("ws-number", "1.300", "incorrect", "ponto como separador decimal"),
           ("ws-count", "1.300", "correct", "separando os milhares"),
           ("ws-count", "1300", "correct", "one thousand three hundred"),
           ("ws-text", "não Noriega", "incorrect", "estimated_by"),
           ("ws-text", "General Noriega", "correct", "Manuel Antonio Noriega claimed")],
    "es": [("ws-choice", "contradicha", "correct", "Correcto"),
           ("ws-set", "a y b", "correct", "Counters differed"),
           ("ws-set", "b y c", "partial", "En parte"),
           ("ws-number", "40", "defensible", "Defendible"),
           ("ws-count", "1.300", "correct", "separador de miles"),
           ("ws-text", "Noriega? no, Bush", "incorrect", "Todavía no")],
}


@pytest.mark.browser
@pytest.mark.parametrize("language", sorted(LOCAL_CASES))
def test_answers_in_the_readers_language(worksheet_pages, offline, language):
    page, seen = offline(worksheet_pages[f"learner_{language}"])
    for key, typed, status, words in LOCAL_CASES[language]:
        got, text = answer(page, key, typed)
        assert (got, words in text) == (status, True), f"{language} {key} {typed!r}: {got}: {text}"
    assert seen.errors == [] and seen.left == []


@pytest.mark.browser
def test_code_is_folded_and_opens(worksheet_pages, offline):
    page, _ = offline(worksheet_pages["learner"])
    code = page.locator("details.ih-code pre").first
    assert code.is_hidden(), "code shows before the reader asks for it"
    page.locator("details.ih-code > summary").first.click()
    assert code.is_visible()


@pytest.mark.browser
def test_written_task_shows_the_rubric_after_a_paragraph(worksheet_pages, offline):
    page, _ = offline(worksheet_pages["learner"])
    rubric = page.locator(".ih-written .ih-rubric")
    assert rubric.is_hidden()
    page.locator(".ih-written textarea").fill("Too short.")
    page.locator(".ih-written button").click()
    assert rubric.is_hidden(), "the rubric showed before a paragraph was written"
    page.locator(".ih-written textarea").fill(" ".join(["The counts differ because of who counted."] * 6))
    page.locator(".ih-written button").click()
    assert rubric.is_visible()


def chart_rows(spec: dict) -> dict[str, list[dict]]:
    return {name: [{k: v for k, v in row.items() if not k.startswith("_")} for row in rows]
            for name, rows in spec["datasets"].items()}


def csv_shown(value) -> str:
    """What a chart's CSV download holds for a cell: dates at midnight as dates, and a text
    that a spreadsheet would run as a formula behind a quote (numbers stay numbers)."""
    if value is None:
        return ""
    text = str(value)
    if isinstance(value, str):
        text = re.sub(r"^(\d{4}-\d{2}-\d{2})T00:00:00(\.0+)?Z?$", r"\1", text)
        if re.match(r"[=+\-@\t\r]", text) and not re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", text):
            text = "'" + text
    return text


@pytest.mark.browser
def test_csv_downloads_neutralise_formulas_and_keep_numbers_and_dates(offline, tmp_path):
    """Issue 22: '=HYPERLINK(...)' in a note reached the CSV as a live formula; dates came
    out as 1989-12-01T00:00:00. Numbers, negative ones too, must stay numbers."""
    import json

    rows = [{"note": '=HYPERLINK("https://example.invalid/?q="&B2,"see source")', "value": -52.2,
             "as_of": "1989-12-01T00:00:00", "text_number": "-84.6", "a": "+1 more", "b": "@SUM(A1)",
             "c": "-1+2", "d": "\tTAB", "e": "\rCR", "f": "plain, with comma", "_hidden": 1}]
    script = (Path(selfcheck.__file__).parent / "assets" / "handout.js").read_text(encoding="utf-8")
    page_file = tmp_path / "csv.html"
    page_file.write_text('<!DOCTYPE html><html><body><script type="application/json" id="t-spec">'
                         + json.dumps({"datasets": {"d": rows}}) + "</script><script>" + script
                         + "</script></body></html>", encoding="utf-8")
    page, _ = offline(page_file)
    text = page.evaluate("ihChartCsv('t-spec', 'd')")
    got = next(csv.DictReader(io.StringIO(text)))
    assert got["note"] == "'" + rows[0]["note"] and got["a"] == "'+1 more" and got["b"] == "'@SUM(A1)"
    assert got["c"] == "'-1+2" and got["d"] == "'\tTAB" and got["e"] == "'\rCR"
    assert got["value"] == "-52.2" and got["text_number"] == "-84.6", "a negative number was altered"
    assert got["as_of"] == "1989-12-01" and got["f"] == "plain, with comma" and "_hidden" not in got
    assert all(got[k] == csv_shown(v) for k, v in rows[0].items() if not k.startswith("_") and k != "value")


def check_downloads(page, specs: list[dict]) -> int:
    """Every chart has a data box and CSV links whose files hold the rows the chart draws."""
    from helpers.publish.browser import wait_for_charts

    wait_for_charts(page)
    figures = page.locator("figure.ih-chart")
    checked = 0
    for i in range(figures.count()):
        figure = figures.nth(i)
        box = figure.locator(".ih-databox")
        assert box.count() == 1, f"chart {i + 1} has no data box"
        labels = box.locator("dt").all_inner_texts()
        for wanted in ("What is shown", "Unit", "Sources", "As of", "How processed", "Do sources disagree?"):
            assert wanted in labels, f"chart {i + 1}: the data box has no '{wanted}'"
        links = figure.locator("a.ih-csv")
        assert links.count() >= 1, f"chart {i + 1} has no CSV download"
        for j in range(links.count()):
            with page.expect_download() as info:
                links.nth(j).click()
            text = Path(info.value.path()).read_text(encoding="utf-8")
            rows = list(csv.DictReader(io.StringIO(text)))
            name = links.nth(j).get_attribute("data-ih-dataset")
            if specs:
                wanted = chart_rows(specs[i])[name]
                assert len(rows) == len(wanted), f"chart {i + 1}: {len(rows)} CSV rows, chart has {len(wanted)}"
                for got, row in zip(rows, wanted):
                    for key, value in row.items():
                        if isinstance(value, (int, float)) and not isinstance(value, bool):
                            assert float(got[key]) == value, f"chart {i + 1}, {key}: {got[key]!r} != {value!r}"
                        else:
                            shown = csv_shown(value)
                            assert got[key] == shown, f"chart {i + 1}, {key}: {got[key]!r} != {shown!r}"
            else:
                assert rows, f"chart {i + 1}: the CSV is empty"
            checked += 1
    return checked


@pytest.mark.browser
def test_every_chart_has_a_data_box_and_a_matching_csv(worksheet_pages, offline):
    page, _ = offline(worksheet_pages["learner"], accept_downloads=True)
    assert check_downloads(page, worksheet_pages["charts"]) >= 2
    timeline_box = page.locator("figure.ih-chart").nth(1).locator(".ih-events li")
    assert timeline_box.count() == 15, "the timeline's events are not listed for paper"


@pytest.mark.browser
def test_print_shows_no_code_and_lists_timeline_events(worksheet_pages, offline, tmp_path):
    page, _ = offline(worksheet_pages["learner"], charts=True, media="print")
    assert page.locator("details.ih-code").first.is_hidden()
    assert page.locator("pre.ih-source-code").first.is_hidden()
    assert page.locator(".ih-events li").first.is_visible(), "timeline events hidden on paper"
    assert page.locator(".ih-exercise .ih-ruled").first.is_visible(), "no ruled space on paper"
    assert page.locator(".ih-answer-field").first.is_hidden()
    pdf = tmp_path / "worksheet.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    assert pdf.read_bytes().startswith(b"%PDF")


@pytest.mark.browser
@pytest.mark.parametrize("which", ["learner", "facilitator"])
def test_worksheet_passes_axe(worksheet_pages, offline, which):
    page, seen = offline(worksheet_pages[which], charts=True)
    serious = serious_axe_violations(page)
    assert not serious, "; ".join(serious)
    assert seen.errors == [], seen.errors


def test_a_damaged_chart_library_cache_is_rebuilt(tmp_path, monkeypatch):
    """A truncated or altered copy of Vega in the cache would break every chart: it is
    detected (its SHA-256 no longer matches) and rebuilt."""
    import base64
    import zlib

    from helpers import render

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    code, packed = render.packed_vega()
    assert "window.vega" in code and zlib.decompress(base64.b64decode(packed)).decode() == code
    cached = sorted((tmp_path / "intervention-history").glob("vega-only-*.js"))[0]
    cached.write_text(code[: len(code) // 3], encoding="utf-8")  # a copy cut short
    again, packed_again = render.packed_vega()
    assert again == code and cached.read_text(encoding="utf-8") == code
    blob = sorted((tmp_path / "intervention-history").glob("vega-only-*.b64"))[0]
    blob.write_text("AAAA" + packed_again[4:], encoding="utf-8")  # altered bytes
    assert render.packed_vega()[1] == packed


def test_the_handout_drops_the_same_titles_and_negations_as_check():
    """handout.js keeps its own copy of the words a name may carry (exercises.TITLES) and of the
    negations that end typo tolerance: the two must not drift apart."""
    from helpers.exercises import NEGATIONS, TITLES, TYPO_MAX, TYPO_MIN

    script = (Path(selfcheck.__file__).parent / "assets" / "handout.js").read_text(encoding="utf-8")

    def words(name):
        block = re.search(r"var " + name + r" = \(?(.*?)\)?\.split\(\" \"\)", script, re.S).group(1)
        return set(" ".join(re.findall(r'"([^"]*)"', block)).split())

    assert words("TITLES") == set(TITLES)
    assert words("NEGATIONS") == set(NEGATIONS)
    assert f"text.length < {TYPO_MIN} || text.length > {TYPO_MAX}" in script
