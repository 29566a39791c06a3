"""Trade units and numbers, read the same way in product text and in queries.

Shoppers and catalogs write one measure many ways: `2m`, `2 m`, `2 meter`; `3/4 in.`, `3/4"`,
`0.75 in`; `1-gal.`, `1 gallon`; `2x4`, `2 in. x 4 in.`. The minimal Elasticsearch has no
analysis-common, so Aisle rewrites every spelling to one before indexing and before querying:

- a fraction becomes its decimal (`3/4` → `0.75`, `1-3/8` → `1.375`); an inch mark `"` after a
  number becomes `in`; a `'` after one is dropped (shoppers use it for feet and for inches);
- a unit word becomes its short form (`inch`, `inches` → `in`; `gallon` → `gal`; `volt` → `v`);
- a number followed by a unit (written apart or together) gives the number, the unit and the
  measure as one token (`2m`, `2 meter` → `2 m 2m`), so a query holding any spelling requires
  only tokens that every other spelling also yields;
- an `x` between two numbers gives the dimension as one token in its place (`2 in. x 4 in.` →
  `2 in 2in 2x4 4 in 4in`; `2x4` → `2 2x4 4`).

Invariant: `measures(measures(t)) == measures(t)` for any token list `t` the tokenizer yields.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Unit spellings → the short form indexed. Short forms map to themselves so attached forms
# ("60w", "12v") can be split; single letters only where trade text uses them as units.
UNITS: dict[str, str] = {
    **dict.fromkeys(["in", "inch", "inche", "inches"], "in"),
    **dict.fromkeys(["ft", "foot", "feet"], "ft"),
    **dict.fromkeys(["yd", "yard", "yards"], "yd"),
    **dict.fromkeys(["mm", "millimeter", "millimeters", "millimetre", "millimetres"], "mm"),
    **dict.fromkeys(["cm", "centimeter", "centimeters", "centimetre", "centimetres"], "cm"),
    **dict.fromkeys(["m", "meter", "meters", "metre", "metres"], "m"),
    **dict.fromkeys(["gal", "gallon", "gallons"], "gal"),
    **dict.fromkeys(["qt", "quart", "quarts"], "qt"),
    **dict.fromkeys(["oz", "ounce", "ounces"], "oz"),
    **dict.fromkeys(["lb", "lbs", "pound", "pounds"], "lb"),
    **dict.fromkeys(["kg", "kilogram", "kilograms"], "kg"),
    **dict.fromkeys(["v", "volt", "volts"], "v"),
    **dict.fromkeys(["w", "watt", "watts"], "w"),
    **dict.fromkeys(["kw", "kilowatt", "kilowatts"], "kw"),
    **dict.fromkeys(["amp", "amps", "ampere", "amperes"], "amp"),
    **{unit: unit for unit in ["mah", "psi", "btu", "gpf", "gpm", "hz", "khz", "mhz", "ghz"]},
    **{unit: unit for unit in ["mb", "gb", "tb"]},
}

NUMBER = re.compile(r"\d+(?:\.\d+)?\Z")
# A number with a unit or a dimension attached: "60w", "2.5mm", "2x4", "2x4x8".
ATTACHED = re.compile(r"(\d+(?:\.\d+)?)([a-z]+)\Z")
DIMENSION = re.compile(r"\d+(?:\.\d+)?(?:x\d+(?:\.\d+)?)+\Z")
# Fractions a < b ≤ 64, optionally after a whole number ("1-3/8", "2 1/2").
FRACTION = re.compile(r"(?<![\d./])(?:(\d+)[- ])?(\d{1,2})/(\d{1,2})(?![\d/])")
# Inch marks: ", '', right double quote, double prime (NFKD folds it to two primes).
INCH_MARK = re.compile(r"(?<=\d)\s*(?:\"|''|\u201d|\u2033|\u2032\u2032)")
# Foot marks: ', right single quote, prime; not an apostrophe before a letter. Shoppers type
# them for inches too ("1 1/2' junction box", ".5' brad nails"; titles always say "ft."), so
# the mark is dropped and the bare number matches either unit.
FOOT_MARK = re.compile(r"(?<=\d)\s*(?:'|\u2019|\u2032)(?![a-z])")
BARE_DECIMAL = re.compile(r"(?<![\w.])\.(\d)")
MAX_DENOMINATOR = 64


def rewrite_marks(text: str) -> str:
    """Rewrite fractions as decimals and inch/foot marks as words, in folded text."""
    text = FRACTION.sub(_decimal, text)
    text = INCH_MARK.sub(" in ", text)
    text = FOOT_MARK.sub(" ", text)
    return BARE_DECIMAL.sub(r"0.\1", text)


def _decimal(match: re.Match[str]) -> str:
    """Return one fraction as a decimal, or unchanged when it is no fraction (4500/4500, 12/6)."""
    whole, top, bottom = match.group(1), int(match.group(2)), int(match.group(3))
    if not 0 < top < bottom <= MAX_DENOMINATOR:
        return match.group(0)
    value = top / bottom + (int(whole) if whole else 0)
    return format_number(value)


def format_number(value: float) -> str:
    """Return a number in its shortest decimal form, at most four places (0.75, 1.375, 2)."""
    return f"{value:.4f}".rstrip("0").rstrip(".")


def measures(words: Iterable[str]) -> list[str]:
    """Return tokens with units made canonical, each measure and dimension also as one token."""
    return _derive(_base(list(words)))


def _base(words: list[str]) -> list[str]:
    """Return the canonical spelled-out tokens: units short, attached measures split.

    A joined measure or dimension right where `_derive` puts one is its output read again:
    it is dropped (a dimension turns back into its "x"), so normalising twice changes nothing.
    """
    out: list[str] = []
    last_number: str | None = None  # the latest number, while only its unit followed
    for i, word in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else None
        if DIMENSION.match(word):
            numbers = word.split("x")
            if len(numbers) == 2 and last_number == numbers[0] and following == numbers[1]:
                out.append("x")
                last_number = None
                continue
            out.append(numbers[0])
            for number in numbers[1:]:
                out.extend(["x", number])
            last_number = numbers[-1]
            continue
        attached = ATTACHED.match(word)
        if attached and attached.group(2) in UNITS:
            number, unit = attached.group(1), UNITS[attached.group(2)]
            if out[-2:] != [number, unit]:
                out.extend([number, unit])
            last_number = number
        elif NUMBER.match(word):
            out.append(word)
            last_number = word
        elif word in UNITS and out and out[-1] == last_number:
            out.append(UNITS[word])  # a number's unit: the number stays the latest
        else:
            out.append(UNITS.get(word, word))
            last_number = None
    return out


def _derive(base: list[str]) -> list[str]:
    """Add each measure as one token after its parts, and put dimensions in place of "x"."""
    out: list[str] = []
    last_number: str | None = None
    for i, word in enumerate(base):
        following = base[i + 1] if i + 1 < len(base) else None
        if NUMBER.match(word):
            out.append(word)
            last_number = word
        elif word in UNITS and out and out[-1] == last_number:
            out.extend([word, f"{last_number}{word}"])
        elif word == "x" and last_number and following and NUMBER.match(following):
            out.append(f"{last_number}x{following}")
            last_number = None
        else:
            out.append(word)
            last_number = None
    return out
