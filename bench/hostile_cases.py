"""The hostile-input probe set of the security review, as data, and the requests it makes.

Every operation of the app's OpenAPI spec gets: each hostile value in each leaf of an example
body built from its schema (NaN, infinities, a lone surrogate, NUL, integers past 32 and 64
bits, a huge string, a wrong type), whole hostile bodies (NUL and NaN under odd JSON content
types, a raw NUL, deep nesting, an empty body, text that is not JSON, bytes that are not
UTF-8), and each hostile value in each path and query parameter. Path parameters not under test
name a row that does not exist, so no probe that got through could change one; body-less
operations get only the bodies the JSON guard must refuse. (Over-size bodies and URLs have
their own tests: the server closes the connection on them mid-request.)
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

# Put into every leaf of an example body, one leaf at a time.
LEAF_VALUES: dict[str, object] = {
    "NaN": float("nan"),
    "Infinity": float("inf"),
    "-Infinity": float("-inf"),
    "lone surrogate": "\ud800",
    "NUL": "a\x00b",
    "2**31": 2**31,
    "2**63": 2**63,
    "-2**63-1": -(2**63) - 1,
    "huge string": "x" * 100_000,
    "wrong type": {"$": [1]},
}
# Leaves of one body that get the values above: enough for every field of Aisle's bodies.
MAX_LEAVES = 12
# The JSON content type as FastAPI still reads it: any casing, parameters, a +json suffix.
ODD_JSON_TYPES = (
    "application/JSON",
    "Application/Json; charset=UTF-8",
    "application/vnd.aisle+json",
    "APPLICATION/JSON;charset=utf-8",
)
JSON_TYPE = "application/json"
DEEP = 100_000  # levels of nesting: past any recursion limit
# Put raw into path and query parameters, already percent-encoded.
PARAM_VALUES: dict[str, str] = {
    "20 digits": "99999999999999999999",
    "2**63": str(2**63),
    "2**31": str(2**31),
    "-2**31-1": str(-(2**31) - 1),
    "NaN": "NaN",
    "Infinity": "Infinity",
    "NUL": "a%00b",
    "lone surrogate": "%ED%A0%80",
    "not UTF-8": "%FF%FE",
    "huge": "x" * 4000,
}
# Path parameters not under test: valid, but naming no row.
ABSENT = {"integer": "2147483000", "string": "probe-absent"}
EXAMPLE_STRINGS = {
    "email": "probe@example.com",
    "date-time": "2026-01-01T00:00:00Z",
    "date": "2026-01-01",
    "uuid": "00000000-0000-4000-8000-000000000000",
}


@dataclass(frozen=True)
class Probe:
    """One request to send: which operation, what it tries, and the request itself."""

    route_class: str
    operation: str
    name: str
    method: str
    url: str  # path and query, percent-encoded
    body: bytes | None = None
    content_type: str | None = None


def probes(spec: dict[str, Any]) -> Iterator[Probe]:
    """Yield every probe of every operation in an OpenAPI spec."""
    components = spec.get("components", {}).get("schemas", {})
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            yield from _operation_probes(path, method.upper(), operation, components)


def _operation_probes(
    path: str, method: str, operation: dict[str, Any], components: dict[str, Any]
) -> Iterator[Probe]:
    """Yield the probes of one operation: its body, then its parameters."""
    route_class = (operation.get("tags") or ["other"])[0]
    label = f"{method} {path}"
    params = [p for p in operation.get("parameters", []) if p["in"] in ("path", "query")]
    absent = {
        p["name"]: ABSENT.get(str(_resolve(p.get("schema", {}), components).get("type")), "x")
        for p in params
        if p["in"] == "path"
    }
    url = _fill(path, absent)

    def probe(name: str, **request: Any) -> Probe:
        return Probe(route_class, label, name, method, **{"url": url, **request})

    body_schema = (
        operation.get("requestBody", {}).get("content", {}).get(JSON_TYPE, {}).get("schema")
    )
    if method not in ("GET", "HEAD"):
        for name, raw, content_type in _guarded_bodies(body_schema, components):
            yield probe(name, body=raw, content_type=content_type)
    if body_schema is not None:
        base = example(body_schema, components)
        for leaf in list(_leaves(base))[:MAX_LEAVES]:
            for value_name, value in LEAF_VALUES.items():
                name = f"body.{'.'.join(map(str, leaf))}={value_name}"
                yield probe(name, body=_dump(_replaced(base, leaf, value)), content_type=JSON_TYPE)
        for name, raw, content_type in _shaped_bodies():
            yield probe(name, body=raw, content_type=content_type)
    for param in params:
        for value_name, value in PARAM_VALUES.items():
            name = f"{param['in']}.{param['name']}={value_name}"
            if param["in"] == "path":
                yield probe(name, url=_fill(path, {**absent, param["name"]: value}))
            else:
                yield probe(name, url=f"{url}?{quote(param['name'])}={value}")


def _guarded_bodies(
    schema: dict[str, Any] | None, components: dict[str, Any]
) -> Iterator[tuple[str, bytes, str]]:
    """Yield the bodies the JSON guard must refuse whatever the route (name, bytes, type)."""
    base = example(schema, components) if schema is not None else {"probe": "a"}
    first = next((leaf for leaf in _leaves(base)), None)
    nul = _dump(_replaced(base, first, "a\x00b") if first else {"probe": "a\x00b"})
    nan = _dump(_replaced(base, first, float("nan")) if first else {"probe": float("nan")})
    for content_type in ODD_JSON_TYPES:
        yield f"NUL as {content_type}", nul, content_type
        yield f"NaN as {content_type}", nan, content_type
    yield "raw NUL", nul.replace(b"\\u0000", b"\x00"), JSON_TYPE
    yield "lone surrogate key", b'{"\\udc00": 1}', JSON_TYPE
    yield "1e400", b'{"probe": 1e400}', JSON_TYPE
    yield "deep arrays", b"[" * DEEP + b"]" * DEEP, JSON_TYPE
    yield "deep objects", b'{"a":' * 5000 + b"1" + b"}" * 5000, JSON_TYPE
    yield "not UTF-8", b'{"probe": "\xff\xfe"}', JSON_TYPE
    yield "5000-digit integer", b'{"probe": ' + b"9" * 5000 + b"}", JSON_TYPE


def _shaped_bodies() -> Iterator[tuple[str, bytes, str]]:
    """Yield bodies of the wrong shape, for operations that require a body."""
    yield "empty body", b"", JSON_TYPE
    yield "not JSON", b"hello", JSON_TYPE
    yield "text/plain", b"hello", "text/plain"
    yield "not UTF-8 as text/plain", b"\xff\xfe\x00", "text/plain"
    for name, value in (("array", []), ("string", "s"), ("2**63", 2**63), ("null", None)):
        yield f"top-level {name}", _dump(value), JSON_TYPE


def example(schema: dict[str, Any], components: dict[str, Any], depth: int = 0) -> Any:
    """Return a plausible value of a JSON schema: every property, the smallest allowed values."""
    schema = _resolve(schema, components)
    if depth > 6:
        return None
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    options = schema.get("anyOf") or schema.get("oneOf") or schema.get("allOf")
    if options:
        chosen = next((o for o in options if o.get("type") != "null"), options[0])
        return example(chosen, components, depth + 1)
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        properties = schema.get("properties", {})
        return {name: example(sub, components, depth + 1) for name, sub in properties.items()}
    if kind == "array":
        item = example(schema.get("items", {}), components, depth + 1)
        return [item] * max(1, schema.get("minItems", 1))
    if kind == "string":
        return EXAMPLE_STRINGS.get(
            schema.get("format", ""), "a" * max(1, schema.get("minLength", 1))
        )
    if kind == "integer":
        return int(schema.get("minimum", 1))
    if kind == "number":
        return float(schema.get("minimum", 1))
    if kind == "boolean":
        return False
    return None


def _resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    """Follow a `$ref` to its component."""
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Yield the paths of the scalars (and empty containers) of a value."""
    if isinstance(value, dict) and value:
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list) and value:
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    elif path:
        yield path


def _replaced(value: Any, path: tuple[Any, ...], new: object) -> Any:
    """Return a copy of value with the leaf at path replaced."""
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {**value, head: _replaced(value[head], rest, new)}
    copy = list(value)
    copy[head] = _replaced(copy[head], rest, new)
    return copy


def _dump(value: Any) -> bytes:
    """Serialise as JSON, writing NaN and infinities as Python's json does (the hostile way)."""
    return json.dumps(value, allow_nan=True).encode()


def _fill(path: str, values: dict[str, str]) -> str:
    """Put (already encoded) values into a path template."""
    for name, value in values.items():
        path = path.replace("{" + name + "}", value if "%" in value else quote(value, safe=""))
    return path
