"""One log format for every Aisle process: JSON lines by default, or the human text format.

Each JSON line carries the request id of the request being served (or of the request that
queued the job being run) and the job's id and kind, read from `core.request_context`.
"""

from __future__ import annotations

import json
import logging
import logging.config
from datetime import UTC, datetime
from typing import Any, Literal

from core.request_context import current_job, current_request_id
from core.settings import get_settings

LogFormat = Literal["json", "text"]

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Attributes every LogRecord has; anything else on a record came in through `extra=`.
_STANDARD_ATTRS = frozenset(
    {
        *logging.LogRecord("", 0, "", 0, "", (), None).__dict__,
        "message",
        "asctime",
        # uvicorn's coloured duplicate of the message.
        "color_message",
        "taskName",
    }
)


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON object: time, level, logger, message, ids, extras, error."""

    def format(self, record: logging.LogRecord) -> str:
        """Return the record as a single line of JSON."""
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = current_request_id()
        if request_id is not None:
            entry["request_id"] = request_id
        job = current_job()
        if job is not None:
            entry["job_id"], entry["job_kind"] = job.job_id, job.kind
        for key, value in record.__dict__.items():
            if key not in _STANDARD_ATTRS and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def logging_config(log_format: LogFormat, level: int = logging.INFO) -> dict[str, Any]:
    """Return a `dictConfig` that sends every logger (uvicorn's too) to stderr in one format."""
    formatter: dict[str, Any] = (
        {"()": "core.logs.JsonFormatter"} if log_format == "json" else {"format": TEXT_FORMAT}
    )
    # uvicorn's loggers hand their records to the root handler instead of their own.
    uvicorn = {"handlers": [], "propagate": True, "level": logging.getLevelName(level)}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"aisle": formatter},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "aisle",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"handlers": ["stderr"], "level": logging.getLevelName(level)},
        "loggers": {
            "uvicorn": uvicorn,
            "uvicorn.error": uvicorn,
            "uvicorn.access": uvicorn,
        },
    }


def configure_logging(level: int = logging.INFO, *, log_format: LogFormat | None = None) -> None:
    """Send every log record of the process to stderr, as JSON lines or text (per settings)."""
    if log_format is None:
        log_format = get_settings().log_format
    logging.config.dictConfig(logging_config(log_format, level))
