"""Synonym sets: parse and check Solr or CSV text, write it back, and expand queries with it.

Expansion happens in Aisle at query time (the minimal Elasticsearch has no synonym filter), so
a publish takes effect at once and nothing is reindexed. Terms are compared in the analysed
form the index uses (folded, singular), so case, accents and plurals do not matter.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from core.errors import InvalidInputError
from core.spreadsheet import safe_cell, unquoted_cell
from core.text import stem_text
from merchandising.schemas import SynonymEntry, SynonymSetData
from retrieval.plan import SynonymKind, Variant

MAX_ENTRIES = 20_000  # per set
MAX_ACTIVE_TERMS = 200_000  # over every enabled set
MAX_TERMS_PER_ENTRY = 50
MAX_TERM_WORDS = 6
MAX_TERM_LENGTH = 100
# Query variants one search may carry: each costs one more clause in the Elasticsearch query.
MAX_VARIANTS = 16
FUZZY_MIN_LENGTH = 5
CSV_HEADER = ["kind", "terms", "targets"]


def parse(text: str, *, fmt: str, corrections: bool) -> list[SynonymEntry]:
    """Parse a set's text, raising an error that names the first bad line."""
    rows = _solr_rows(text, corrections) if fmt == "solr" else _csv_rows(text)
    entries = []
    for line_no, entry in rows:
        entries.append(_checked(entry, line_no))
    if len(entries) > MAX_ENTRIES:
        raise InvalidInputError(
            f"the set has {len(entries)} entries; at most {MAX_ENTRIES} are allowed per set",
            loc=("body", "text"),
        )
    return entries


def _solr_rows(text: str, corrections: bool) -> Iterable[tuple[int, SynonymEntry]]:
    """Yield entries of Solr synonyms.txt: 'a, b' both ways; 'a => b' one way."""
    one_way = SynonymKind.CORRECTION if corrections else SynonymKind.ONE_WAY
    for line_no, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if "=>" in line:
            parts = line.split("=>")
            if len(parts) != 2:
                raise _line_error(line_no, "has more than one '=>'")
            yield (
                line_no,
                SynonymEntry(
                    kind=one_way, terms=_split(parts[0], ","), targets=_split(parts[1], ",")
                ),
            )
        elif corrections:
            raise _line_error(line_no, "is not 'wrong => right': a corrections set is one-way")
        else:
            yield line_no, SynonymEntry(kind=SynonymKind.SYNONYM, terms=_split(line, ","))


def _csv_rows(text: str) -> Iterable[tuple[int, SynonymEntry]]:
    """Yield entries of CSV rows 'kind,terms,targets' (terms and targets split by '|')."""
    for line_no, cells in enumerate(csv.reader(io.StringIO(text)), start=1):
        row = [unquoted_cell(cell) for cell in cells]  # as to_csv guarded them
        if not row or not "".join(row).strip() or row[0].strip().startswith("#"):
            continue
        if [cell.strip().lower() for cell in row] == CSV_HEADER:
            continue
        if len(row) not in (2, 3):
            raise _line_error(line_no, "needs the columns kind,terms,targets")
        kind = row[0].strip().lower()
        if kind not in {k.value for k in SynonymKind}:
            raise _line_error(line_no, f"has kind {kind!r}; use synonym, one_way or correction")
        targets = _split(row[2], "|") if len(row) == 3 and row[2].strip() else []
        yield (
            line_no,
            SynonymEntry(kind=SynonymKind(kind), terms=_split(row[1], "|"), targets=targets),
        )


def _split(text: str, sep: str) -> list[str]:
    """Split a list of terms, squeezing spaces (empty terms are kept to be reported)."""
    return [" ".join(term.split()) for term in text.split(sep)]


def _checked(entry: SynonymEntry, line_no: int) -> SynonymEntry:
    """Refuse empty, overlong or self-referring terms, naming the line."""
    for term in (*entry.terms, *entry.targets):
        if not stem_text(term):
            raise _line_error(line_no, "has an empty term")
        if len(term) > MAX_TERM_LENGTH or len(term.split()) > MAX_TERM_WORDS:
            raise _line_error(
                line_no,
                f"has a term longer than {MAX_TERM_WORDS} words or {MAX_TERM_LENGTH} characters",
            )
    if len(entry.terms) + len(entry.targets) > MAX_TERMS_PER_ENTRY:
        raise _line_error(line_no, f"has more than {MAX_TERMS_PER_ENTRY} terms")
    if entry.kind is SynonymKind.SYNONYM:
        if entry.targets:
            raise _line_error(line_no, "is a two-way synonym and takes no targets")
        if len({stem_text(t) for t in entry.terms}) < 2:
            raise _line_error(line_no, "needs at least two different terms")
    else:
        if not entry.targets:
            raise _line_error(line_no, "has no term after '=>'")
        both = {stem_text(t) for t in entry.terms} & {stem_text(t) for t in entry.targets}
        if both:
            raise _line_error(line_no, f"has {min(both)!r} on both sides of '=>'")
    return entry


def _line_error(line_no: int, problem: str) -> InvalidInputError:
    """Return the error for one bad line."""
    return InvalidInputError(f"line {line_no} {problem}", loc=("body", "text"))


def check_sets(sets: Sequence[SynonymSetData]) -> None:
    """Refuse one-way cycles and an oversized total over the enabled sets."""
    enabled = [s for s in sets if s.enabled]
    total = sum(len(e.terms) + len(e.targets) for s in enabled for e in s.entries)
    if total > MAX_ACTIVE_TERMS:
        raise InvalidInputError(
            f"the enabled sets hold {total} terms; at most {MAX_ACTIVE_TERMS} may be active",
            loc=("body", "text"),
        )
    edges: dict[str, set[str]] = {}
    for synonym_set in enabled:
        for entry in synonym_set.entries:
            if entry.kind is SynonymKind.SYNONYM:
                continue
            for term in entry.terms:
                edges.setdefault(stem_text(term), set()).update(stem_text(t) for t in entry.targets)
    cycle = _find_cycle(edges)
    if cycle:
        raise InvalidInputError(
            "the one-way synonyms form a cycle "
            + " => ".join(cycle)
            + "; write equivalent terms as one two-way line instead",
            loc=("body", "text"),
        )


def _find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """Return one cycle of the directed graph as a path (first node repeated), or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for start in sorted(edges):
        if state.get(start):
            continue
        path = [start]
        stack = [iter(sorted(edges.get(start, ())))]
        state[start] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            elif not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(sorted(edges.get(nxt, ()))))
    return None


def to_solr(entries: Sequence[SynonymEntry]) -> str:
    """Write entries as Solr synonyms.txt lines."""
    lines = []
    for entry in entries:
        left = ", ".join(entry.terms)
        lines.append(
            left if entry.kind is SynonymKind.SYNONYM else f"{left} => {', '.join(entry.targets)}"
        )
    return "\n".join(lines) + ("\n" if lines else "")


def to_csv(entries: Sequence[SynonymEntry]) -> str:
    """Write entries as CSV rows kind,terms,targets, no cell readable as a formula."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for entry in entries:
        cells = (entry.kind.value, "|".join(entry.terms), "|".join(entry.targets))
        writer.writerow([safe_cell(cell) for cell in cells])
    return out.getvalue()


@dataclass
class SynonymIndex:
    """Enabled synonyms, compiled for lookup by analysed word sequences."""

    alternatives: dict[tuple[str, ...], dict[str, SynonymKind]] = field(default_factory=dict)
    longest: int = 0
    # Single long words by first letter, to find a synonym despite a typo in the query.
    by_initial: dict[str, list[str]] = field(default_factory=dict)

    @property
    def size(self) -> int:
        """Return how many terms have alternatives."""
        return len(self.alternatives)

    def add(self, term: str, alternative: str, kind: SynonymKind) -> None:
        """Let `term` also find `alternative` (a synonym outranks a correction)."""
        key = tuple(stem_text(term).split())
        target = stem_text(alternative)
        if not key or not target or " ".join(key) == target:
            return
        found = self.alternatives.setdefault(key, {})
        if found.get(target) is not SynonymKind.SYNONYM:
            found[target] = SynonymKind.SYNONYM if kind is SynonymKind.ONE_WAY else kind
        self.longest = max(self.longest, len(key))
        if len(key) == 1 and len(key[0]) >= FUZZY_MIN_LENGTH and key[0].isalpha():
            bucket = self.by_initial.setdefault(key[0][0], [])
            if key[0] not in bucket:
                bucket.append(key[0])

    def variants(self, q: str) -> list[Variant]:
        """Return the query's synonym variants, fewest replacements first, at most MAX_VARIANTS."""
        words = stem_text(q).split()
        spans = list(self._spans(words))
        if not spans:
            return []
        choices = [[None, *sorted(alts.items())] for _, _, alts in spans]
        found: list[tuple[int, Variant]] = []
        for combo in itertools.product(*choices):
            replaced = [c for c in combo if c is not None]
            if not replaced:
                continue
            out: list[str] = []
            cursor = 0
            for (start, end, _), choice in zip(spans, combo, strict=True):
                out.extend(words[cursor:start])
                out.extend(choice[0].split() if choice else words[start:end])
                cursor = end
            out.extend(words[cursor:])
            kind = (
                SynonymKind.CORRECTION
                if any(kind is SynonymKind.CORRECTION for _, kind in replaced)
                else SynonymKind.SYNONYM
            )
            found.append((len(replaced), Variant(" ".join(out), kind)))
            if len(found) >= MAX_VARIANTS * 4:
                break
        found.sort(key=lambda item: item[0])
        unique = dict.fromkeys(v for _, v in found)
        return list(unique)[:MAX_VARIANTS]

    def _spans(self, words: list[str]) -> Iterable[tuple[int, int, dict[str, SynonymKind]]]:
        """Yield (start, end, alternatives) of the longest known phrases, left to right."""
        i = 0
        while i < len(words):
            for length in range(min(self.longest, len(words) - i), 0, -1):
                alts = self.alternatives.get(tuple(words[i : i + length]))
                if alts:
                    yield i, i + length, alts
                    i += length
                    break
            else:
                near = self._near(words[i])
                if near is not None:
                    yield i, i + 1, self.alternatives[(near,)]
                i += 1

    def _near(self, word: str) -> str | None:
        """Return a known single-word term one typo away from `word`, if any."""
        if len(word) < FUZZY_MIN_LENGTH or not word.isalpha():
            return None
        for term in self.by_initial.get(word[0], ()):
            if abs(len(term) - len(word)) <= 1 and _one_edit(word, term):
                return term
        return None


def _one_edit(a: str, b: str) -> bool:
    """Say whether a and b differ by one insertion, deletion, substitution or swap."""
    if a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def compile_sets(sets: Iterable[SynonymSetData]) -> SynonymIndex:
    """Compile the enabled sets into one lookup index."""
    index = SynonymIndex()
    for synonym_set in sets:
        if not synonym_set.enabled:
            continue
        for entry in synonym_set.entries:
            if entry.kind is SynonymKind.SYNONYM:
                for term, other in itertools.permutations(entry.terms, 2):
                    index.add(term, other, entry.kind)
            else:
                for term in entry.terms:
                    for target in entry.targets:
                        index.add(term, target, entry.kind)
    return index
