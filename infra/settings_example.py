"""Write `.env.example` from the settings' own descriptions, or check it is up to date.

python -m infra.settings_example            # rewrite .env.example
python -m infra.settings_example --check    # exit 1 when it differs (make lint)
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path
from typing import Any

from pydantic.fields import FieldInfo

from core.settings import REPO_ROOT, Settings

EXAMPLE = REPO_ROOT / ".env.example"
HEADER = (
    "# Aisle settings: every one, with its default. Copy to .env (or export) to override.\n"
    "# Written by `make env-example` from core/settings.py; edit the descriptions there.\n"
)
# A heading before the first setting of each group, in the order Settings declares them.
SECTIONS = {
    "environment": "General",
    "pg_host": "Postgres",
    "redis_host": "Redis",
    "es_host": "Elasticsearch",
    "api_host": "API and web UI",
    "catalog_path": "Catalog and search",
    "job_heartbeat_s": "Background jobs",
    "ranking_window": "Ranking, semantic retrieval and analytics retention",
    "public_url": "Accounts",
    "signin_per_ip": "Abuse limits",
    "trusted_proxies": "Reverse proxies",
    "events_per_client": "Events",
    "smtp_host": "Email",
    "log_format": "Observability",
    "max_body_bytes": "Hostile input and slow clients",
    "proxy_host": "Private nginx (`aisle proxy run`)",
}
# Settings that only exist to refuse an old value; a new user should never set them.
LEFT_OUT = {"trust_forwarded_for"}


def render() -> str:
    """Return the text of `.env.example` for the settings as declared."""
    lines = [HEADER.rstrip("\n")]
    for name, field in Settings.model_fields.items():
        if name in LEFT_OUT:
            continue
        if name in SECTIONS:
            lines += ["", f"# --- {SECTIONS[name]} ---"]
        lines += _comment(field)
        lines.append(f"AISLE_{name.upper()}={_value(field.default)}")
    return "\n".join(lines) + "\n"


def _comment(field: FieldInfo) -> list[str]:
    """Wrap a setting's description as comment lines."""
    if not field.description:
        raise ValueError("every setting needs a description (Field(description=...))")
    return textwrap.wrap(field.description, width=98, initial_indent="# ", subsequent_indent="# ")


def _value(default: Any) -> str:
    """Spell a default the way the environment variable takes it."""
    if default is None:
        return ""
    if isinstance(default, bool):
        return "true" if default else "false"
    if isinstance(default, float) and default.is_integer():
        return str(int(default))
    if isinstance(default, Path):
        return _relative(default)
    if isinstance(default, tuple):
        return ",".join(str(item) for item in default)
    return str(default)


def _relative(path: Path) -> str:
    """Show paths inside the checkout (or beside it) relative to it, as a clone sees them."""
    if path.is_relative_to(REPO_ROOT):
        return f"./{path.relative_to(REPO_ROOT)}"
    if path.is_relative_to(REPO_ROOT.parent):
        return f"../{path.relative_to(REPO_ROOT.parent)}"
    return str(path)


def main() -> None:
    """Rewrite `.env.example`, or with --check say whether it is stale."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if .env.example is stale")
    args = parser.parse_args()
    text = render()
    if not args.check:
        EXAMPLE.write_text(text)
        return
    if not EXAMPLE.is_file() or EXAMPLE.read_text() != text:
        sys.exit(".env.example is out of date with core/settings.py: run `make env-example`")


if __name__ == "__main__":
    main()
