import pytest

from catalog.product_types import OTHER, derive_type, type_keys


@pytest.mark.parametrize(
    ("title", "brand", "expected"),
    [
        ("Xerox 006R90321 toner cartridge Original Black 6 pc(s)", "Xerox", "Toner cartridges"),
        ("HP 564 Magenta Original 1 pc(s)", "HP", "Ink cartridges"),
        ('HP ProBook 450 G7 Notebook 39.6 cm (15.6") Full HD Intel Core i5', "HP", "Laptops"),
        ('Lenovo IdeaPad L340 Gaming Notebook Black 43.9 cm (17.3")', "Lenovo", "Laptops"),
        ("Acer Chromebook 314 CB314-1H-C884", "Acer", "Laptops"),
        ("Kensington SP17 Classic Laptop Sleeve", "Kensington", "Laptop bags & cases"),
        ("HP SlimFit Notebook Sleeve notebook case Gray", "HP", "Laptop bags & cases"),
        ("Thule Construct CONBP-116 Carbon Blue backpack Nylon", "Thule", "Laptop bags & cases"),
        (
            'ZAGG Wembley Palette mobile phone case 11.9 cm (4.7") Cover Mint color',
            "ZAGG",
            "Cases & covers",
        ),
        ("CHERRY WetEx Keyboard cover", "CHERRY", "Keyboard covers & skins"),
        ("CHERRY XS Trackball keyboard PS/2 QWERTZ Black", "CHERRY", "Keyboards"),
        ("HP Laser Mobile Mini mouse USB Type-A 1600 DPI", "HP", "Mice"),
        ('Targus 17" Laptop privacy filter', "Targus", "Screen protectors & filters"),
        ("Kensington MicroSaver Keyed Laptop Lock", "Kensington", "Locks & security"),
        ("HP NS09 Notebook Battery", "HP", "Batteries"),
        ("Duracell AA batteries 8 pack", "Duracell", "Batteries"),
        ("StarTech.com 6 ft Micro USB Cable - A to Right Angle Micro B", "StarTech.com", "Cables"),
        (
            "Philips SHP2500/37 headphones/headset Head-band Black,Silver",
            "Philips",
            "Headphones & headsets",
        ),
        ("Samsung Galaxy Buds+ Headset In-ear Blue", "Samsung", "Headphones & headsets"),
        ("Intel Xeon E5320 processor 1.86 GHz Box 8 MB L2", "Intel", "Processors"),
        ("Kingston Technology System Specific Memory 256MB memory module", "Kingston", "Memory"),
        ("Canon LV LP03 - UHP for LV-7300 projector lamp 120 W", "Canon", "Projector accessories"),
        (
            "APC Basic Rack 4.992kVA power distribution unit (PDU) Black",
            "APC",
            "UPS & power distribution",
        ),
        ('Samsung Galaxy Tab S6 Lite SM-P610N 26.4 cm (10.4")', "Samsung", "Tablets"),
        (
            'Huawei Y6s 15.5 cm (6.09") 3 GB 32 GB Dual SIM 4G Micro-USB B Black Android 9.0',
            "Huawei",
            "Mobile phones",
        ),
        (
            "HP Photosmart D7360 photo printer Inkjet 4800 x 1200 DPI A4",
            "HP",
            "Printers & scanners",
        ),
        ("Epson Glossy photo paper", "Epson", "Paper & labels"),
        ("Jan van Haasteren Cruise Ship 1000 pieces", None, "Toys & games"),
        ("DELL PowerEdge R440 server Intel Xeon Silver 2.1 GHz", "DELL", "Servers"),
    ],
)
def test_derive_type(title: str, brand: str | None, expected: str) -> None:
    assert derive_type(title, brand) == expected


def test_unknown_titles_fall_back_to_icecat_type_then_other() -> None:
    assert derive_type("Acme Z-100", "Acme", icecat_type="Notebook") == "Laptops"
    assert derive_type("Acme Z-100", "Acme") == OTHER


def test_type_keys_carry_the_words_shoppers_use() -> None:
    assert "notebook" in type_keys("Laptops") and "laptop" in type_keys("Laptops")
    assert type_keys(None) == []
