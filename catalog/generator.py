"""A deterministic synthetic catalog: realistic brands, types, prices, ratings and specs.

For machines without the Icecat data and for scale tests (200k, 1M). The same (n, seed) always
gives the same products, and a shorter run is a prefix of a longer one with the same seed.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from catalog.schemas import JsonScalar, ProductIn

COLOURS = ("Black", "White", "Silver", "Gray", "Blue", "Red", "Green", "Rose Gold", "Navy")
NEWEST_RELEASE = date(2026, 6, 30)


@dataclass(frozen=True)
class Kind:
    """A synthetic product type: its brands, how titles read and what it costs."""

    name: str
    noun: str
    brands: tuple[str, ...]
    median_price: float
    specs: tuple[tuple[str, tuple[JsonScalar, ...]], ...]


def _k(
    name: str, noun: str, brands: str, price: float, *specs: tuple[str, tuple[JsonScalar, ...]]
) -> Kind:
    """Build a Kind from a comma-separated brand list."""
    return Kind(name, noun, tuple(b.strip() for b in brands.split(",")), price, specs)


SIZE = ("screen_size_in", (11.6, 13.3, 14.0, 15.6, 17.3))
RAM = ("ram_gb", (4, 8, 16, 32, 64))
STORAGE = ("storage_gb", (128, 256, 512, 1024, 2048))
CAPACITY = ("capacity_gb", (16, 32, 64, 128, 256, 512))
WATTS = ("power_w", (18, 20, 30, 45, 65, 100))
LENGTH = ("length_m", (0.5, 1.0, 1.8, 2.0, 3.0, 5.0))
CONNECT = ("connectivity", ("USB-C", "USB-A", "Bluetooth", "Wireless", "Wired"))

KINDS: tuple[Kind, ...] = (
    _k(
        "Laptops",
        "laptop",
        "Lenovo, HP, Dell, ASUS, Acer, Apple, MSI, Microsoft, Samsung, Huawei",
        850,
        SIZE,
        RAM,
        STORAGE,
    ),
    _k(
        "Desktop PCs & workstations",
        "desktop PC",
        "Lenovo, HP, Dell, ASUS, Acer, Apple, MSI",
        750,
        RAM,
        STORAGE,
    ),
    _k(
        "Tablets",
        "tablet",
        "Apple, Samsung, Lenovo, Huawei, Microsoft, Amazon",
        380,
        ("screen_size_in", (8.0, 10.1, 10.9, 11.0, 12.9)),
        CAPACITY,
    ),
    _k(
        "Mobile phones",
        "smartphone",
        "Apple, Samsung, Xiaomi, Google, OnePlus, Motorola, Nokia, Sony, Huawei, Oppo",
        520,
        ("screen_size_in", (6.1, 6.4, 6.7)),
        CAPACITY,
    ),
    _k(
        "Smartwatches & wearables",
        "smartwatch",
        "Apple, Samsung, Garmin, Fitbit, Huawei, Amazfit, Polar",
        220,
        ("case_mm", (40, 41, 44, 45, 47)),
    ),
    _k(
        "Headphones & headsets",
        "headphones",
        "Sony, Bose, Sennheiser, JBL, Apple, Beats, Jabra, Logitech, HyperX, Philips, Audio-Technica",
        110,
        CONNECT,
    ),
    _k(
        "Speakers",
        "speaker",
        "JBL, Bose, Sonos, Sony, Ultimate Ears, Marshall, Harman Kardon",
        150,
        ("power_w", (10, 20, 40, 60, 100)),
    ),
    _k(
        "Keyboards",
        "keyboard",
        "Logitech, Microsoft, Razer, Corsair, CHERRY, HyperX, SteelSeries, Keychron",
        70,
        CONNECT,
        ("layout", ("QWERTY", "QWERTZ", "AZERTY")),
    ),
    _k(
        "Mice",
        "mouse",
        "Logitech, Microsoft, Razer, Corsair, SteelSeries, HP, Dell",
        40,
        CONNECT,
        ("dpi", (1600, 4000, 8000, 16000)),
    ),
    _k(
        "Monitors",
        "monitor",
        "Samsung, LG, Dell, ASUS, Acer, BenQ, AOC, Philips, ViewSonic, iiyama",
        260,
        ("screen_size_in", (21.5, 24.0, 27.0, 32.0, 34.0)),
        ("refresh_hz", (60, 75, 144, 165, 240)),
    ),
    _k(
        "TVs",
        "TV",
        "Samsung, LG, Sony, Philips, Panasonic, TCL, Hisense",
        700,
        ("screen_size_in", (32, 43, 50, 55, 65, 75)),
    ),
    _k(
        "Printers & scanners",
        "printer",
        "HP, Canon, Epson, Brother, Xerox, Lexmark, Kyocera",
        230,
        ("print_technology", ("Inkjet", "Laser")),
    ),
    _k(
        "Ink cartridges",
        "ink cartridge",
        "HP, Canon, Epson, Brother",
        28,
        ("colour", ("Black", "Cyan", "Magenta", "Yellow", "Tri-colour")),
    ),
    _k(
        "Toner cartridges",
        "toner cartridge",
        "HP, Canon, Brother, Xerox, Lexmark, Kyocera, Samsung",
        85,
        ("colour", ("Black", "Cyan", "Magenta", "Yellow")),
        ("page_yield", (1000, 2500, 5000, 10000)),
    ),
    _k(
        "Cables",
        "cable",
        "StarTech.com, C2G, Belkin, Anker, Ugreen, Manhattan, Tripp Lite, Goobay",
        12,
        LENGTH,
        ("connector", ("USB-C", "HDMI", "DisplayPort", "Cat6", "Lightning", "VGA")),
    ),
    _k(
        "Chargers & power adapters",
        "charger",
        "Anker, Belkin, Samsung, Apple, Ugreen, RAVPower, Xiaomi",
        25,
        WATTS,
    ),
    _k(
        "Power banks",
        "power bank",
        "Anker, Xiaomi, Belkin, Ugreen, RAVPower, Samsung",
        35,
        ("capacity_mah", (5000, 10000, 20000, 26800)),
    ),
    _k(
        "Batteries",
        "batteries",
        "Duracell, Energizer, Varta, Panasonic, GP, Ansmann",
        8,
        ("size", ("AA", "AAA", "C", "D", "9V")),
        ("pack", (4, 8, 12, 24)),
    ),
    _k(
        "Laptop bags & cases",
        "laptop bag",
        "Targus, Samsonite, Thule, Case Logic, Dicota, Incase",
        45,
        SIZE,
    ),
    _k(
        "Cases & covers",
        "phone case",
        "OtterBox, Spigen, Apple, Samsung, ZAGG, Case-Mate",
        22,
        ("material", ("Silicone", "Leather", "TPU", "Polycarbonate")),
    ),
    _k(
        "Memory",
        "memory module",
        "Kingston, Crucial, Corsair, G.Skill, Samsung",
        60,
        ("capacity_gb", (4, 8, 16, 32)),
        ("type", ("DDR4", "DDR5")),
    ),
    _k(
        "Storage drives",
        "SSD",
        "Samsung, WD, Seagate, Crucial, Kingston, SanDisk, Toshiba",
        95,
        STORAGE,
    ),
    _k(
        "USB flash drives",
        "USB flash drive",
        "SanDisk, Kingston, Samsung, Verbatim, PNY",
        14,
        CAPACITY,
    ),
    _k("Memory cards", "memory card", "SanDisk, Samsung, Kingston, Lexar, Sony", 18, CAPACITY),
    _k(
        "Network equipment",
        "router",
        "TP-Link, Netgear, ASUS, Linksys, Ubiquiti, D-Link, AVM, Zyxel",
        110,
        ("wifi", ("Wi-Fi 5", "Wi-Fi 6", "Wi-Fi 6E", "Wi-Fi 7")),
    ),
    _k(
        "Cameras",
        "digital camera",
        "Canon, Nikon, Sony, Fujifilm, Panasonic, Olympus, GoPro",
        650,
        ("megapixels", (12, 20, 24, 33, 45)),
    ),
    _k(
        "Projectors",
        "projector",
        "Epson, BenQ, Optoma, ViewSonic, Acer, Sony",
        600,
        ("lumens", (2000, 3000, 3600, 4000)),
    ),
    _k(
        "Docking stations",
        "docking station",
        "Dell, HP, Lenovo, StarTech.com, CalDigit, Kensington, Targus",
        160,
        ("ports", (6, 8, 11, 13)),
    ),
    _k(
        "Mouse pads & wrist rests",
        "mouse pad",
        "Logitech, Razer, SteelSeries, Corsair, HyperX",
        18,
        ("size", ("M", "L", "XL", "XXL")),
    ),
    _k(
        "Graphics cards",
        "graphics card",
        "ASUS, MSI, Gigabyte, Zotac, PNY, Sapphire",
        520,
        ("memory_gb", (8, 12, 16, 24)),
    ),
    _k("Processors", "processor", "Intel, AMD", 280, ("cores", (4, 6, 8, 12, 16))),
    _k(
        "Coffee machines",
        "coffee machine",
        "DeLonghi, Philips, Krups, Nespresso, Melitta, Siemens",
        260,
        ("pressure_bar", (15, 19)),
    ),
    _k(
        "Gaming", "game controller", "Sony, Microsoft, Nintendo, 8BitDo, PowerA, Razer", 55, CONNECT
    ),
    _k(
        "Software",
        "software licence",
        "Microsoft, Adobe, Kaspersky, Norton, Corel",
        90,
        ("licence_years", (1, 2, 3)),
    ),
)
MODIFIERS = ("Pro", "Plus", "Air", "Max", "Lite", "Ultra", "Mini", "X", "S", "Elite", "Go", "Neo")
ADJECTIVES = (
    "wireless",
    "compact",
    "portable",
    "ergonomic",
    "slim",
    "fast",
    "quiet",
    "rugged",
    "premium",
    "gaming",
)


def generate_products(n: int, seed: int) -> Iterator[ProductIn]:
    """Yield n synthetic products, deterministic for (n, seed)."""
    rng = random.Random(seed)
    weights = [1 / (rank + 1) ** 0.6 for rank in range(len(KINDS))]  # some types far commoner
    for number in range(n):
        kind = rng.choices(KINDS, weights)[0]
        yield _product(rng, kind, number)


def _product(rng: random.Random, kind: Kind, number: int) -> ProductIn:
    """Draw one product of a kind."""
    brand = kind.brands[min(int(rng.paretovariate(1.2)) - 1, len(kind.brands) - 1)]
    specs = {name: rng.choice(values) for name, values in kind.specs}
    specs["colour"] = specs.get("colour") or rng.choice(COLOURS)
    model = f"{rng.choice('ABCDEFGHKLMPRSTVXZ')}{rng.randint(1, 9)}{rng.randint(0, 99):02d}"
    series = rng.choice(MODIFIERS)
    adjective = rng.choice(ADJECTIVES)
    spec_text = ", ".join(f"{_label(k)} {v}" for k, v in specs.items())
    price = kind.median_price * math.exp(rng.gauss(0, 0.45))
    reviews = int(rng.paretovariate(1.1) * 3) - 3
    return ProductIn(
        sku=f"SYN-{number:09d}",
        title=f"{brand} {model} {series} {adjective} {kind.noun} {specs['colour']}",
        description=f"The {brand} {model} {series} is a {adjective} {kind.noun}. {spec_text}.",
        brand=brand,
        product_type=kind.name,
        price=Decimal(f"{price:.2f}"),
        rating=round(min(5.0, max(1.0, rng.gauss(4.15, 0.45))), 1),
        review_count=min(reviews, 25_000),
        stock=0 if rng.random() < 0.07 else rng.randint(1, 250),
        attributes=specs,
        image_url=None,
        release_date=NEWEST_RELEASE - timedelta(days=rng.randint(0, 6 * 365)),
    )


def _label(key: str) -> str:
    """Turn a spec key into words (screen_size_in → screen size in)."""
    return key.replace("_", " ")
