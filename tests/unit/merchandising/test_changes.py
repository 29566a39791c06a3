"""Which draft items differ from the published configuration, and who is credited."""

from __future__ import annotations

from merchandising.changes import changed_keys, draft_changes
from merchandising.schemas import MerchConfig, SynonymEntry, SynonymSetData
from retrieval.plan import SynonymKind


def config(**sets: list[str]) -> MerchConfig:
    """Return a configuration of synonym sets, each one equivalence line."""
    return MerchConfig(
        synonym_sets=[
            SynonymSetData(name=name, entries=[SynonymEntry(kind=SynonymKind.SYNONYM, terms=terms)])
            for name, terms in sets.items()
        ]
    )


def test_changed_keys_are_the_items_that_differ() -> None:
    before = config(tv=["tv", "television"], kept=["a", "b"])
    after = config(tv=["tv", "telly"], kept=["a", "b"], new=["x", "y"])
    assert changed_keys(before, after) == {"synonym_set:tv", "synonym_set:new"}
    assert changed_keys(after, after) == set()


def test_draft_changes_credit_the_author_or_the_last_editor() -> None:
    published = config(tv=["tv", "television"], gone=["a", "b"])
    draft = config(tv=["tv", "telly"], new=["x", "y"])
    changes = draft_changes(draft, published, {"synonym_set:tv": "ben@example.com"}, "ana@x")
    assert [(c.label, c.action, c.by) for c in changes] == [
        ("gone", "removed", "ana@x"),
        ("new", "added", "ana@x"),
        ("tv", "changed", "ben@example.com"),
    ]
