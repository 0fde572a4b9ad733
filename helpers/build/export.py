"""Exporting one edition of a lesson to a single offline HTML file with nbconvert."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

from ..render import bundle_script
from .editions import edition

HERE = Path(__file__).resolve().parent
LABELS = {"learner": "Learner edition", "facilitator": "Facilitator edition (with answers)"}


@functools.lru_cache(maxsize=1)
def _exporter():
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.remove_input_tags = {"remove-input", "hide-input"}
    config.TagRemovePreprocessor.remove_all_outputs_tags = {"remove-output"}
    config.TagRemovePreprocessor.enabled = True
    exporter = HTMLExporter(config=config, template_name="handout",
                            extra_template_basedirs=[str(HERE / "templates")])
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.register_preprocessor(TagRemovePreprocessor(config=config), enabled=True)
    return exporter


@functools.lru_cache(maxsize=1)
def _assets() -> tuple[str, str]:
    return (HERE / "assets" / "handout.css").read_text(encoding="utf-8"), bundle_script()


def file_name(stem: str, which: str) -> str:
    return f"{stem}.html" if which == "learner" else f"{stem}.facilitator.html"


def export(notebook, stem: str, which: str, out_dir: Path) -> Path:
    """Write ``<stem>.html`` (learner) or ``<stem>.facilitator.html`` and return its path."""
    css, bundle = _assets()
    other = "facilitator" if which == "learner" else "learner"
    node = edition(notebook, which)
    node.metadata["title"] = f"{lesson_title(notebook, stem)} ({LABELS[which]})"
    resources = {
        "ih_css": css, "ih_bundle": bundle, "ih_edition_label": LABELS[which],
        "ih_other_link": f'<a href="{file_name(stem, other)}">{LABELS[other]}</a>',
        "ih_built": dt.date.today().isoformat(), "language_code": "en",
        "metadata": {"name": stem},
    }
    body, _ = _exporter().from_notebook_node(node, resources=resources)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / file_name(stem, which)
    path.write_text(body, encoding="utf-8")
    return path


def lesson_info(notebook, stem: str) -> dict:
    """Title, duration and objectives from the notebook's ``intervention_history`` metadata."""
    info = dict(notebook.metadata.get("intervention_history", {}))
    info.setdefault("title", lesson_title(notebook, stem))
    info.setdefault("duration", "")
    info.setdefault("objectives", [])
    return info


def lesson_title(notebook, stem: str) -> str:
    meta = notebook.metadata.get("intervention_history", {})
    if meta.get("title"):
        return meta["title"]
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return stem
