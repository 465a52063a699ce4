"""How problems reach people: long lists cut to the first few, and user text made safe to print.

Every list of problems (a file's, a CSV's) goes through `capped`, so the CLI's one line and the app's
dialog stay short however broken the input; every piece of user text quoted in a message or a report
(a title, a key, a file name) goes through `printable`, so it cannot break a line or a terminal.
"""
import re

MAX_PROBLEMS = 20  # listed before "... and N more of the same kind"
MAX_QUOTED = 60  # characters of user text quoted in a message

_NUMBER_OR_QUOTE = re.compile(r'"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?')
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")


def kind(problem: str) -> str:
    """What a problem says with its numbers and quoted values left out: problems of one kind share it."""
    return _NUMBER_OR_QUOTE.sub("#", problem)


def more_line(count: int, place: str = "", kinds: int = 1) -> str:
    """The line that stands for `count` problems not listed, all of the `kinds` kinds shown."""
    prefix = f"{place}: " if place else ""
    return f"{prefix}... and {count:,} more of the same kind{'' if kinds == 1 else 's as above'}"


def capped(problems, limit: int = MAX_PROBLEMS, place: str = "", total: int | None = None) -> list[str]:
    """At most `limit` problems (the first of each kind before repeats of any), then how many more.

    `total` is how many there are when only the first few were worded (the rest are counted, not
    formatted, so a file with millions of bad values costs no more than one with a few).
    """
    problems = list(problems)
    total = len(problems) if total is None else total
    if total <= limit:
        return problems
    firsts, seen = [], set()
    for n, problem in enumerate(problems):
        k = kind(problem)
        if k not in seen:
            seen.add(k)
            firsts.append(n)
    chosen = set(firsts[:limit])
    for n in range(len(problems)):
        if len(chosen) >= limit:
            break
        chosen.add(n)
    shown = [problems[n] for n in sorted(chosen)]
    hidden = total - len(shown)
    if len(seen) > limit:  # some kinds are not shown at all
        return shown + [f"{place + ': ' if place else ''}... and {hidden:,} more problems, "
                        f"some of other kinds; fix these first, then load the file again to see the rest"]
    return shown + [more_line(hidden, place, len(seen))]


def printable(text, limit: int | None = MAX_QUOTED) -> str:
    """`text` with control characters and unpaired surrogates written as escapes (\\n, \\x1b, \\ud800),
    shortened to `limit` characters (None: any length), so it prints on one line and cannot drive a terminal."""
    text = str(text)
    if limit is not None and len(text) > limit:
        text = text[:limit - 3] + "..."
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def unsavable_text(text: str) -> str | None:
    """Why a string cannot be written as UTF-8 (an unpaired surrogate such as \\ud800), or None if it can."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        bad = text[error.start].encode("unicode_escape").decode("ascii")
        return (f"contains {bad} at character {error.start + 1}, half of a character pair that cannot be "
                "saved as text; remove it or retype that text")
    return None
