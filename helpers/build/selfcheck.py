"""Self-checks that work in a handout without a kernel, and keep the key out of the page.

For each exercise the page holds only what cannot be read back:

- every accepted answer, normalised as ``check()`` normalises it (numbers: each value on the
  key's tolerance grid), is stretched with PBKDF2-SHA256 and a random salt; the page keeps a
  12-byte tag of the result, and the rest of it is the key that unwraps the explanation;
- each explanation (the key's, and one per ``also_accepted`` alternative) is encrypted with
  AES-256-GCM under a random content key; that key is stored wrapped once per accepted form.

The browser (assets/handout.js) normalises what the reader typed in the same way, derives the
same bits with Web Crypto, and decrypts the explanation only when the tag matches. Hints are not
secret (``check()`` shows them to anyone) and travel in plain text. For the hints that need a
comparison (too low / too high, how many items of a set are right, how many events are in the
right place) the page keeps salted SHA-256 digests of the key's bins, items and positions:
they answer the same questions ``check()`` answers, and nothing more.

What a determined reader can still do is what they can do with ``check()``: guess. A number's
direction hints lead to it by bisection, as they do in JupyterLab.
"""

from __future__ import annotations

import base64
import hashlib
import math
import os
import random

from ..answers import normalise_text
from ..exercises import defensible_explanation, item_letters, option_words, text_forms, wants_count
from ..i18n import _
from .aesgcm import derive, encrypt

ITERATIONS = 20_000          # PBKDF2 rounds per accepted form (about 8 ms in Python, a few ms in a browser)
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
    """A short salted SHA-256 (hex) for the hints' comparisons; the browser computes the same."""
    return hashlib.sha256(salt + text.encode("utf-8")).hexdigest()[:24]


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


def _tolerance(spec: dict) -> float:
    target = float(spec["answer"])
    tolerance = float(spec.get("tolerance", 0) or 0)
    if "tolerance_pct" in spec:
        tolerance = abs(target) * float(spec["tolerance_pct"]) / 100
    return tolerance


def _letters(spec: dict) -> list[str]:
    return [chr(ord("a") + i) for i in range(len(spec.get("options") or []))]


def _choice_index(spec: dict, answer) -> int:
    options = [normalise_text(o) for o in spec["options"]]
    given = normalise_text(answer)
    letters = _letters(spec)
    if given in letters:
        return letters.index(given)
    return options.index(given)


def accepted_forms(spec: dict, answer, accept=()) -> list[str]:
    """The normalised forms the browser builds from an answer ``check()`` accepts."""
    kind = spec.get("type", "text")
    if kind == "number":
        decimals, values = number_grid(float(answer), _tolerance({**spec, "answer": answer}))
        return [f"n:{decimals}:{v}" for v in values]
    if kind == "text":  # as written and without titles ('Interior Minister Cabello' -> 'cabello')
        answers = answer if isinstance(answer, list) else [answer]
        return sorted(f"t:{form}" for form in text_forms([normalise_text(a) for a in [*answers, *accept]]))
    if kind == "choice":
        return [f"c:{_choice_index(spec, answer)}"]
    if kind == "yesno":
        truth = answer if isinstance(answer, bool) else normalise_text(answer) in ("yes", "true", "y")
        return [f"y:{'yes' if truth else 'no'}"]
    if kind == "set":
        return ["s:" + "|".join(sorted({normalise_text(a) for a in answer}))]
    if kind == "order":
        return ["o:" + "|".join(normalise_text(a) for a in answer)]
    raise ValueError(f"unknown exercise type {kind!r}")


# ---------------------------------------------------------------- the payload
def payload(spec: dict, iterations: int = ITERATIONS, rng: random.Random | None = None) -> dict:
    """What a handout stores for one exercise: no answer, no explanation in clear."""
    rng = rng or random.SystemRandom()
    kind = spec.get("type", "text")
    salt = os.urandom(16)
    data: dict = {"id": spec["id"], "type": kind, "salt": _b64(salt), "it": iterations,
                  "hints": hints_for(spec), "praise": spec.get("praise") or _("Well done.")}
    groups = [(spec["answer"], spec.get("accept", []), spec.get("explanation", ""), "")]
    for alternative in spec.get("also_accepted") or []:  # its reasons, then the key's reading
        groups.append((alternative["answer"], [], defensible_explanation(spec, alternative), _(
            "The key can defend this answer, though its own answer is another: here is why yours "
            "holds, and the key's reading.")))
    keys, explanations = [], []
    for number, (answer, accept, explanation, note) in enumerate(groups):
        content_key = os.urandom(32)
        iv = os.urandom(12)
        explanations.append({"c": _b64(iv + encrypt(content_key, iv, explanation.encode("utf-8"))),
                             "note": note})
        for form in accepted_forms(spec, answer, accept):
            bits = derive(form, salt, iterations)
            wrap_iv = os.urandom(12)
            keys.append({"t": bits[32:44].hex(), "w": _b64(wrap_iv + encrypt(bits[:32], wrap_iv, content_key)),
                         "e": number})
    rng.shuffle(keys)
    data["keys"], data["ex"] = keys, explanations
    if kind == "number":
        data.update(_direction(spec, salt))
        data["count"] = wants_count(spec)  # '1.300' is then a thousand three hundred
    elif kind == "choice":
        data["options"] = [normalise_text(o) for o in spec["options"]]
        data["words"] = [forms[1:] for forms in option_words(spec)]  # the option in the page's words
    elif kind == "set":
        data.update(_set_items(spec, salt, iterations))
    elif kind == "order":
        wanted = [normalise_text(a) for a in spec["answer"]]
        data["n"] = len(wanted)
        data["pos"] = [digest(salt, f"p:{i}:{item}") for i, item in enumerate(wanted)]
        data["items"] = sorted(digest(salt, f"i:{item}") for item in wanted)
        data["letters"] = all(len(w) == 1 for w in wanted)
    if kind in ("set", "order"):
        data["nl"] = len(item_letters(spec))  # how many option letters: 'e' may be one
    return data


def _direction(spec: dict, salt: bytes) -> dict:
    """Salted digests of the bins (10**j wide, on the scaled grid) holding the answer, from
    coarse to fine: the browser finds the first bin where the reader's value leaves the
    answer's and searches the neighbours for the direction, as check() says low or high."""
    decimals, _values = number_grid(float(spec["answer"]), _tolerance(spec))
    centre = math.floor(float(spec["answer"]) * 10 ** decimals + 0.5)
    bins = [digest(salt, f"b:{j}:{centre // 10 ** j}") for j in range(16, -1, -1)]
    return {"dp": decimals, "bins": bins}


def _set_items(spec: dict, salt: bytes, iterations: int) -> dict:
    wanted = sorted({normalise_text(a) for a in spec["answer"]})
    aliases = []
    for alias, target in (spec.get("aliases") or {}).items():
        key = normalise_text(alias)
        bits = derive("alias:" + key, salt, max(1000, iterations // 20), 32)
        iv = os.urandom(12)
        aliases.append({"h": digest(salt, f"i:{key}"),
                        "c": _b64(iv + encrypt(bits, iv, normalise_text(target).encode("utf-8")))})
    return {"items": sorted(digest(salt, f"i:{w}") for w in wanted), "aliases": aliases,
            "letters": all(len(w) == 1 for w in wanted), "ait": max(1000, iterations // 20)}


def written_payload(block: dict) -> dict:
    """A written task's question and rubric (not secret: shown after the reader writes)."""
    return {"question": block.get("question", ""),
            "rubric": {str(k): str(v) for k, v in (block.get("rubric") or {}).items()}}
