"""The pack's Altair theme: readable type and a colour-blind-safe palette (Okabe-Ito).

Series are never told apart by colour alone: the chart builders pair each colour with a
point shape and a line dash from the lists below.
"""

import altair as alt

from .formats import vega_locale
from .i18n import SOURCE, get_language

THEME_NAME = "intervention_history"

# Okabe & Ito (2008), ordered so the first colours keep contrast on white.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#8C6D31"]
SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down", "triangle-left", "stroke"]
DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [12, 4], [4, 6], [1, 3], [10, 2, 2, 2, 2, 2]]
# ---------------------------------------------------------------- one colour per category
# Every chart of the pack colours a category from this one mapping, so that a reason, a
# perspective or a kind of action has the same colour wherever a reader meets it (issue 27).
# Okabe-Ito first, then Paul Tol's muted scheme for the categories beyond eight; greys for
# "other" and "not recorded". Charts still label or shape each category (colour is never alone).
REASON_CODES = ("protect_citizens_property", "debt_and_finances", "order_and_stability", "anti_communism",
                "national_security", "democracy_and_elections", "drugs", "terrorism_and_narco_terrorism",
                "migration", "other", "not_recorded")
CATEGORY_COLOURS = {
    # stated reasons (region/interventions, region/stated_reasons, compare/framing)
    "protect_citizens_property": "#E69F00",
    "debt_and_finances": "#8C6D31",
    "order_and_stability": "#56B4E9",
    "anti_communism": "#D55E00",
    "national_security": "#0072B2",
    "democracy_and_elections": "#332288",
    "drugs": "#009E73",
    "terrorism_and_narco_terrorism": "#CC79A7",
    "migration": "#882255",
    "other": "#999999",
    "not_recorded": "#DDDDDD",
    # whose voice (documents' perspective, compare/framing)
    "us_government": "#0072B2",
    "target_government": "#D55E00",
    "partner_government": "#E69F00",
    "domestic_opposition": "#56B4E9",
    "armed_group": "#8C6D31",
    "affected_people": "#009E73",
    "critics_and_rights_groups": "#CC79A7",
    "regional_and_international": "#332288",
    "court_or_tribunal": "#882255",
    "scholar_or_journalist": "#999999",
    # what the US did (the interventions map)
    "armed_forces_used": "#D55E00",
    "no_armed_forces": "#0072B2",
}


def category_colours(codes) -> list[str]:
    """The colours of these category codes, in order, from CATEGORY_COLOURS.

    >>> category_colours(["drugs", "anti_communism"])
    ['#009E73', '#D55E00']
    """
    return [CATEGORY_COLOURS[code] for code in codes]


FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
TEXT = "#1a1a1a"
MUTED = "#4d4d4d"  # 8.6:1 on white


@alt.theme.register(THEME_NAME, enable=True)
def intervention_history_theme() -> alt.theme.ThemeConfig:
    """The theme, with the number and date formats of the language in use (Vega's locale:
    '10.000', 'sep 2025' in Spanish) wherever the chart is drawn: JupyterLab, a handout, a PDF."""

    config = _config()
    if get_language() != SOURCE:
        config["config"]["locale"] = vega_locale()
    return config


def _config() -> dict:
    return {
        "config": {
            "font": FONT,
            "background": "#ffffff",
            "view": {"stroke": None, "continuousWidth": 560, "continuousHeight": 300},
            "title": {"fontSize": 16, "fontWeight": 600, "anchor": "start", "color": TEXT,
                      "subtitleFontSize": 13, "subtitleColor": MUTED, "offset": 12},
            "axis": {"labelFontSize": 12, "titleFontSize": 13, "labelColor": TEXT,
                     "titleColor": TEXT, "gridColor": "#e6e6e6", "domainColor": MUTED,
                     "tickColor": MUTED, "titleFontWeight": 600},
            "legend": {"labelFontSize": 12, "titleFontSize": 13, "labelColor": TEXT,
                       "titleColor": TEXT, "orient": "bottom", "direction": "vertical",
                       "labelLimit": 400},
            "header": {"labelFontSize": 13, "titleFontSize": 13, "labelColor": TEXT},
            "range": {"category": PALETTE},
            "point": {"size": 70, "filled": True},
            "line": {"strokeWidth": 2.5},
            "text": {"fontSize": 12, "color": TEXT},
        }
    }


# ---------------------------------------------------------------- one colour per category
# Issue 28 (shared with the long view): colours() gives a chart the colours of its category codes
# from CATEGORY_COLOURS above (one mapping for the pack). Other tables name some of the same
# sides differently (an estimator's kind, a claim's speaker): ALIASES maps them to the code
# whose colour they take. A code neither names gets a colour no named code of the chart uses.
EXTRA = ["#882255", "#44AA99", "#332288", "#999933", "#AA4499", "#999999"]
ALIASES = {
    "panama_government": "target_government", "venezuelan_government": "target_government",
    "colombian_government": "partner_government", "venezuelan_opposition": "domestic_opposition",
    "human_rights_group": "critics_and_rights_groups", "un_and_rights_groups": "critics_and_rights_groups",
    "commission": "court_or_tribunal", "us_military": "us_government", "media": "scholar_or_journalist",
}


def has_colour(code) -> bool:
    """Whether a code has the pack's own colour (directly or through ALIASES)."""
    return ALIASES.get(str(code), str(code)) in CATEGORY_COLOURS


def colours(kind: str, codes) -> list[str]:
    """The colour of each code, in order: the same code has the same colour in every chart.
    ``kind`` says what the codes are ("reason", "actor_kind"), for the reader of the call.

    >>> colours("reason", ["drugs", "anti_communism"]) == category_colours(["drugs", "anti_communism"])
    True
    >>> colours("actor_kind", ["panama_government"]) == colours("actor_kind", ["target_government"])
    True
    """
    codes = [str(code) for code in codes]
    named = {code: CATEGORY_COLOURS[ALIASES.get(code, code)] for code in codes if has_colour(code)}
    spare = [c for c in PALETTE + EXTRA if c not in set(named.values())]
    return [named[code] if code in named else (spare.pop(0) if spare else "#4d4d4d") for code in codes]
