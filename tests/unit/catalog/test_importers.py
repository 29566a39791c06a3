"""Importers on small files written by the tests (the real catalog has its own test)."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from catalog.exceptions import UnsupportedCatalogFormat
from catalog.importers import iter_products
from catalog.importers.icecat import parse_record
from catalog.schemas import ProductIn, RowError

ICECAT_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "icecat"

RELEASED = (datetime.now(UTC) - timedelta(days=4000)).date()
RECORD = {
    "id": "1229111",
    "name": "006R90321",
    "title": "Xerox 006R90321 toner cartridge Original Black 6 pc(s)",
    "supplier": "Xerox",
    "price": 4995,
    "short_description": "Toner cartridge, black",
    "ean": ["0095205603217"],
    # Relative to today, so the test holds whatever the calendar says.
    "date_released": f"{RELEASED.isoformat()}T00:00:00Z",
    "img_500x500": "http://images.example/1.jpg",
    "attr_t_product_colour": "Black",
    "attr_n_weight": 1.2,
    "attr_b_colour": True,
    "attr_t_empty": "",
}


def test_icecat_record_maps_to_a_product() -> None:
    product = parse_record(RECORD, "1.json.zip[0]")
    assert isinstance(product, ProductIn)
    assert product.sku == "1229111" and product.brand == "Xerox"
    assert product.price == Decimal("49.95") and product.currency == "EUR"
    assert product.product_type == "Toner cartridges"
    assert product.release_date == RELEASED
    assert product.attributes == {
        "product_colour": "Black",
        "weight": 1.2,
        "colour": True,
        "model": "006R90321",
        "ean": "0095205603217",
    }
    assert product.rating is not None and 1 <= product.rating <= 5
    assert parse_record(RECORD, "x") == product  # synthetic shop fields are stable


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"id": ""}, "id and title are required"),
        ({"title": None}, "id and title are required"),
        ({"price": -100}, "price"),
        ({"price": "lots"}, ""),
        ({"date_released": "yesterday"}, ""),
    ],
)
def test_bad_icecat_records_become_row_errors(change: dict[str, object], reason: str) -> None:
    result = parse_record({**RECORD, **change}, "2.json.zip[7]")
    assert isinstance(result, RowError) and result.position == "2.json.zip[7]"
    assert reason in result.reason


def test_icecat_zip_positions(tmp_path: Path) -> None:
    archive = tmp_path / "1.json.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("1.json", json.dumps([RECORD, {"id": "2"}, {**RECORD, "id": "3"}]))
    rows = list(iter_products(tmp_path))
    assert [type(r).__name__ for r in rows] == ["ProductIn", "RowError", "ProductIn"]
    assert isinstance(rows[1], RowError) and rows[1].position == "1.json.zip[1]"


def test_csv_rows_with_attributes_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "products.csv"
    path.write_text(
        "sku,title,brand,price,stock,attr_colour,attributes\n"
        'A,Acme laptop,Acme,799.00,3,Silver,"{""ram_gb"": 16}"\n'
        "B,Acme cable,Acme,-5,1,,\n"
        ",No sku,Acme,1,1,,\n"
        'C,Bad attrs,Acme,1,1,,"{not json"\n'
    )
    rows = list(iter_products(path))
    first = rows[0]
    assert isinstance(first, ProductIn) and first.attributes == {"colour": "Silver", "ram_gb": 16}
    errors = [r for r in rows if isinstance(r, RowError)]
    assert [e.position for e in errors] == [
        "products.csv:line 3",
        "products.csv:line 4",
        "products.csv:line 5",
    ]
    assert errors[0].reason.startswith("price:") and "sku" in errors[1].reason
    assert errors[2].reason.startswith("attributes")


def test_a_csv_with_only_sku_and_title_imports(tmp_path: Path) -> None:
    # Home Depot's catalog has no price, brand, type, description or stock columns.
    path = tmp_path / "products.csv"
    path.write_text(
        "sku,title\n"
        "100001,Simpson Strong-Tie 12-Gauge Angle\n"
        '100002,"BEHR Premium Textured DeckOver 1-gal. #SC-141 Tugboat Wood, Concrete"\n'
    )
    rows = list(iter_products(path))
    assert all(isinstance(r, ProductIn) for r in rows)
    first = rows[1]
    assert isinstance(first, ProductIn)
    assert first.title == "BEHR Premium Textured DeckOver 1-gal. #SC-141 Tugboat Wood, Concrete"
    assert (first.price, first.brand, first.product_type, first.description) == (None,) * 4
    assert (first.currency, first.review_count, first.attributes, first.active) == (
        "EUR",
        0,
        {},
        True,
    )


def test_csv_unknown_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("sku,title,colour\nA,Thing,red\n")
    (row,) = list(iter_products(path))
    assert isinstance(row, RowError) and "colour" in row.reason


def test_jsonl_rows(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text('{"sku": "A", "title": "Thing", "price": 3}\n\nnot json\n[1]\n{"sku": "B"}\n')
    rows = list(iter_products(path))
    assert isinstance(rows[0], ProductIn)
    assert [(r.position, r.reason[:12]) for r in rows[1:] if isinstance(r, RowError)] == [
        ("p.jsonl:line 3", "not valid JS"),
        ("p.jsonl:line 4", "not a JSON o"),
        ("p.jsonl:line 5", "title: field"),
    ]


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedCatalogFormat):
        iter_products(tmp_path / "catalog.xlsx")


@pytest.mark.skipif(not ICECAT_DIR.is_dir(), reason="the Icecat data is not beside the checkout")
def test_the_real_icecat_catalog_parses_whole() -> None:
    rows = list(iter_products(ICECAT_DIR))
    products = [r for r in rows if isinstance(r, ProductIn)]
    assert len(products) == 19_406 and len(rows) == 19_406
    typed = sum(1 for p in products if p.product_type != "Other")
    assert typed / len(products) >= 0.85


def test_an_image_that_is_not_http_is_a_row_error_naming_the_field(tmp_path: Path) -> None:
    path = tmp_path / "products.csv"
    path.write_text(
        "sku,title,image_url\n"
        "A,Fine,https://img.example/a.jpg\n"
        "B,Script,javascript:alert(1)\n"
        'C,Data,"data:image/svg+xml,<svg onload=alert(1)>"\n'
        "D,Path,/img/d.jpg\n"
        "E,None,\n"
    )
    rows = list(iter_products(path))
    assert isinstance(rows[0], ProductIn) and rows[0].image_url == "https://img.example/a.jpg"
    assert isinstance(rows[4], ProductIn) and rows[4].image_url is None
    errors = [r for r in rows if isinstance(r, RowError)]
    assert [e.position for e in errors] == [f"products.csv:line {n}" for n in (3, 4, 5)]
    assert all(e.reason.startswith("image_url: must be an absolute http(s) url") for e in errors)
