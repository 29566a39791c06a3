"""Derive a shopper-facing product type from a title, for facets and query understanding.

Icecat has no category field; titles mostly read "brand model <icecat category> specs". An
ordered vocabulary of patterns maps them to ~50 canonical types. Accessories come before
devices, because a title naming both ("laptop sleeve", "phone case", "notebook battery") is
almost always the accessory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.text import fold

OTHER = "Other"


@dataclass(frozen=True)
class ProductType:
    """A canonical type, the title patterns that signal it, and words shoppers use for it."""

    name: str
    pattern: re.Pattern[str]
    aliases: tuple[str, ...] = ()


def _t(name: str, pattern: str, aliases: str = "") -> ProductType:
    """Build a ProductType from a regex over folded titles and comma-separated aliases."""
    return ProductType(
        name, re.compile(pattern), tuple(a.strip() for a in aliases.split(",") if a.strip())
    )


# Order matters: the first type with a matching pattern wins.
# fmt: off
VOCABULARY: tuple[ProductType, ...] = (
    _t("Toner cartridges", r"toner|print cartridge|developer cartridge|\bdeveloper\b", "toner"),
    _t("Ink cartridges", r"ink ?cartridge|ink ?jet cartridge|\bink\b|original \d+ pc\(s\)|print ?head|singlepack|multipack|ultrachrome|original (?:black|cyan|magenta|yellow|photo|light|matte|grey|gray|red|blue|green|multipack|color|colour|tri)", "ink"),
    _t("Printer supplies", r"printer drum|drum unit|\bdrum\b|imaging unit|fuser|transfer (?:belt|kit|roller|unit)|maintenance kit|printer kit|ribbon|roller kit|printer belt|waste (?:toner|ink)|staple|developer unit|cleaning (?:kit|cartridge)|printer/scanner spare|output stacker|duplex unit|tray/feeder|printer cabinet|feeding roller", "printer part"),
    _t("Paper & labels", r"photo paper|printing paper|large format media|label[- ]making tape|self-adhesive label|printable textile|printing film|art paper|\bpaper\b|\blabels?\b|\btape\b|envelope|transparenc", "paper"),
    _t("Projector accessories", r"projector lamp|projector mount|projection screen|projector screen", "projector screen, projector lamp"),
    _t("Laptop bags & cases", r"notebook (?:case|sleeve|bag|backpack)|laptop (?:case|sleeve|bag|backpack)|backpack|messenger|briefcase|rolling case|trolley", "laptop bag, laptop case, backpack"),
    _t("Keyboard covers & skins", r"keyboard cover|keyboard skin", "keyboard cover"),
    _t("Screen protectors & filters", r"privacy filter|display privacy|screen protector|screen filter|anti-glare", "privacy filter, screen protector"),
    _t("Cases & covers", r"(?:phone|tablet|camera|mp3/mp4 player|e-book reader|mobile phone) case|\bcase\b(?! ?logic)|\bcover\b|sleeve|pouch|holster|\bskin\b|folio", "case, cover, phone case"),
    _t("Docking stations", r"docking station|port replicator|notebook dock|\bdock\b", "docking station, dock"),
    _t("Locks & security", r"cable lock|security lock|\block\b|microsaver", "laptop lock"),
    _t("Spare parts", r"spare part|replacement part", "spare part"),
    _t("Power banks", r"power ?bank", "power bank, portable charger"),
    _t("Chargers & power adapters", r"charger|power adapter|ac adapter|adapter/inverter|power supply(?! unit)|mains adapter", "charger, power adapter, phone charger"),
    _t("Batteries", r"batter(?:y|ies)|single-use battery|rechargeable", "battery, batteries"),
    _t("UPS & power distribution", r"uninterruptible power|\bups\b|power distribution|surge protector|power extension|power strip|ac outlet|power plug adapter|socket", "ups, surge protector, power strip"),
    _t("Mounts & stands", r"\bmount\b|mounting kit|\bstand\b|floorstand|bracket|\bholder\b|\briser\b|monitor arm", "mount, stand"),
    _t("Rack accessories", r"rack accessory|blanking panel|side panel|rack cabinet|\brack\b|freestanding rack|cable (?:tie|management|organizer)|patch panel", "rack"),
    _t("Cables", r"cable|\bcord\b|patch lead|wire connector|cable interface/gender|gender changer|coupler", "cable, cord"),
    _t("Video switches & KVM", r"kvm|video switch|video splitter|hdmi switch", "kvm switch"),
    _t("Network equipment", r"network switch|\bswitch\b|router|access point|network (?:interface )?card|networking card|network transceiver|transceiver|network antenna|network media|powerline|modem|firewall|range extender|\bnic\b", "router, switch, network card"),
    _t("Interface cards & adapters", r"interface cards?/adapter|raid controller|\braid\b|adapter card|usb hub|\bhub\b|card reader|serial adapter|usb adapter", "usb hub, card reader"),
    _t("Toys & games", r"\bdoll\b|jigsaw|puzzle|\d+ pieces|sylvanian|l\.o\.l\.|bracelet|action figure|\btoy\b|\btoys\b|beads|figure|playset|board game|plush", "toy"),
    # A laptop title names its specs; "laptop cooler" or "notebook RAM module" does not.
    _t("Laptops", r"chromebook|notebook pc|^notebook$|^(?=.*(?:intel|amd|\bcore\b|celeron|pentium|ryzen|athlon|turion|\batom\b|ghz|windows|chrome ?os|\d+(?:\.\d+)? cm \()).*(?:notebook(?! (?:a4|a5|a6|squared|ruled|lined))|laptop|netbook|ultrabook|macbook|2-in-1)", "laptop, notebook, laptops, chromebook"),
    _t("Tablets", r"tablet|\bipad\b|galaxy tab|e-book reader", "tablet, ipad"),
    _t("Mobile phones", r"smartphone|mobile phone|cell phone|\biphone\b|galaxy [as]\d|dual sim|\bandroid \d", "phone, smartphone, mobile phone, cell phone, iphone"),
    _t("Smartwatches & wearables", r"smartwatch|smart watch|activity tracker|fitness tracker|wristband", "smartwatch, smart watch"),
    _t("Headphones & headsets", r"headphone|headset|earbud|earphone|ear buds|in-ear", "headphones, headset, earbuds, head set"),
    _t("Speakers", r"speaker|soundbar|sound bar|subwoofer", "speaker"),
    _t("Mouse pads & wrist rests", r"mouse pad|mouse mat|mousepad|wrist", "mouse pad, wrist rest"),
    _t("Keyboards", r"keyboard|keypad", "keyboard"),
    _t("Mice", r"\bmouse\b|\bmice\b|trackball|presenter", "mouse"),
    _t("Motherboards", r"motherboard|desktop board|server/workstation board|mainboard", "motherboard"),
    _t("Calculators", r"calculator", "calculator"),
    _t("Servers", r"\bserver\b", "server"),
    _t("Desktop PCs & workstations", r"desktop pc|all-in-one pc|mini pc|workstation|\bpc\b(?!\()|desktop|thin client|\baio\b", "desktop, computer, pc, gaming pc"),
    _t("Monitors", r"computer monitor|monitor|flat panel|\blcd\b|\bled display\b|touch screen", "monitor, screen, display"),
    _t("TVs", r"\btv\b|television|smart tv", "tv, television, flat screen tv"),
    _t("Projectors", r"projector", "projector"),
    _t("Printers & scanners", r"printer|laserjet|deskjet|officejet|designjet|photosmart|labelmanager|\bppm\b|\d+ x \d+ dpi|multifunctional|all-in-one printer|\bplotter\b|scanner|labelwriter|label maker|\bfax\b|copier", "printer, scanner"),
    _t("Cameras", r"digital camera|camera|\bmp ccd|megapixel|camcorder|webcam|\bdslr\b|action cam", "camera"),
    _t("Camera lenses", r"camera lens|\blens\b|\bf/\d", "lens"),
    _t("Memory cards", r"memory card|\bsd card|microsd|compactflash|\bsdhc\b|\bsdxc\b", "memory card, sd card"),
    _t("Memory", r"memory module|\bdimm\b|\bsodimm\b|ddr\d|\d+ ?mb (?:dram|ddr|sdram|memory)|\bdram\b|\bmemory\b", "ram, memory"),
    _t("USB flash drives", r"usb flash|flash drive|memory stick|pen drive|thumb drive", "usb stick, memory stick, flash drive"),
    _t("Storage drives", r"hard (?:disk )?drive|\d+ ?[gt]b.*\bsata\b|\bsata\b.*\d+ ?[gt]b|data tape|\blto\b|\bhdd\b|\bssd\b|solid state|internal drive|external drive|\bnas\b|storage server|disk array|tape (?:drive|library)", "hard drive, ssd"),
    _t("Optical drives & media", r"optical disc|optical drive|\bdvd\b|blu-ray|\bcd-?r|\bcd\b|media spindle", "dvd, cd"),
    _t("Processors", r"processor|\bcpu\b|xeon|core i\d|ryzen", "cpu, processor"),
    _t("Graphics cards", r"graphics card|video card|geforce|radeon|\brtx\b|\bgtx\b", "graphics card, gpu"),
    _t("Computer cases & cooling", r"computer case|computer cooling|chassis|\bfan\b|heatsink|cooler|power supply unit|barebone", "pc case, fan"),
    _t("Monitors", r"\d+ x \d+ pixels", "monitor, screen, display"),
    _t("Services & warranties", r"onsite|warranty|\bservice\b|\bsupport\b|\bnbd\b|care pack|\d ?y(?:ea)?r?s? ", "warranty"),
    _t("Software", r"software|\blicen[cs]e\b|windows 1\d|microsoft office|antivirus|\bmsoffice\b", "software"),
    _t("Gaming", r"playstation|\bps[345]\b|\bxbox\b|nintendo|game ?pad|joystick|controller|video game|console", "games, console"),
    _t("Coffee machines", r"coffee|espresso|nespresso|\bcapsule\b|pod machine", "coffee maker"),
    _t("Personal care & household", r"shaver|trimmer|clipper|toothbrush|hair ?dryer|epilator|vacuum|\biron\b|kettle|blender|juicer|air purifier|filter|lamp|light|bulb", "shaver"),
    _t("Audio & video players", r"radio|cd player|mp3|mp4|dvd player|blu-ray player|media player|audio player|alarm clock|boombox|hi-fi|amplifier|receiver|microphone|remote control", "radio"),
    _t("Laptop accessories", r"notebook(?! (?:a4|a5|a6|squared|ruled|lined))|laptop|netbook", "laptop accessory"),
    _t("Office supplies", r"notebook|binder|folder|stapler|\bpen\b|pencil|marker|whiteboard|laminat|shredder|organizer", "office"),
)
# fmt: on

BY_NAME = {t.name: t for t in VOCABULARY}


def derive_type(title: str, brand: str | None = None, icecat_type: str | None = None) -> str:
    """Return the canonical product type of a title (the brand is ignored), else `OTHER`."""
    text = fold(title)
    if brand:
        text = text.replace(fold(brand), " ", 1)
    for product_type in VOCABULARY:
        if product_type.pattern.search(text):
            return product_type.name
    if icecat_type:
        for product_type in VOCABULARY:
            if product_type.pattern.search(fold(icecat_type)):
                return product_type.name
    return OTHER


def type_keys(name: str | None) -> list[str]:
    """Return the words shoppers use for a type (its name and aliases), for query intent."""
    if not name:
        return []
    product_type = BY_NAME.get(name)
    aliases = product_type.aliases if product_type else ()
    return list(dict.fromkeys([name.lower(), *aliases]))
