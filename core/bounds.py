"""Integer types bounded by where the value goes: a Postgres column or an Elasticsearch field.

An integer beyond its column's range is a Postgres error deep inside a query (a 500), and one
beyond 64 bits cannot even be sent; bounding it in the request schema answers 422 naming the
field instead. Use the narrowest that fits the column; domain bounds (a position is at least 1)
go on top.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

INT32_MIN = -(2**31)
INT32_MAX = 2**31 - 1
INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

# An INTEGER column, or an Elasticsearch `integer` field.
Int32 = Annotated[int, Field(ge=INT32_MIN, le=INT32_MAX)]
# A BIGINT column, or an Elasticsearch `long` field.
Int64 = Annotated[int, Field(ge=INT64_MIN, le=INT64_MAX)]
# The id of a row whose key is BIGINT (products, users, tokens, orders, jobs, suggestions).
RowId = Annotated[int, Field(ge=1, le=INT64_MAX)]
# The id of a row whose key is INTEGER (experiments, merch versions, ranking models).
SmallRowId = Annotated[int, Field(ge=1, le=INT32_MAX)]
# A count or 1-based position stored in an INTEGER column.
Position = Annotated[int, Field(ge=1, le=INT32_MAX)]
