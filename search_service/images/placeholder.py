"""A placeholder picture for a product without a usable image: an icon of its kind and its type.

The SVG uses presentation attributes only (no <style>, no style="", no script, no external
reference), so it renders under the app's Content-Security-Policy (style-src 'self') both in
an <img> and opened on its own. It is 4:3, like the result cards' thumbnails.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

# Icons drawn in a 120 by 90 box (placed at the picture's centre), stroked in the site's
# accent colour (styles.css --accent).
ICONS: dict[str, str] = {
    "laptop": '<rect x="22" y="12" width="76" height="50" rx="4"/><path d="M8 72h104l-8 8H16z"/>',
    "phone": '<rect x="42" y="4" width="36" height="80" rx="6"/><path d="M54 74h12"/>',
    "audio": '<path d="M24 58v-8a36 36 0 0 1 72 0v8"/>'
    '<rect x="18" y="56" width="18" height="28" rx="5"/>'
    '<rect x="84" y="56" width="18" height="28" rx="5"/>',
    "screen": '<rect x="10" y="8" width="100" height="62" rx="4"/><path d="M46 84h28M60 70v14"/>',
    "camera": '<rect x="12" y="22" width="96" height="60" rx="8"/><circle cx="60" cy="52" r="18"/>'
    '<path d="M40 22l8-12h24l8 12"/>',
    "printer": '<rect x="12" y="30" width="96" height="36" rx="4"/><path d="M30 30V8h60v22"/>'
    '<rect x="30" y="56" width="60" height="28"/>',
    "power": '<rect x="36" y="14" width="48" height="72" rx="6"/><path d="M52 6h16v8"/>'
    '<path d="M64 30l-12 20h16l-12 20"/>',
    "kitchen": '<path d="M22 30h64v34a20 20 0 0 1-20 20H42a20 20 0 0 1-20-20z"/>'
    '<path d="M86 38h8a10 10 0 0 1 0 20h-8M40 8v12M54 8v12M68 8v12"/>',
    "bag": '<rect x="14" y="26" width="92" height="58" rx="6"/><path d="M42 26V14h36v12"/>',
    "storage": '<rect x="14" y="20" width="92" height="52" rx="6"/><circle cx="88" cy="58" r="4"/>'
    '<path d="M28 58h40"/>',
    "product": '<path d="M60 6l48 22v40L60 88 12 68V28z"/><path d="M12 28l48 22 48-22M60 50v38"/>',
}
# Words in a product type (lower-cased) that pick an icon; the first icon with a match wins.
KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # First: "notebook bags" and "phone cases" are bags, not notebooks or phones.
    ("bag", ("bag", "case", "sleeve", "backpack", "cover")),
    ("laptop", ("laptop", "notebook", "computer", "pc", "desktop", "tablet", "chromebook")),
    ("phone", ("phone", "smartphone", "mobile")),
    ("audio", ("headphone", "headset", "earphone", "earbud", "speaker", "audio", "microphone")),
    ("screen", ("tv", "television", "monitor", "display", "projector", "screen")),
    ("camera", ("camera", "camcorder", "lens", "webcam")),
    ("printer", ("printer", "ink", "toner", "scanner", "cartridge", "paper", "label")),
    ("power", ("battery", "batteries", "charger", "power", "ups", "adapter", "cable")),
    ("kitchen", ("coffee", "espresso", "kettle", "kitchen", "toaster", "blender", "mug")),
    ("storage", ("drive", "ssd", "hdd", "storage", "memory", "usb", "nas", "disk")),
)
LABEL_CHARS = 28


def icon_for(product_type: str | None) -> str:
    """Return the name of the icon that fits a product type (a generic box if none does)."""
    words = set((product_type or "").lower().replace("-", " ").replace("/", " ").split())
    stems = {word.rstrip("s") for word in words} | words
    for icon, keywords in KEYWORDS:
        if any(keyword in stems for keyword in keywords):
            return icon
    return "product"


def placeholder_svg(product_type: str | None) -> bytes:
    """Draw the placeholder for a product of this type: its icon over its type's name."""
    label = (product_type or "Product").strip() or "Product"
    if len(label) > LABEL_CHARS:
        label = label[: LABEL_CHARS - 1].rstrip() + "…"
    icon = ICONS[icon_for(product_type)]
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300" width="400" height="300"'
        ' role="img">'
        f"<title>{escape(label)}</title>"
        '<rect width="400" height="300" fill="#fafbfc"/>'
        '<g transform="translate(140 70)" fill="none" stroke="#0b6e4f" stroke-width="5"'
        f' stroke-linecap="round" stroke-linejoin="round">{icon}</g>'
        '<text x="200" y="222" text-anchor="middle" font-family="system-ui, sans-serif"'
        f' font-size="22" fill="#5d6678">{escape(label)}</text>'
        "</svg>"
    ).encode()
