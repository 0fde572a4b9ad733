"""A warm build renders only what changed: unchanged lessons keep their pages (the warm
three-language rebuild stays within seconds), and a missing page is written again."""

from __future__ import annotations

import pytest


@pytest.mark.slow
def test_unchanged_pages_are_kept_and_missing_ones_rewritten(tmp_path, capsys):
    from helpers.build.__main__ import build_handouts, find_lessons

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
