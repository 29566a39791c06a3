"""Present a product's raw attributes as a shopper reads them: labels, units, groups, key specs.

Icecat-style attribute names carry their meaning in a convention (``weight`` in grams,
``package_width`` in millimetres, ``operating_temperature__t_t_`` a range in °C,
``usb_2_0_ports_quantity``), so labels and units follow rules on the name, never a table per
product. The key specifications of a product are its own filled attributes that products of
its type fill most often (`frequencies`), leaving out logistics, identifiers and bookkeeping.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from catalog.schemas import JsonScalar
from core.schemas import ApiModel

# How many key specifications the summary shows: enough to compare, few enough to read.
KEY_SPECS = 8

# Words that are spelled as abbreviations or brands, not capitalised like a word.
SPELLING = {
    "ac": "AC", "ark": "ARK", "awg": "AWG", "cd": "CD", "cpu": "CPU", "dc": "DC",
    "dimm": "DIMM", "dpi": "DPI", "dvd": "DVD", "dvi": "DVI", "ean": "EAN", "ecc": "ECC",
    "fsb": "FSB", "gps": "GPS", "gpu": "GPU", "hd": "HD", "hdd": "HDD", "hdmi": "HDMI",
    "hp": "HP", "hs": "HS", "ht": "HT", "id": "ID", "ieee": "IEEE", "lan": "LAN", "lcd": "LCD",
    "led": "LED", "mac": "Mac", "nfc": "NFC", "oem": "OEM", "os": "OS", "pc": "PC",
    "pci": "PCI", "ppm": "PPM", "ram": "RAM", "rohs": "RoHS", "sd": "SD", "ssd": "SSD",
    "tdp": "TDP", "uk": "UK", "usb": "USB", "vga": "VGA", "vt": "VT", "intel": "Intel",
    "windows": "Windows", "bluetooth": "Bluetooth", "ethernet": "Ethernet", "4g": "4G",
    "3g": "3G", "5g": "5G", "wimax": "WiMAX", "esata": "eSATA", "firewire": "FireWire",
    "nvidia": "NVIDIA", "amd": "AMD", "lte": "LTE", "wlan": "WLAN",
    "rpm": "RPM", "ups": "UPS", "kvm": "KVM", "mb": "MB", "gb": "GB",
}  # fmt: skip
# Multi-word spellings, matched on the underscored name before it is split.
PHRASES = (
    ("wi_fi", "Wi-Fi"), ("rj_45", "RJ-45"), ("d_sub", "D-Sub"), ("i_o", "I/O"),
    ("vt_x", "VT-x"), ("usb_2_0", "USB 2.0"), ("usb_3_0", "USB 3.0"), ("e_mail", "e-mail"),
    ("rj_11", "RJ-11"), ("s_pdif", "S/PDIF"), ("built_in", "built-in"), ("on_board", "on-board"),
)  # fmt: skip
# Typographic signs, written as escapes so the source holds no look-alike characters.
EN_DASH = "\u2013"
TIMES = " \u00d7 "
# Parenthesised qualifiers Icecat writes as ``__x_``; ranges ("T-T") read from the value.
WDH = TIMES.join("WDH").strip()
QUALIFIERS = {"t_t": "", "h_h": "", "wxdxh": WDH, "w_x_d_x_h": WDH}

# (pattern on the name, unit): the first match wins; numbers and ranges get the unit.
UNITS: tuple[tuple[str, str], ...] = (
    (r"imperial", ""),  # imperial twins: their unit is not stated, so none is guessed
    (r"(^|_)weight$", "g"),
    (r"^cable_length$", "m"),
    (r"dimensions", "mm"),
    (r"(^|_)(width|height|depth|length)$", "mm"),
    (r"display_diagonal|screen_size", '"'),
    (r"temperature|^tcase$", "°C"),
    (r"humidity", "%"),
    (r"altitude", "m"),
    (r"voltage", "V"),
    (r"ac_(input|adapter)_frequency", "Hz"),
    (r"^hdd_capacity$|storage_capacity", "GB"),
    (r"^hdd_speed$", "RPM"),
    (r"processor(_boost)?_frequency", "GHz|MHz"),
    (r"front_side_bus|bus_bandwidth|memory_clock_speed", "MHz"),
    (r"(^|_)internal_memory$", "GB|MB"),
    (r"^processor_cache$", "MB|KB"),
    (r"power_consumption|thermal_design_power", "W"),
    (r"lithography", "nm"),
    (r"viewing_angle", "\u00b0"),
    (r"print_speed", "ppm"),
    (r"(input|output)_capacity", "sheets"),
    (r"duty_cycle", "pages per month"),
    (r"die_size", "mm²"),
    (r"battery_capacity", "mAh"),
    (r"data_transfer_rate", "Mbit/s"),
    (r"page_yield", "pages"),
    (r"recommended_age", "years"),
)

# (group, pattern on the name) in the order "Show all specifications" lists them.
GROUPS: tuple[tuple[str, str], ...] = (
    ("Packaging & logistics", r"package|pallet|master__outer|quantity_per|cartons|layers_per"
     r"|harmonized|country_of_origin"),
    ("Identifiers", r"^(ean|model|oem_code|product_name|processor_ark_id|status|last_change)$"),
    ("Operating conditions", r"temperature|humidity|altitude"),
    ("Display", r"display|screen|hd_type|aspect_ratio|touch|resolution"),
    ("Processor", r"processor|cpu|^intel|bus_|fsb|tcase|tjunction|thermal_design|stepping|die"
     r"|idle_states|execute_disable|embedded_options|conflict_free|market_segment"
     r"|launch_date|speedstep|thermal_monitoring"),
    ("Graphics", r"graphics"),
    ("Memory & storage", r"memory|storage|optical_drive|card_reader|^ecc$|hdd|ssd"
     r"|lightscribe"),
    ("Printing", r"print|toner|ink|page_yield|cartridge|labels|media|paper"),
    ("Ports & connectivity", r"usb|hdmi|vga|dvi|ethernet|wi_fi|bluetooth|connect|i_o_ports"
     r"|interface|network|data_transfer|cabling|plug_and_play|esata|firewire|expresscard"
     r"|smartcard|modem|wimax|^4g|(^|_)ports?(_|$)"),
    ("Audio & camera", r"audio|speaker|microphone|headphone|camera|s_pdif"),
    ("Keyboard & input", r"keyboard|keypad|pointing_device|remote_control"),
    ("In the box", r"^(manual|warranty_card|drivers_included|cables_included|box)$"
     r"|adapter_included"),
    ("Cable", r"cable|jacket|awg|shielding"),
    ("Power", r"power|battery|ac_input|ac_adapter|voltage|energy"),
    ("Software", r"operating_system|software|windows|mac_"),
    ("Weight & dimensions", r"^(weight|width|height|depth|length|dimensions|size)"),
    ("Design", r"colour|material|finish|housing|shape|form_factor"),
)  # fmt: skip
OTHER = "Other"
# Groups whose facts never make a key specification: they help a warehouse, not a shopper.
NOT_KEY = {"Packaging & logistics", "Identifiers", "Operating conditions"}
# Longer values (lists of compatible models) are left to the full list, not the summary.
KEY_VALUE_MAX = 60
# Text values that are Icecat's yes/no.
YES_NO = {"y": "Yes", "n": "No"}


class Spec(ApiModel):
    """One specification as shown: a label and a value with its unit."""

    key: str
    label: str
    value: str


class SpecGroup(ApiModel):
    """Specifications that belong together ("Display", "Power")."""

    name: str
    specs: list[Spec]


class SpecSheet(ApiModel):
    """A product's key specifications, and every specification grouped."""

    key_specs: list[Spec]
    groups: list[SpecGroup]


def spec_label(key: str) -> str:
    """Turn an attribute name into a label: "wi_fi" → "Wi-Fi", "hd_type" → "HD type"."""
    name = key.lower().replace("intel__", "intel_")
    name = re.sub(
        r"__([a-z0-9_]+?)_(?=__|$)",
        lambda m: f" ({QUALIFIERS.get(m.group(1), _words(m.group(1)))})",
        name,
    )
    name = name.replace(" ()", "")
    for raw, spelled in PHRASES:
        name = re.sub(
            rf"(?<![a-z0-9]){re.escape(raw)}(?![a-z0-9])", spelled.replace(" ", "\0"), name
        )
    label = _words(name).replace("\0", " ")
    return label[:1].upper() + label[1:]


def _words(name: str) -> str:
    """Split an underscored name into words, spelling abbreviations as they are written."""
    words = [w for w in re.split(r"[_ ]+", name) if w]
    return " ".join(SPELLING.get(w, w) for w in words)


def unit_of(key: str, value: float) -> str:
    """Return the unit of a numeric attribute, or "" when the name does not say one."""
    for pattern, unit in UNITS:
        if re.search(pattern, key):
            if "|" in unit:
                # Icecat mixes scales under one name: old CPUs in MHz, printers' memory in MB.
                large, small = unit.split("|")
                return small if value >= 100 else large
            return unit
    return ""


def spec_value(key: str, value: JsonScalar) -> str:
    """Show a value with its unit: weight 17300 is "17.3 kg", True is "Yes", ranges get a dash."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int | float):
        return _with_unit(_number(float(value)), unit_of(key, float(value)), float(value))
    text = value.replace("\\n", "\n").strip()
    if text.lower() in YES_NO:
        return YES_NO[text.lower()]
    parts = re.fullmatch(r"(-?[\d.]+)\s*(-|x)\s*(-?[\d.]+)(?:\s*x\s*(-?[\d.]+))?", text)
    if parts:
        numbers = [p for p in parts.group(1, 3, 4) if p is not None]
        joiner = EN_DASH if parts.group(2) == "-" else TIMES
        unit = unit_of(key, max(float(n) for n in numbers))
        return f"{joiner.join(numbers)} {unit}".strip()
    return text


def _number(value: float) -> str:
    """Write a number without a needless ".0" (and never in exponent notation)."""
    return f"{value:.12g}" if abs(value) < 1e12 else str(int(value))


def _with_unit(shown: str, unit: str, value: float) -> str:
    """Attach a unit, moving grams to kilograms from 1000 g; inches and degrees go unspaced."""
    if unit == "g" and value >= 1000:
        return f"{_number(round(value / 1000, 2))} kg"
    if unit in ('"', "\u00b0"):
        return f"{shown}{unit}"
    return f"{shown} {unit}" if unit else shown


def spec_group(key: str) -> str:
    """Return the group an attribute belongs to, or "Other"."""
    for name, pattern in GROUPS:
        if re.search(pattern, key):
            return name
    return OTHER


def present_specs(
    attributes: Mapping[str, JsonScalar], frequencies: Mapping[str, int]
) -> SpecSheet:
    """Build the key specifications and the grouped list for one product."""
    specs = {
        key: Spec(key=key, label=spec_label(key), value=spec_value(key, value))
        for key, value in attributes.items()
        if spec_value(key, value) != ""
    }
    candidates = [
        key
        for key, spec in specs.items()
        if spec_group(key) not in NOT_KEY and len(spec.value) <= KEY_VALUE_MAX
    ]
    # Most often filled in this type first; the product's own order breaks ties.
    ranked = sorted(candidates, key=lambda k: -frequencies.get(k, 0))
    grouped: dict[str, list[Spec]] = {}
    for key, spec in specs.items():
        grouped.setdefault(spec_group(key), []).append(spec)
    order = [name for name, _ in GROUPS if name not in NOT_KEY] + [OTHER, *sorted(NOT_KEY)]
    return SpecSheet(
        key_specs=[specs[key] for key in ranked[:KEY_SPECS]],
        groups=[
            SpecGroup(name=name, specs=sorted(grouped[name], key=lambda s: s.label))
            for name in order
            if name in grouped
        ],
    )
