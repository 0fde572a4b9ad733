"""Errors the pack raises, each written for a learner to read and act on."""


class PackError(ValueError):
    """Base class: something a learner asked for or edited is not as expected."""


class UnknownNameError(PackError, LookupError):
    """A table, source, case or exercise name that the pack does not know."""

    def __str__(self):  # LookupError would show the message in quotes
        return self.args[0] if self.args else ""


class DataFileError(PackError):
    """A file in ``data/`` does not match its schema (edited, truncated, re-encoded...)."""

    def __init__(self, message, problems=()):
        super().__init__(message)
        self.problems = list(problems)


def suggest(name, options, what="name", see=None):
    """Return an :class:`UnknownNameError` that names the closest valid options.

    >>> str(suggest("panama/casualty_estmates", ["panama/casualty_estimates"], "table"))
    "Unknown table 'panama/casualty_estmates'. Did you mean 'panama/casualty_estimates'?"
    """
    import difflib

    options = list(options)
    if not str(name).strip():  # "" would be "in" every option: no arbitrary suggestions
        message = f"The {what} given is empty text: write one, like {options[0]!r}." if options \
            else f"The {what} given is empty text."
        return UnknownNameError(message + (f" See {see}." if see else ""))
    close = difflib.get_close_matches(str(name), options, n=3, cutoff=0.5)
    if not close:  # a bare table name without its case ("casualty_estimates")
        close = [o for o in options if str(name).lower() in o.lower()][:3]
    message = f"Unknown {what} {name!r}."
    if close:
        message += " Did you mean " + " or ".join(repr(c) for c in close) + "?"
    else:
        message += " Valid options: " + ", ".join(repr(o) for o in options[:12])
        message += ", ..." if len(options) > 12 else ""
        message = message + "."
    if see:
        message += f" See {see}."
    return UnknownNameError(message)
