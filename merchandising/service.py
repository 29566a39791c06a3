"""Drafts, publishing and versions of the merchandising configuration.

Every edit locks the single draft row (`SELECT … FOR UPDATE`), so two merchandisers editing at
once are serialised and neither loses the other's change. An edit, a publish or a restore is
one transaction: a failure halfway leaves the draft and the versions as they were.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.errors import ConflictError, InvalidInputError, NotFoundError
from merchandising.changes import changed_keys
from merchandising.models import MerchDraft, MerchVersion
from merchandising.schemas import (
    MAX_RULES,
    MerchConfig,
    Rule,
    RuleWrite,
    SynonymSetData,
    SynonymSetWrite,
    VersionSummary,
)
from merchandising.synonyms import check_sets, parse

MAX_SET_NAME = 80
ItemT = TypeVar("ItemT", SynonymSetData, Rule)
DRAFT_ID = 1


def locked_draft(db: Session) -> MerchDraft:
    """Return the draft row locked for update, creating it from the published version."""
    draft = db.scalar(select(MerchDraft).where(MerchDraft.id == DRAFT_ID).with_for_update())
    if draft is None:
        config = published_config(db).model_dump(mode="json")
        db.add(MerchDraft(id=DRAFT_ID, config=config, revision=0))
        db.flush()
        draft = db.scalar(select(MerchDraft).where(MerchDraft.id == DRAFT_ID).with_for_update())
        assert draft is not None
    return draft


def read_draft(db: Session) -> tuple[MerchDraft | None, MerchConfig]:
    """Return the draft row (None before the first edit) and its configuration."""
    draft = db.get(MerchDraft, DRAFT_ID)
    if draft is not None:
        return draft, MerchConfig.stored(draft.config)
    return None, published_config(db)


def published_config(db: Session) -> MerchConfig:
    """Return the configuration search applies (empty before the first publish)."""
    latest = latest_version(db)
    return MerchConfig.stored(latest.config) if latest else MerchConfig()


def synonym_set(db: Session, name: str, *, published: bool) -> SynonymSetData:
    """Return a synonym set of the draft or of the published configuration (404 if absent)."""
    config = published_config(db) if published else read_draft(db)[1]
    found = next((s for s in config.synonym_sets if s.name == name), None)
    if found is None:
        source = "published" if published else "draft"
        raise NotFoundError(f"the {source} configuration has no synonym set {name!r}")
    return found


def latest_version(db: Session) -> MerchVersion | None:
    """Return the published version search applies (the newest)."""
    return db.scalar(select(MerchVersion).order_by(MerchVersion.version.desc()).limit(1))


@contextmanager
def editing(db: Session, by: str) -> Iterator[MerchConfig]:
    """Lock the draft, yield its configuration to change, and save it; on error change nothing."""
    draft = locked_draft(db)
    config = MerchConfig.stored(draft.config)
    try:
        yield config
    except Exception:
        db.rollback()
        raise
    save_draft(db, draft, config, by)


def save_draft(
    db: Session, draft: MerchDraft, config: MerchConfig, by: str, *, commit: bool = True
) -> None:
    """Write the edited configuration back to the draft (and commit, unless told not to).

    Each item that differs from what the draft held is credited to `by`.
    """
    touched = changed_keys(MerchConfig.stored(draft.config), config)
    draft.authors = {**(draft.authors or {}), **dict.fromkeys(touched, by)}
    draft.config = config.model_dump(mode="json")
    draft.revision += 1
    draft.updated_at = datetime.now(UTC)
    draft.updated_by = by
    if commit:
        db.commit()


def put_synonym_set(db: Session, name: str, body: SynonymSetWrite, *, by: str) -> SynonymSetData:
    """Create or replace a draft synonym set from Solr or CSV text."""
    name = " ".join(name.split())
    if not name or len(name) > MAX_SET_NAME:
        raise InvalidInputError(
            f"a set name needs 1 to {MAX_SET_NAME} characters", loc=("path", "name")
        )
    entries = parse(body.text, fmt=body.format, corrections=body.corrections)
    new_set = SynonymSetData(
        name=name, enabled=body.enabled, corrections=body.corrections, entries=entries
    )
    with editing(db, by) as config:
        sets = [*(s for s in config.synonym_sets if s.name != name), new_set]
        check_sets(sets)
        config.synonym_sets = sorted(sets, key=lambda s: s.name.lower())
    return new_set


def delete_synonym_set(db: Session, name: str, *, by: str) -> None:
    """Remove a draft synonym set."""
    with editing(db, by) as config:
        config.synonym_sets = _without(config.synonym_sets, name, "synonym set")


def add_rule(db: Session, body: RuleWrite, *, by: str) -> Rule:
    """Add a rule to the draft."""
    rule = Rule(id=uuid.uuid4().hex[:12], **body.model_dump())
    with editing(db, by) as config:
        if len(config.rules) >= MAX_RULES:
            raise ConflictError(f"the draft already has {MAX_RULES} rules, the most allowed")
        config.rules.append(rule)
    return rule


def replace_rule(db: Session, rule_id: str, body: RuleWrite, *, by: str) -> Rule:
    """Replace a draft rule, keeping its id."""
    rule = Rule(id=rule_id, **body.model_dump())
    with editing(db, by) as config:
        _without(config.rules, rule_id, "rule")  # 404 if absent
        # In place: among equals, the older rule takes precedence.
        config.rules = [rule if r.id == rule_id else r for r in config.rules]
    return rule


def delete_rule(db: Session, rule_id: str, *, by: str) -> None:
    """Remove a draft rule."""
    with editing(db, by) as config:
        config.rules = _without(config.rules, rule_id, "rule")


def _without(items: list[ItemT], key: str, what: str) -> list[ItemT]:
    """Return the items without the one named `key` (a set's name or a rule's id), or 404."""
    kept = [item for item in items if getattr(item, "name" if what != "rule" else "id") != key]
    if len(kept) == len(items):
        raise NotFoundError(f"the draft has no {what} {key!r}")
    return kept


def discard_draft(db: Session, *, by: str) -> None:
    """Reset the draft to the published configuration."""
    draft = locked_draft(db)
    save_draft(db, draft, published_config(db), by, commit=False)
    draft.authors = {}
    db.commit()


def publish(db: Session, *, by: str, note: str | None) -> MerchVersion:
    """Publish the draft as a new version (409 when it equals the published one)."""
    draft = locked_draft(db)
    config = MerchConfig.stored(draft.config)
    check_sets(config.synonym_sets)
    latest = latest_version(db)
    if latest is not None and latest.config == config.model_dump(mode="json"):
        db.rollback()
        raise ConflictError(f"nothing to publish: the draft equals version {latest.version}")
    draft.authors = {}  # published: nobody's work is pending any more
    return _new_version(db, config, by=by, note=note, restored_from=None)


def restore(db: Session, version: int, *, by: str, note: str | None) -> MerchVersion:
    """Publish an earlier version again as a new version; the draft becomes that too."""
    draft = locked_draft(db)
    old = db.get(MerchVersion, version)
    if old is None:
        db.rollback()
        raise NotFoundError(f"there is no version {version}")
    config = MerchConfig.stored(old.config)
    save_draft(db, draft, config, by, commit=False)
    draft.authors = {}  # the draft is published as it stands
    return _new_version(db, config, by=by, note=note, restored_from=version)


def _new_version(
    db: Session, config: MerchConfig, *, by: str, note: str | None, restored_from: int | None
) -> MerchVersion:
    """Insert the next version and commit (the draft lock serialises version numbers)."""
    number = (db.scalar(select(func.max(MerchVersion.version))) or 0) + 1
    row = MerchVersion(
        version=number,
        token=uuid.uuid4(),
        config=config.model_dump(mode="json"),
        published_by=by,
        note=note,
        restored_from=restored_from,
        summary=summarize(config).model_dump(),
    )
    db.add(row)
    db.commit()
    return row


def summarize(config: MerchConfig) -> VersionSummary:
    """Count what a configuration holds."""
    return VersionSummary(
        synonym_sets=len(config.synonym_sets),
        synonyms=sum(len(s.entries) for s in config.synonym_sets),
        rules=len(config.rules),
    )


def list_versions(db: Session, *, limit: int = 200) -> list[MerchVersion]:
    """Return published versions, newest first."""
    return list(db.scalars(select(MerchVersion).order_by(MerchVersion.version.desc()).limit(limit)))
