"""Parsing what a user types as a number (0.5, -1e-3, 1/2) and formatting numbers for display."""
import math
import re

_FRACTION = re.compile(r"^\s*([+-]?[^/\s]+)\s*/\s*([+-]?[^/\s]+)\s*$")


def parse_number(text: str) -> float:
    """A finite float from text like `0.5`, `-1e-3`, `1/2` or `−2` (Unicode minus); ValueError says why not."""
    cleaned = text.strip().replace("\u2212", "-")
    if cleaned.count(",") == 1 and "." not in cleaned:  # a decimal comma, as many locales write it
        cleaned = cleaned.replace(",", ".")
    if not cleaned:
        raise ValueError("enter a number")
    fraction = _FRACTION.match(cleaned)
    try:
        if fraction:
            numerator, denominator = float(fraction.group(1)), float(fraction.group(2))
            if denominator == 0:
                raise ValueError(f'"{text.strip()}" divides by zero')
            value = numerator / denominator
        else:
            value = float(cleaned)
    except ValueError as error:
        if "divides by zero" in str(error):
            raise
        raise ValueError(f'"{text.strip()}" is not a number (examples: 0.5, -1e-3, 1/2)') from None
    if not math.isfinite(value):
        raise ValueError(f'"{text.strip()}" is not a finite number')
    return value


def format_number(value: float, digits: int = 4) -> str:
    """`value` with `digits` significant digits, without trailing zeros or a negative zero."""
    if value is None:
        return ""
    if not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("∞" if value > 0 else "−∞")
    if value == 0:
        return "0"
    text = f"{value:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        if "." in mantissa:
            mantissa = mantissa.rstrip("0").rstrip(".")
        text = f"{mantissa}e{int(exponent)}"
    return text


def exact_text(value: float) -> str:
    """The shortest text that reads back as exactly this float64 (for tooltips and copying)."""
    return repr(float(value))
