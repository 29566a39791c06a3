"""The report export: one row per scope, the same columns and cells as before pandas built it."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from analytics.report_cli import SCOPE_COLUMNS, _print_table, _write_csv, scope_frame
from analytics.report_schemas import (
    DayMetrics,
    Latency,
    Metrics,
    QueryFigures,
    Report,
    VariantMetrics,
    ZeroResultQuery,
)


def metrics(searches: int, *, clicks: bool = True, latency: bool = True) -> Metrics:
    """Return figures whose floats test the shortest round-trip form (1/3, 0.1 + 0.2, 1e-7)."""
    return Metrics(
        searches=searches,
        unique_queries=searches // 3,
        zero_result_rate=1 / 3,
        no_click_rate=0.1 + 0.2,
        ctr_at_1=2 / 7,
        ctr_at_5=0.5,
        ctr_at_10=0.0,
        avg_click_position=7 / 3 if clicks else None,
        add_to_cart_rate=1e-7,
        conversion_rate=0.0625,
        revenue_per_search=12345.678,
        latency_ms=Latency(p50=12.5, p95=250.0, p99=1000.0)
        if latency
        else Latency(p50=None, p95=None, p99=None),
    )


def report(variants: list[VariantMetrics] | None = None) -> Report:
    """Return a report with two variants (one without clicks or latencies) and two days."""
    return Report(
        since=date(2026, 1, 1),
        until=date(2026, 1, 2),
        variant=None,
        rolled_up_at=datetime(2026, 1, 3, 4, 5, 6, tzinfo=UTC),
        overall=metrics(1234567),
        variants=variants
        if variants is not None
        else [
            VariantMetrics(variant="bm25", metrics=metrics(5, clicks=False, latency=False)),
            VariantMetrics(variant="ltr:3", metrics=metrics(0, clicks=False)),
        ],
        days=[
            DayMetrics(day=date(2026, 1, 1), metrics=metrics(10)),
            DayMetrics(day=date(2026, 1, 2), metrics=metrics(3, clicks=False)),
        ],
        top_queries=[
            QueryFigures(
                query="laptop", searches=3, ctr=0.5, conversion_rate=0.25, zero_result_rate=0.0
            )
        ],
        zero_result_queries=[ZeroResultQuery(query="xyzzy", searches=2)],
    )


# Written by the csv-module export this replaced, byte for byte.
EXPECTED_CSV = (
    "scope,searches,unique_queries,zero_result_rate,no_click_rate,ctr_at_1,ctr_at_5,ctr_at_10,avg_click_position,add_to_cart_rate,conversion_rate,revenue_per_search,latency_p50_ms,latency_p95_ms,latency_p99_ms\r\n"
    "overall,1234567,411522,0.3333333333333333,0.30000000000000004,0.2857142857142857,0.5,0.0,2.3333333333333335,1e-07,0.0625,12345.678,12.5,250.0,1000.0\r\n"
    "variant bm25,5,1,0.3333333333333333,0.30000000000000004,0.2857142857142857,0.5,0.0,,1e-07,0.0625,12345.678,,,\r\n"
    "variant ltr:3,0,0,0.3333333333333333,0.30000000000000004,0.2857142857142857,0.5,0.0,,1e-07,0.0625,12345.678,12.5,250.0,1000.0\r\n"
    "day 2026-01-01,10,3,0.3333333333333333,0.30000000000000004,0.2857142857142857,0.5,0.0,2.3333333333333335,1e-07,0.0625,12345.678,12.5,250.0,1000.0\r\n"
    "day 2026-01-02,3,1,0.3333333333333333,0.30000000000000004,0.2857142857142857,0.5,0.0,,1e-07,0.0625,12345.678,12.5,250.0,1000.0\r\n"
)


def test_csv_keeps_its_columns_and_cells(capsys: pytest.CaptureFixture[str]) -> None:
    _write_csv(scope_frame(report()))
    out = capsys.readouterr().out
    assert out == EXPECTED_CSV
    assert tuple(out.split("\r\n")[0].split(",")) == SCOPE_COLUMNS


def test_csv_quotes_a_variant_name_with_a_comma_quote_or_newline(
    capsys: pytest.CaptureFixture[str],
) -> None:
    odd = VariantMetrics(variant='a,"b"\nc', metrics=metrics(2))
    _write_csv(scope_frame(report([odd])))
    assert '\r\n"variant a,""b""\nc",2,0,' in capsys.readouterr().out


def test_a_scope_with_no_clicks_or_latencies_at_all_prints_dashes_and_empty_cells(
    capsys: pytest.CaptureFixture[str],
) -> None:
    quiet = report([]).model_copy(
        update={"overall": metrics(0, clicks=False, latency=False), "days": []}
    )
    _write_csv(scope_frame(quiet))
    assert capsys.readouterr().out.endswith(",0.0625,12345.678,,,\r\n")
    _print_table(scope_frame(quiet))
    row = capsys.readouterr().out.splitlines()[1]
    assert row.split()[8] == "-" and row.endswith("-")


def test_the_table_reads_the_same_frame(capsys: pytest.CaptureFixture[str]) -> None:
    _print_table(scope_frame(report()))
    assert capsys.readouterr().out == (
        "scope                    searches     unique       zero   no click      CTR@1      CTR@5     CTR@10    avg pos       cart       conv rev/search   p95 ms\n"
        "overall                 1,234,567    411,522      33.3%      30.0%      28.6%      50.0%       0.0%       2.33       0.0%       6.2%   12345.68      250\n"
        "variant bm25                    5          1      33.3%      30.0%      28.6%      50.0%       0.0%          -       0.0%       6.2%   12345.68        -\n"
        "variant ltr:3                   0          0      33.3%      30.0%      28.6%      50.0%       0.0%          -       0.0%       6.2%   12345.68      250\n"
        "day 2026-01-01                 10          3      33.3%      30.0%      28.6%      50.0%       0.0%       2.33       0.0%       6.2%   12345.68      250\n"
        "day 2026-01-02                  3          1      33.3%      30.0%      28.6%      50.0%       0.0%          -       0.0%       6.2%   12345.68      250\n"
    )


def test_csv_text_cells_cannot_be_read_as_formulas(capsys: pytest.CaptureFixture[str]) -> None:
    frame = scope_frame(report()).assign(scope=['=HYPERLINK("https://evil.example")'] * 5)
    _write_csv(frame)
    rows = capsys.readouterr().out.split("\r\n")[1:-1]
    assert all(row.startswith('"\'=HYPERLINK(""https://evil.example"")",') for row in rows)
