"""JSON log lines: fields, extras, exception text, and the request and job ids from context."""

from __future__ import annotations

import io
import json
import logging
import sys
from collections.abc import Iterator

import pytest

from core.logs import JsonFormatter, configure_logging, logging_config
from core.request_context import job_context, request_id_var


def record(message: str, *args: object, **fields: object) -> logging.LogRecord:
    rec = logging.LogRecord("aisle.test", logging.WARNING, __file__, 1, message, args, None)
    rec.__dict__.update(fields)
    return rec


def test_a_record_becomes_one_json_object_with_time_level_logger_message() -> None:
    line = JsonFormatter().format(record("indexed %s of %d", "products", 3))
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "aisle.test"
    assert entry["message"] == "indexed products of 3"
    assert entry["time"].endswith("Z") and "T" in entry["time"]  # ISO-8601, UTC
    assert "request_id" not in entry and "job_id" not in entry and "exception" not in entry


def test_extras_are_fields_and_uvicorn_colour_copies_are_not() -> None:
    entry = json.loads(
        JsonFormatter().format(record("x", route="/api/search", status=200, color_message="x"))
    )
    assert entry["route"] == "/api/search" and entry["status"] == 200
    assert "color_message" not in entry


def test_the_request_id_comes_from_the_context() -> None:
    token = request_id_var.set("req-42")
    try:
        entry = json.loads(JsonFormatter().format(record("searching")))
    finally:
        request_id_var.reset(token)
    assert entry["request_id"] == "req-42"
    assert "request_id" not in json.loads(JsonFormatter().format(record("after")))


def test_inside_a_job_lines_carry_the_job_and_the_request_that_queued_it() -> None:
    with job_context(17, "rebuild", "req-from-api"):
        entry = json.loads(JsonFormatter().format(record("loading")))
    assert (entry["job_id"], entry["job_kind"], entry["request_id"]) == (
        17,
        "rebuild",
        "req-from-api",
    )


def test_exception_text_is_included() -> None:
    try:
        raise ValueError("bad mapping")
    except ValueError:
        rec = logging.LogRecord(
            "aisle.test",
            logging.ERROR,
            __file__,
            1,
            "failed",
            (),
            exc_info=sys.exc_info(),
        )
    entry = json.loads(JsonFormatter().format(rec))
    assert "Traceback" in entry["exception"]
    assert "ValueError: bad mapping" in entry["exception"]


@pytest.fixture()
def restore_logging() -> Iterator[None]:
    """Put the root and uvicorn loggers back as they were (configure_logging changes them)."""
    names = ("", "uvicorn", "uvicorn.error", "uvicorn.access")
    saved = {
        name: (
            logging.getLogger(name).handlers[:],
            logging.getLogger(name).level,
            logging.getLogger(name).propagate,
        )
        for name in names
    }
    yield
    for name, (handlers, level, propagate) in saved.items():
        logger = logging.getLogger(name)
        logger.handlers[:] = handlers
        logger.setLevel(level)
        logger.propagate = propagate


def test_uvicorn_loggers_go_through_the_same_json_handler(
    restore_logging: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    stream = io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    configure_logging(log_format="json")
    logging.getLogger("uvicorn.error").info("Started server process [%d]", 1234)
    logging.getLogger("aisle.mine").info("hello")
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [(e["logger"], e["message"]) for e in lines] == [
        ("uvicorn.error", "Started server process [1234]"),
        ("aisle.mine", "hello"),
    ]


def test_text_format_keeps_the_human_layout(
    restore_logging: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    stream = io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    configure_logging(log_format="text")
    logging.getLogger("aisle.mine").warning("plain %s", "words")
    assert stream.getvalue().rstrip().endswith("WARNING aisle.mine: plain words")


def test_the_uvicorn_config_names_the_json_formatter() -> None:
    config = logging_config("json")
    assert config["formatters"]["aisle"] == {"()": "core.logs.JsonFormatter"}
    assert config["disable_existing_loggers"] is False
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        assert config["loggers"][name]["propagate"] is True
