"""The pack's Altair theme: readable type and a colour-blind-safe palette (Okabe-Ito).

Series are never told apart by colour alone: the chart builders pair each colour with a
point shape and a line dash from the lists below.
"""

import altair as alt

THEME_NAME = "intervention_history"

# Okabe & Ito (2008), ordered so the first colours keep contrast on white.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#8C6D31"]
SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down", "triangle-left", "stroke"]
DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [12, 4], [4, 6], [1, 3], [10, 2, 2, 2, 2, 2]]
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
TEXT = "#1a1a1a"
MUTED = "#4d4d4d"  # 8.6:1 on white


@alt.theme.register(THEME_NAME, enable=True)
def intervention_history_theme() -> alt.theme.ThemeConfig:
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
