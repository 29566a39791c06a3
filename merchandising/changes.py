"""What the draft changes against the published configuration, item by item, and by whom.

An item is a synonym set (keyed by name) or a rule (keyed by id); it is added, changed or
removed when its document differs from the published one. The author is whoever last saved
that item in the draft (`MerchDraft.authors`), or the draft's last editor for drafts saved
before authors were kept.
"""

from __future__ import annotations

from typing import Literal

from merchandising.schemas import DraftChange, ItemKind, MerchConfig


def _items(config: MerchConfig) -> dict[str, tuple[ItemKind, str, object]]:
    """Return each item by its key: (kind, label, JSON document)."""
    items: dict[str, tuple[ItemKind, str, object]] = {}
    for synonym_set in config.synonym_sets:
        items[f"synonym_set:{synonym_set.name}"] = (
            "synonym_set",
            synonym_set.name,
            synonym_set.model_dump(mode="json"),
        )
    for rule in config.rules:
        items[f"rule:{rule.id}"] = ("rule", rule.name, rule.model_dump(mode="json"))
    return items


def changed_keys(before: MerchConfig, after: MerchConfig) -> set[str]:
    """Return the keys of items that differ between two configurations."""
    old, new = _items(before), _items(after)
    return {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}


def draft_changes(
    draft: MerchConfig,
    published: MerchConfig,
    authors: dict[str, str],
    fallback: str | None,
) -> list[DraftChange]:
    """List the draft's changes against the published configuration, sets first, by label."""
    old, new = _items(published), _items(draft)
    changes: list[DraftChange] = []
    for key in changed_keys(published, draft):
        kind, label, _ = new.get(key) or old[key]
        action: Literal["added", "changed", "removed"] = (
            "added" if key not in old else "removed" if key not in new else "changed"
        )
        by = authors.get(key, fallback)
        changes.append(DraftChange(kind=kind, key=key, label=label, action=action, by=by))
    return sorted(changes, key=lambda c: (c.kind != "synonym_set", c.label.lower(), c.key))
