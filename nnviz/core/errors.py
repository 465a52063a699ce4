"""Errors the core raises with a message that tells the user what to change."""
from .messages import capped


class NetworkError(ValueError):
    """A network, loss or data set that cannot be computed (bad combination or shapes)."""


class FileFormatError(ValueError):
    """A file (or path) nnviz cannot read or write; `problems` lists every "place: message".

    However many problems there are, `problems` holds at most messages.MAX_PROBLEMS of them and a
    line counting the rest, so every place that shows them (CLI, dialogs) stays short.
    """

    def __init__(self, problems: list[str] | str):
        self.problems = capped([problems] if isinstance(problems, str) else problems)
        super().__init__("; ".join(self.problems))
