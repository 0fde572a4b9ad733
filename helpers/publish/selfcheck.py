"""Self-checks that work in a handout without a kernel, and keep the key out of plain sight.

For each exercise the page holds only what cannot be read back without guessing:

- every accepted answer, normalised as ``check()`` normalises it (numbers: each value on the
  key's tolerance grid), is stretched with PBKDF2-SHA256 (``ITERATIONS`` rounds, a random salt);
  an HMAC of the result gives the 12-byte tag the page keeps and the key that unwraps the
  explanation. A number is stretched by the bin of its grid it falls in (``finest_bin()``: at
  least as wide as the values the check accepts), so one or two derivations cover the grid at
  build time, and every guess in the browser still needs one;
- each explanation (the key's, and one per ``also_accepted`` alternative) is encrypted with
  AES-256-GCM (the ``cryptography`` package) under a random content key, stored wrapped once per
  accepted form.

The browser (assets/handout.js) normalises what the reader typed in the same way, derives the
same bits with Web Crypto, and decrypts the explanation only when the tag matches. Hints are not
secret (``check()`` shows them to anyone) and travel in plain text. The comparisons behind some
hints use digests that answer the questions ``check()`` answers, and nothing finer:

- a number's too low / too high: salted SHA-256 of the answer's bin, at ``finest_bin()`` times
  1, 10, 100...: they stop at the tolerance, so no fast digest pins the exact value;
- a set's "2 of your 3 choices are right" and an order's "1 event is in the right place":
  digests of each item and position, each behind the same slow derivation as the keys.

What this hides depends on the kind of question (``strength_note()`` says it on every learner
page and in the facilitator's notes): a choice, yes/no, set or order has few possible answers,
and nothing stops a reader trying them all; a number's hints narrow it down as ``check()`` does,
then each guess within the tolerance costs a slow derivation; a word costs one per guess.
``make bench`` measures the derivation and says which iteration count keeps the browser and the
build within their targets.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
import os
import random
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ..answers import normalise_text
from ..exercises import (
    choice_index,
    defensible_explanation,
    item_letters,
    min_words,
    option_words,
    text_forms,
    tolerance,
    wants_count,
)
from ..i18n import _
from ..paths import cache_dir as build_cache

# PBKDF2 rounds per slow derivation, chosen with `make bench` (python -m helpers bench
# --selfchecks-only): on the 2-core reference machine 100,000 rounds took 16-30 ms in Chromium
# and 23 ms in Python, and the largest count that keeps the slowest check a reader can ask for
# (a seven-word text answer: 64 derivations) within 1 s and the payloads of a cold
# three-language build (426 derivations) within 15 s came out at 50,000-90,000. Three times the
# old 20,000; payloads are cached in build/cache after the first build.
ITERATIONS = 60_000
FORMAT = 2                   # the payload's layout: a change here invalidates cached payloads
TAG = 12                     # bytes of each tag and digest the page keeps
LEVELS = 17                  # a number's direction bins: finest_bin() * 10**k, k = 16 ... 0
MAX_GRID = 41                # accepted values on a number's tolerance grid, at most
DEFAULTS = {
    "number": {"low": "That is too low. Look at the data again.",
               "high": "That is too high. Look at the data again."},
    "text": {"wrong": "Not this one. Re-read the question and the data."},
    "choice": {"wrong": "Not this one. Re-read the question and the data."},
    "set": {"missing": "Look at the table again.", "extra": "Look at the table again.",
            "wrong": "Look at the table again."},
    "yesno": {"wrong": "Not quite: look at the evidence again."},
    "order": {"wrong": "Look at the dates in the table again."},
}


def defaults() -> dict:
    """DEFAULTS in the language in use."""
    return {kind: {key: _(text) for key, text in hints.items()} for kind, hints in DEFAULTS.items()}


def _words_for_extraction():  # pragma: no cover - never called: lists DEFAULTS for the catalogue
    return (_("That is too low. Look at the data again."), _("That is too high. Look at the data again."),
            _("Not this one. Re-read the question and the data."), _("Look at the table again."),
            _("Not quite: look at the evidence again."), _("Look at the dates in the table again."))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def digest(salt: bytes, text: str) -> str:
    """A short salted SHA-256 (hex), fast: only for a number's coarse bins (see finest_bin)."""
    return hashlib.sha256(salt + text.encode("utf-8")).hexdigest()[:2 * TAG]


def derive(secret: str, salt: bytes, iterations: int, length: int = 32) -> bytes:
    """PBKDF2-HMAC-SHA256, as ``crypto.subtle.deriveBits`` computes it: the slow step."""
    return hashlib.pbkdf2_hmac("sha256", secret.encode("utf-8"), salt, iterations, length)


def mac(base: bytes, text: str) -> bytes:
    """HMAC-SHA256 of ``text`` under a derived ``base`` (crypto.subtle.sign with HMAC)."""
    return hmac.new(base, text.encode("utf-8"), hashlib.sha256).digest()


def encrypt(key: bytes, plaintext: bytes) -> str:
    """AES-256-GCM under a fresh random IV: base64 of IV + ciphertext + tag (Web Crypto's layout)."""
    iv = os.urandom(12)
    return _b64(iv + AESGCM(key).encrypt(iv, plaintext, None))


def hints_for(spec: dict) -> dict:
    """Every hint ``check()`` can give for this exercise, resolved as ``_hint()`` resolves them."""
    kind = spec.get("type", "text")
    given = spec.get("hints") or {}
    out = {}
    for key, default in defaults().get(kind, {}).items():
        out[key] = given.get(key) or given.get("wrong") or default
    if given.get("form"):
        out["form"] = given["form"]
    return out


# ---------------------------------------------------------------- accepted forms
def number_grid(answer: float, tolerance: float) -> tuple[int, list[int]]:
    """(decimals, accepted values scaled by 10**decimals) for an answer and its tolerance."""
    decimals = 0
    for value in (answer, tolerance):
        text = f"{value:.6f}".rstrip("0").rstrip(".")
        decimals = max(decimals, len(text.split(".")[1]) if "." in text else 0)
    if tolerance > 0:
        decimals = max(decimals, 1 if tolerance < 5 else 0)
    # A wide tolerance rounds to a coarser step (negative decimals: tens, hundreds...), so the
    # whole tolerance is accepted, to the nearest step at its edges.
    while 2 * tolerance * 10 ** decimals + 1 > MAX_GRID:
        decimals -= 1
    scale = 10 ** decimals
    low = math.ceil((answer - tolerance) * scale - 1e-6)
    high = math.floor((answer + tolerance) * scale + 1e-6)
    centre = math.floor(answer * scale + 0.5)
    values = list(range(low, high + 1)) or [centre]
    if len(values) > MAX_GRID:  # a huge tolerance on a whole number: keep the nearest values
        values = sorted(values, key=lambda v: abs(v - centre))[:MAX_GRID]
    return decimals, sorted(values)


def _grid_at(answer: float, tolerance: float, decimals: int) -> list[int]:
    """An also-accepted number's values on the key's grid (the key's decimals): compare-3 took
    19.8 at one decimal while the page read answers in whole numbers, so 20 was refused."""
    scale = 10 ** decimals
    low = math.ceil((answer - tolerance) * scale - 1e-6)
    high = math.floor((answer + tolerance) * scale + 1e-6)
    return list(range(low, high + 1)) or [math.floor(answer * scale + 0.5)]


def accepted_forms(spec: dict, answer, accept=()) -> list[str]:
    """The normalised forms the browser builds from an answer ``check()`` accepts."""
    kind = spec.get("type", "text")
    if kind == "number":
        decimals, values = number_grid(float(answer), tolerance({**spec, "answer": answer}))
        key_decimals = number_grid(float(spec["answer"]), tolerance(spec))[0]
        if decimals != key_decimals:  # the browser scales what it reads by the key's decimals
            decimals, values = key_decimals, _grid_at(float(answer), tolerance({**spec, "answer": answer}),
                                                      key_decimals)
        return [f"n:{decimals}:{v}" for v in values]
    if kind == "text":  # as written and without titles ('Interior Minister Cabello' -> 'cabello')
        answers = answer if isinstance(answer, list) else [answer]
        return sorted(f"t:{form}" for form in text_forms([normalise_text(a) for a in [*answers, *accept]]))
    if kind == "choice":
        return [f"c:{choice_index(spec, answer)}"]
    if kind == "yesno":
        truth = answer if isinstance(answer, bool) else normalise_text(answer) in ("yes", "true", "y")
        return [f"y:{'yes' if truth else 'no'}"]
    if kind == "set":
        return ["s:" + "|".join(sorted({normalise_text(a) for a in answer}))]
    if kind == "order":
        return ["o:" + "|".join(normalise_text(a) for a in answer)]
    raise ValueError(f"unknown exercise type {kind!r}")


# ---------------------------------------------------------------- the payload
def finest_bin(spec: dict) -> int:
    """Width, on the scaled grid, of the finest bin a number's hints tell apart: as wide as the
    values the check accepts (at least 2, so not even an exact answer has a fast digest)."""
    _decimals, values = number_grid(float(spec["answer"]), tolerance(spec))
    return max(2, len(values))


def slow_secret(form: str, width: int = 0) -> str:
    """What the slow derivation stretches for an accepted form: the form itself, or for a
    number ``n:<decimals>:<value>`` the bin of ``width`` values it falls in."""
    if form.startswith("n:") and width:
        _n, decimals, value = form.split(":")
        return f"nb:{decimals}:{width}:{int(value) // width}"
    return form


def item_base(salt: bytes, item: str, iterations: int) -> bytes:
    """The slow derivation behind a set's or an order's item: its digest, its position digests
    and an alias's key are HMACs of it, so each costs what a key costs."""
    return derive("i:" + item, salt, iterations)


def item_digest(base: bytes) -> str:
    return mac(base, "i")[:TAG].hex()


def position_digest(base: bytes, position: int) -> str:
    return mac(base, f"p:{position}")[:TAG].hex()


def payload(spec: dict, iterations: int = ITERATIONS, rng: random.Random | None = None) -> dict:
    """What a handout stores for one exercise: no answer, no explanation in clear."""
    rng = rng or random.SystemRandom()
    kind = spec.get("type", "text")
    salt = os.urandom(16)
    data: dict = {"id": spec["id"], "type": kind, "salt": _b64(salt), "it": iterations,
                  "hints": hints_for(spec), "praise": spec.get("praise") or _("Well done.")}
    width = finest_bin(spec) if kind == "number" else 0
    groups = [(spec["answer"], spec.get("accept", []), spec.get("explanation", ""), "")]
    for alternative in spec.get("also_accepted") or []:  # its reasons, then the key's reading
        groups.append((alternative["answer"], [], defensible_explanation(spec, alternative), _(
            "The key can defend this answer, though its own answer is another: here is why yours "
            "holds, and the key's reading.")))
    keys, explanations, bases = [], [], {}
    for number, (answer, accept, explanation, note) in enumerate(groups):
        content_key = os.urandom(32)
        explanations.append({"c": encrypt(content_key, explanation.encode("utf-8")), "note": note})
        for form in accepted_forms(spec, answer, accept):
            secret = slow_secret(form, width)
            if secret not in bases:
                bases[secret] = derive(secret, salt, iterations)
            base = bases[secret]
            keys.append({"t": mac(base, "t:" + form)[:TAG].hex(),
                         "w": encrypt(mac(base, "w:" + form), content_key), "e": number})
    rng.shuffle(keys)
    data["keys"], data["ex"] = keys, explanations
    if kind == "number":
        data.update(_direction(spec, salt, width))
        data["count"] = wants_count(spec)  # '1.300' is then a thousand three hundred
    elif kind == "choice":
        data["options"] = [normalise_text(o) for o in spec["options"]]
        data["words"] = [forms[1:] for forms in option_words(spec)]  # the option in the page's words
    elif kind == "set":
        data.update(_set_items(spec, salt, iterations))
    elif kind == "order":
        wanted = [normalise_text(a) for a in spec["answer"]]
        item_bases = {item: item_base(salt, item, iterations) for item in set(wanted)}
        data["n"] = len(wanted)
        data["pos"] = [position_digest(item_bases[item], i) for i, item in enumerate(wanted)]
        data["items"] = sorted(item_digest(item_bases[item]) for item in wanted)
        data["letters"] = all(len(w) == 1 for w in wanted)
    if kind in ("set", "order"):
        data["nl"] = len(item_letters(spec))  # how many option letters: 'e' may be one
    return data


def _direction(spec: dict, salt: bytes, width: int) -> dict:
    """Salted digests of the bins holding the answer, ``width * 10**k`` values wide on the
    scaled grid, from coarse to fine: the browser finds the first bin where the reader's value
    leaves the answer's and searches the neighbours for the direction, as check() says low or
    high. The finest bin is as wide as the tolerance (finest_bin): inside it the page cannot
    say low or high, and the exact value has no fast digest."""
    decimals, _values = number_grid(float(spec["answer"]), tolerance(spec))
    centre = math.floor(float(spec["answer"]) * 10 ** decimals + 0.5)
    bins = [digest(salt, f"b:{k}:{centre // (width * 10 ** k)}") for k in range(LEVELS - 1, -1, -1)]
    return {"dp": decimals, "w0": width, "bins": bins}


def _set_items(spec: dict, salt: bytes, iterations: int) -> dict:
    wanted = sorted({normalise_text(a) for a in spec["answer"]})
    aliases = []
    for alias, target in (spec.get("aliases") or {}).items():
        base = item_base(salt, normalise_text(alias), iterations)
        aliases.append({"h": item_digest(base),
                        "c": encrypt(mac(base, "a"), normalise_text(target).encode("utf-8"))})
    return {"items": sorted(item_digest(item_base(salt, w, iterations)) for w in wanted),
            "aliases": aliases, "letters": all(len(w) == 1 for w in wanted)}


# ---------------------------------------------------------------- payloads kept between builds
def cache_dir() -> Path:
    """build/cache/selfchecks (or under INTERVENTION_HISTORY_CACHE): never shipped."""
    return build_cache() / "selfchecks"


def _code_stamp() -> str:
    """This module and the answer normalisation it uses: a change in either makes payloads anew."""
    here = Path(__file__).resolve()
    digest = hashlib.sha256()
    for path in (here, here.parents[1] / "answers.py"):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def payload_key(spec: dict, language: str, iterations: int = ITERATIONS) -> str:
    """Everything a payload is made from: the exercise in this language (answer, hints,
    explanations), the words the build adds, the layout and the iteration count."""
    made_of = {"format": FORMAT, "code": _code_stamp(), "it": iterations, "language": language, "spec": spec,
               "hints": hints_for(spec), "praise": spec.get("praise") or _("Well done."),
               "note": _("The key can defend this answer, though its own answer is another: here is "
                         "why yours holds, and the key's reading.")}
    return hashlib.sha256(json.dumps(made_of, sort_keys=True, ensure_ascii=False,
                                     default=str).encode("utf-8")).hexdigest()


def cached_payload(spec: dict, language: str, iterations: int = ITERATIONS,
                   folder: Path | None = None) -> dict:
    """payload(), kept in build/cache by exercise and language, and made again when anything it
    is made from changes (payload_key). The salt and IVs stay those of the run that made it."""
    folder = folder or cache_dir()
    key = payload_key(spec, language, iterations)
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in str(spec["id"]))
    path = folder / f"{safe}.{language}.json"
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        if kept.get("key") == key:
            return kept["payload"]
    except (OSError, ValueError, AttributeError):
        pass  # none yet, or damaged: make it again
    made = payload(spec, iterations)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{safe}.", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump({"key": key, "payload": made}, file, ensure_ascii=False)
        os.replace(temporary, path)
    except OSError:
        pass  # a read-only cache only costs time
    return made


# ---------------------------------------------------------------- what a self-check hides
def strength_note(which: str = "learner") -> str:
    """What the self-checks hide, by kind of question, said truthfully (issue 22; the times are
    those of tests/test_worksheets.py's cracker at ITERATIONS on the reference machine)."""
    if which == "learner":
        return _("self-checks hide the answers from a glance, not from a determined reader: "
                 "trying each option finds a choice, the too low / too high hints lead to a "
                 "number, and a word takes minutes of guessing")
    return _("How much the learner edition's self-checks hide: the answers and explanations are "
             "not in the page in clear, but they are not locked away either. A choice, yes/no, "
             "set or order question has few possible answers: trying them all finds each one, "
             "and a short script does it in under a second. A number's too low / too high hints "
             "lead to it, as in the notebook: by hand that takes some minutes of guessing, a "
             "script that follows them needs well under a second. A word or a name must be guessed "
             "outright, and each guess costs a deliberately slow computation: a script that "
             "tries every word of the page needs up to a minute. Treat the self-checks as "
             "practice, not as a test: collect graded answers on paper.")


def written_answer_payload(spec: dict) -> dict:
    """What a handout stores for a short written answer (``answer_type: written``): how many
    words open it, and its model answer and rubric line, base64-encoded so that they are not
    read at a glance nor found by a search of the page. There is no key to protect: the page
    shows both once the reader has written ``min_words`` words (like the written task's
    rubric), so this hides them from a glance, not from a determined reader."""

    hidden = json.dumps({"m": str(spec.get("model_answer", "")), "r": str(spec.get("rubric_line", ""))},
                        ensure_ascii=False)
    return {"id": spec["id"], "type": "written", "min": min_words(spec),
            "x": _b64(hidden.encode("utf-8"))}


def written_payload(block: dict) -> dict:
    """A written task's question and rubric (not secret: shown after the reader writes)."""
    return {"question": block.get("question", ""),
            "rubric": {str(k): str(v) for k, v in (block.get("rubric") or {}).items()}}
