"""Widgets as a kernel runs them: a sensible default first, callbacks that redraw, and a
static default view for handouts (never a bare widget repr)."""

from __future__ import annotations

import pytest
from IPython.core.interactiveshell import InteractiveShell

from helpers import comparison_explorer, estimate_ranges, load, predict, timeline
from helpers.widgets import guesses, pick_view


@pytest.fixture(autouse=True)
def shell():
    """A shell, so views display their outputs as they would in a kernel."""
    return InteractiveShell.instance()


def _outputs(box):
    return [w for w in box.children if type(w).__name__ == "Output"][0].outputs


def test_pick_view_shows_a_default_and_redraws_on_change():
    deaths = load("panama/casualty_estimates")
    view = pick_view(["killed", "wounded"], lambda m: estimate_ranges(deaths[deaths["measure"] == m], title=m))
    menu = view.widget.children[0]
    assert menu.value == "killed"
    first = str(_outputs(view.widget))
    assert "killed" in first
    menu.value = "wounded"
    assert "wounded" in str(_outputs(view.widget)) and str(_outputs(view.widget)) != first


def test_views_carry_a_static_default_for_handouts():
    deaths = load("panama/casualty_estimates")
    view = pick_view(["killed", "wounded"], lambda m: estimate_ranges(deaths[deaths["measure"] == m], title=m))
    bundle = view._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "ih-chart" in bundle["text/html"] and "Interactive in the notebook" in bundle["text/html"]
    assert "VBox(" not in bundle["text/html"]


def test_comparison_explorer_redraws_and_reports_an_empty_choice():
    view = comparison_explorer()
    dimensions, cases = view.widget.pickers
    assert len(dimensions.value) >= 1 and len(cases.value) == 3
    cases.value = ("panama",)
    shown = str(view.widget.children[1].outputs)
    assert "panama" in shown
    cases.value = ()
    assert "Nothing to compare" in str(view.widget.children[1].outputs)
    assert "ih-matrix" in view.static_html


def test_comparison_explorer_opens_where_the_cases_differ():
    """Lesson 04 (issue 26): it opens on scale and human cost, the measures that cannot be
    compared ticked in, and the handout shows that view, not the shared measures."""
    from helpers.errors import PackError

    view = comparison_explorer(start=["scale", "human_cost"], show_all=True)
    dimensions, _cases = view.widget.pickers
    assert dimensions.value == ("scale", "human_cost") and view.widget.show_all.value
    assert "deaths_low_high" in view.static_html and "us_troops" in view.static_html
    assert "drugs_cited" not in view.static_html and "Scale, Human cost" in view.static_html  # in words
    assert "drugs_cited" in comparison_explorer().static_html
    with pytest.raises(PackError, match="human_cost"):
        comparison_explorer(start=["human_costs"])


@pytest.mark.parametrize("args, words", [
    ((None, "How many?", "chart"), "takes a name for the guess first"),
    (("", "How many?", "chart"), "takes a name for the guess first"),
    (("k1", None, "chart"), "takes the question as text"),
    (("k1", "How many?", None), "needs something to reveal"),
])
def test_predict_with_a_missing_argument_says_which(args, words):
    """Issue 22: predict("k1", None, chart) gave AttributeError, predict(None, ...) was accepted."""
    from helpers.errors import PackError

    with pytest.raises(PackError, match=words):
        predict(*args)


def test_predict_reveals_only_after_a_guess():
    reveal = timeline(load("panama/events"), title="Events")
    view = predict("test-guess", "How many?", reveal, compare=lambda g: f"You said {g}.")
    box = view.widget
    output = box.children[-1]
    box.submit()
    assert output.outputs == ()  # no guess yet: nothing revealed
    box.guess_box.value = "500"
    box.submit()
    assert output.outputs and guesses()["test-guess"] == "500"
    assert "You said 500." in box.children[2].value


@pytest.mark.parametrize("language,words", [
    ("es", ("Primero, predice.", "Tu estimación:", "Guardar mi estimación", "Mostrar", "Dimensiones")),
    ("pt", ("Primeiro, dê seu palpite.", "Seu palpite:", "Registrar meu palpite", "Mostrar", "Dimensões"))])
def test_widgets_speak_the_language_in_use(language, words):
    from helpers.i18n import using_language

    deaths = load("panama/casualty_estimates")
    with using_language(language):
        guess = predict("test-lang", "?", timeline(load("panama/events").head(3), title="E"))
        view = pick_view(["killed"], lambda m: estimate_ranges(deaths[deaths["measure"] == m], title=m))
        explorer = comparison_explorer()
        guess.widget.submit()  # no guess typed: the reminder
    said = [str(guess.static_html), guess.widget.children[0].value, guess.widget.children[1].children[0].description,
            guess.widget.children[1].children[1].description, view.widget.children[0].description,
            view.static_html, explorer.widget.pickers[0].description]
    text = " ".join(said)
    for word in words:
        assert word in text, (word, text[:300])
    for english in ("Predict first", "Your guess", "Record my guess", "Interactive in the notebook", "Dimensions"):
        assert english not in text, english
    with pytest.raises(Exception, match="predict"):
        predict(None, "?", None)
