"""The shopper's and session's features, by name (ranking.features lists and orders them).

Anonymous shoppers with no history get zero, or NaN for price fit and uptakes.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from behaviour.profiles import Profile, price_band

if TYPE_CHECKING:
    from ranking.features import Candidate, Feature, Window

# A brand or price band shown this many times counts half its own uptake, half the usual rate.
UPTAKE_SMOOTHING = 2.0


def _brand_affinity(c: Candidate, w: Window) -> float:
    """Return the brand's share of the shopper's brand interest."""
    if w.profile is None:
        return 0.0
    return w.profile.brands.get(c.source.get("brand") or "", 0.0) / w.brand_total


def _type_affinity(c: Candidate, w: Window) -> float:
    """Return the product type's share of the shopper's type interest."""
    if w.profile is None:
        return 0.0
    return w.profile.types.get(c.source.get("product_type") or "", 0.0) / w.type_total


def _price_fit(c: Candidate, w: Window) -> float:
    """Return 1 at the shopper's usual price, falling off like a bell curve (NaN: unknown)."""
    price, profile = c.source.get("price"), w.profile
    if profile is None or price is None or profile.price_n < 2:
        return math.nan
    mean = profile.price_sum / profile.price_n
    spread = math.sqrt(max(profile.price_sq / profile.price_n - mean * mean, (0.25 * mean) ** 2))
    return math.exp(-0.5 * ((float(price) - mean) / spread) ** 2) if spread else math.nan


def _brand_uptake(c: Candidate, w: Window) -> float:
    """Return the uptake of the product's brand (NaN: no brand, or nothing shown yet)."""
    brand, profile = c.source.get("brand"), w.profile
    if profile is None or not brand:
        return math.nan
    return uptake(profile, profile.brands.get(brand, 0.0), profile.shown_brands.get(brand, 0.0))


def _price_uptake(c: Candidate, w: Window) -> float:
    """Return the uptake of the product's price band, its neighbour bands counting half."""
    price, profile = c.source.get("price"), w.profile
    if profile is None or price is None:
        return math.nan
    band = price_band(float(price))
    near = {band - 1: 0.5, band: 1.0, band + 1: 0.5}
    interest = sum(weight * profile.band_interest.get(b, 0.0) for b, weight in near.items())
    shown = sum(weight * profile.shown_bands.get(b, 0.0) for b, weight in near.items())
    return uptake(profile, interest, shown)


def uptake(profile: Profile, interest: float, shown: float) -> float:
    """Return interest per impression over the shopper's usual rate (NaN: shown nothing yet).

    Smoothed toward the usual (UPTAKE_SMOOTHING impressions' worth), so one lucky click on a
    rarely shown brand does not look like a passion.
    """
    if not profile.shown:
        return math.nan
    usual = (profile.interest + 1.0) / (profile.shown + 2.0)
    rate = (interest + UPTAKE_SMOOTHING * usual) / (shown + UPTAKE_SMOOTHING)
    return rate / usual


def _viewed_item(c: Candidate, w: Window) -> float:
    """Return 1 when the shopper recently viewed this product."""
    return float(c.product_id in w.profile.viewed) if w.profile else 0.0


def _carted_item(c: Candidate, w: Window) -> float:
    """Return 1 when the shopper recently carted this product."""
    return float(c.product_id in w.profile.carted) if w.profile else 0.0


def _cluster_item_share(c: Candidate, w: Window) -> float:
    """Return this product's share of the shopper's segment's interest."""
    cluster = w.profile.cluster if w.profile else None
    return cluster.items.get(c.product_id, 0.0) if cluster else 0.0


def _cluster_type_share(c: Candidate, w: Window) -> float:
    """Return this product type's share of the shopper's segment's interest."""
    cluster = w.profile.cluster if w.profile else None
    return cluster.types.get(c.source.get("product_type") or "", 0.0) if cluster else 0.0


def _session_acts(c: Candidate, w: Window) -> float:
    """Return how many acts the shopper's current session holds."""
    return float(len(w.session))


def _session_type_share(c: Candidate, w: Window) -> float:
    """Return the share of the session's acts on this product's type."""
    return _session_share(w, "product_type", c.source.get("product_type"))


def _session_brand_share(c: Candidate, w: Window) -> float:
    """Return the share of the session's acts on this product's brand."""
    return _session_share(w, "brand", c.source.get("brand"))


def _session_share(w: Window, field: str, value: Any) -> float:
    """Return the share of the session's acts whose `field` is `value` (0: no session)."""
    if not w.session:
        return 0.0
    same = sum(getattr(act, field) == value for act in w.session if value)
    return float(same / len(w.session))


SHOPPER_FUNCTIONS: dict[str, Feature] = {
    "brand_affinity": _brand_affinity,
    "type_affinity": _type_affinity,
    "price_fit": _price_fit,
    "brand_uptake": _brand_uptake,
    "price_uptake": _price_uptake,
    "viewed_item": _viewed_item,
    "carted_item": _carted_item,
    "cluster_item_share": _cluster_item_share,
    "cluster_type_share": _cluster_type_share,
    "session_acts": _session_acts,
    "session_type_share": _session_type_share,
    "session_brand_share": _session_brand_share,
}
