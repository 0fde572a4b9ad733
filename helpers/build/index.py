"""The handouts' index page: every lesson with its duration, objectives and both editions."""

from __future__ import annotations

import html
from pathlib import Path

from .export import _assets, file_name


def write_index(lessons: list[dict], out_dir: Path, failed: dict[str, str]) -> Path:
    """``lessons``: dicts with stem, title, duration, objectives. ``failed``: stem -> error."""
    css, _ = _assets()
    items = []
    for info in lessons:
        objectives = "".join(f"<li>{html.escape(o)}</li>" for o in info["objectives"])
        stem = info["stem"]
        if stem in failed:
            label = "Not built yet" if failed[stem].startswith("not built yet") else "Not built"
            links = f"<p><strong>{label}:</strong> {html.escape(failed[stem])}</p>"
        else:
            links = (f'<p><a href="{file_name(stem, "learner")}">Learner edition</a> · '
                     f'<a href="{file_name(stem, "facilitator")}">Facilitator edition (with answers)</a></p>')
        duration = f"<p class='ih-duration'>{html.escape(info['duration'])}</p>" if info["duration"] else ""
        items.append(f"<li><h2>{html.escape(info['title'])}</h2>{duration}"
                     f"{'<p>Objectives:</p><ul>' + objectives + '</ul>' if objectives else ''}{links}</li>")
    page = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<title>Intervention History: handouts</title>"
        f"<style>{css}\nmain{{max-width:62rem;margin:0 auto;padding:1rem 1.5rem}}"
        "ol.ih-lessons{list-style:none;padding:0}"
        "ol.ih-lessons>li{border-top:1px solid #ccc;padding:0.5rem 0}"
        "ol.ih-lessons h2{break-before:auto}</style></head><body><main>"
        "<h1>Intervention History: US intervention in Latin America</h1>"
        "<p>Handouts for study groups: Panama 1989, Plan Colombia, and Venezuela 2015-2026, "
        "compared, with every figure sourced. Each lesson has a learner edition and a facilitator "
        "edition with the answers. They work offline and print on A4.</p>"
        f"<ol class='ih-lessons'>{''.join(items)}</ol></main></body></html>"
    )
    path = out_dir / "index.html"
    path.write_text(page, encoding="utf-8")
    return path
