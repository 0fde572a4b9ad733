"""The pack's exception classes. They sit at the bottom of the library with ``paths``: they
import nothing of the pack, so language handling can raise them (``helpers.errors`` adds the
messages that name what was wrong and re-exports these)."""


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
