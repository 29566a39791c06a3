"""Spec presentation: labels, units, groups and the key specifications of a type."""

from __future__ import annotations

import pytest

from catalog.specs import KEY_SPECS, present_specs, spec_group, spec_label, spec_value


@pytest.mark.parametrize(
    ("key", "label"),
    [
        ("ean", "EAN"),
        ("wi_fi", "Wi-Fi"),
        ("hd_type", "HD type"),
        ("usb_2_0_ports_quantity", "USB 2.0 ports quantity"),
        ("dimensions__wxdxh_", "Dimensions (W \u00d7 D \u00d7 H)"),
        ("operating_temperature__t_t_", "Operating temperature"),
        ("power_consumption__typical_", "Power consumption (typical)"),
        ("ethernet_lan__rj_45__ports", "Ethernet LAN RJ-45 ports"),
        ("i_o_ports", "I/O ports"),
        ("product_colour", "Product colour"),
    ],
)
def test_labels_spell_abbreviations_and_qualifiers(key: str, label: str) -> None:
    assert spec_label(key) == label


@pytest.mark.parametrize(
    ("key", "value", "shown"),
    [
        ("weight", 17300.0, "17.3 kg"),
        ("weight", 575.0, "575 g"),
        ("package_width", 500.0, "500 mm"),
        ("cable_length", 0.5, "0.5 m"),
        ("display_diagonal", 15.6, '15.6"'),
        ("processor_frequency", 2.66, "2.66 GHz"),
        ("processor_frequency", 533.0, "533 MHz"),
        ("internal_memory", 8.0, "8 GB"),
        ("internal_memory", 256.0, "256 MB"),
        ("quantity_per_pack", 6.0, "6"),
        ("last_change", 63903513.0, "63903513"),
        ("wi_fi", True, "Yes"),
        ("led_indicators", "Y", "Yes"),
        ("operating_temperature__t_t_", "10 - 32.5", "10\u201332.5 \u00b0C"),
        ("dimensions__wxdxh_", "730 x 550 x 670", "730 \u00d7 550 \u00d7 670 mm"),
        ("display_resolution", "1920 x 1080", "1920 \u00d7 1080"),
        ("compatibility", "HP LaserJet 5000", "HP LaserJet 5000"),
        ("viewing_angle_horizontal", 178.0, "178\u00b0"),
        ("hdd_capacity", 250.0, "250 GB"),
    ],
)
def test_values_carry_units_from_the_name(key: str, value: str | float | bool, shown: str) -> None:
    assert spec_value(key, value) == shown


def test_groups_follow_the_name() -> None:
    assert spec_group("package_weight") == "Packaging & logistics"
    assert spec_group("display_diagonal") == "Display"
    assert spec_group("processor_cores") == "Processor"
    assert spec_group("weight") == "Weight & dimensions"
    assert spec_group("ean") == "Identifiers"
    assert spec_group("storage_temperature__t_t_") == "Operating conditions"
    assert spec_group("windows_operating_systems_supported") == "Software"
    assert spec_group("storage_media") == "Memory & storage"
    assert spec_group("something_new") == "Other"


def test_key_specs_are_the_types_most_filled_leaving_out_logistics() -> None:
    attributes: dict[str, str | int | float | bool] = {
        "ean": "0095205603217",
        "package_weight": 2900.0,
        "rare_flag": True,
        **{f"spec_{i}": f"v{i}" for i in range(10)},
    }
    # The type fills spec_9 most, then spec_8, ...; ean and package data most of all.
    frequencies = {"ean": 1000, "package_weight": 900, **{f"spec_{i}": 10 + i for i in range(10)}}
    sheet = present_specs(attributes, frequencies)
    keys = [spec.key for spec in sheet.key_specs]
    assert len(keys) == KEY_SPECS
    assert keys == [f"spec_{i}" for i in range(9, 9 - KEY_SPECS, -1)]
    # Nothing is lost: every attribute is in a group, identifiers and logistics last.
    assert sum(len(group.specs) for group in sheet.groups) == len(attributes)
    assert [g.name for g in sheet.groups][-2:] == ["Identifiers", "Packaging & logistics"]


def test_long_values_stay_out_of_the_summary() -> None:
    sheet = present_specs({"compatible_products": "x" * 200, "weight": 10.0}, {})
    assert [spec.key for spec in sheet.key_specs] == ["weight"]
