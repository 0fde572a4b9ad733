"""Errors the pack raises, each written for a learner to read and act on."""

from .exceptions import DataFileError, PackError, UnknownNameError  # noqa: F401 (the pack imports them from here)
from .i18n import _


def suggest(name, options, what="name", see=None):
    """Return an :class:`UnknownNameError` that names the closest valid options.

    >>> str(suggest("panama/casualty_estmates", ["panama/casualty_estimates"], "table"))
    "Unknown table 'panama/casualty_estmates'. Did you mean 'panama/casualty_estimates'?"
    """
    import difflib

    options = list(options)
    what = _(what)
    if not str(name).strip():  # "" would be "in" every option: no arbitrary suggestions
        message = (_("The {what} given is empty text: write one, like {example}.").format(
            what=what, example=repr(options[0])) if options
            else _("The {what} given is empty text.").format(what=what))
        return UnknownNameError(message + (" " + _("See {see}.").format(see=see) if see else ""))
    close = difflib.get_close_matches(str(name), options, n=3, cutoff=0.5)
    if not close:  # a bare table name without its case ("casualty_estimates")
        close = [o for o in options if str(name).lower() in o.lower()][:3]
    shown = str(name) if len(str(name)) <= 60 else str(name)[:60] + "..."
    message = _("Unknown {what} {name}.").format(what=what, name=repr(shown))
    if close:
        message += " " + _("Did you mean {options}?").format(
            options=_(" or ").join(repr(c) for c in close))
    else:
        listed = ", ".join(repr(o) for o in options[:12]) + (", ..." if len(options) > 12 else "")
        message += " " + _("Valid options: {options}.").format(options=listed)
    if see:
        message += " " + _("See {see}.").format(see=see)
    return UnknownNameError(message)


def _names_for_extraction():  # pragma: no cover - never called: lists suggest()'s `what` words
    return (_("table"), _("exercise id"), _("lesson"), _("case"), _("document id"), _("source id"),
            _("glossary term"), _("perspective"), _("indicator"), _("name"), _(" or "))
