"""Where things are: the pack's folders (data, lessons, translations, caches).

The bottom of the library: it imports nothing of the pack, so every module may import it.
Two environment variables move the folders (tests and learner copies use them):
``INTERVENTION_HISTORY_DATA`` (the folder holding ``datapackage.json``) and
``INTERVENTION_HISTORY_LESSONS`` (the lessons and their exercises files).

>>> data_dir().name
'data'
"""

from __future__ import annotations

import os
from pathlib import Path

HELPERS = Path(__file__).resolve().parent  # the package itself
ROOT = HELPERS.parent                      # the repository (or a learner copy)


def data_dir() -> Path:
    """The folder holding ``datapackage.json`` (override with ``INTERVENTION_HISTORY_DATA``)."""
    override = os.environ.get("INTERVENTION_HISTORY_DATA")
    return Path(override) if override else ROOT / "data"


def lessons_dir() -> Path:
    """The lessons and their exercises files (override with ``INTERVENTION_HISTORY_LESSONS``)."""
    override = os.environ.get("INTERVENTION_HISTORY_LESSONS")
    return Path(override) if override else ROOT / "lessons"


def data_locale() -> Path:
    """The tables' translations: ``data/locale/<language>/LC_MESSAGES/data.po``."""
    return data_dir() / "locale"


def lessons_locale() -> Path:
    """The lessons' translations: ``lessons/locale/<language>/LC_MESSAGES/<lesson>.po``."""
    return lessons_dir() / "locale"


def helpers_locale() -> Path:
    """What the helpers say, translated: ``helpers/locale/<language>/LC_MESSAGES/helpers.po``."""
    return HELPERS / "locale"


def cache_dir() -> Path:
    """Where the handouts' build keeps executed lessons (override with ``INTERVENTION_HISTORY_CACHE``)."""
    override = os.environ.get("INTERVENTION_HISTORY_CACHE")
    return Path(override) if override else ROOT / "build" / "cache"
