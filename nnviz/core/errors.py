"""Errors the core raises with a message that tells the user what to change."""


class NetworkError(ValueError):
    """A network, loss or data set that cannot be computed (bad combination or shapes)."""


class FileFormatError(ValueError):
    """A .nnviz file that cannot be loaded; `problems` lists every "place: message"."""

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("; ".join(self.problems))
