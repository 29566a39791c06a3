from catalog.generator import KINDS, generate_products


def test_same_seed_same_catalog_and_prefix_property() -> None:
    assert list(generate_products(50, 3)) == list(generate_products(50, 3))
    assert list(generate_products(10, 3)) == list(generate_products(200, 3))[:10]
    assert list(generate_products(10, 3)) != list(generate_products(10, 4))


def test_products_are_valid_and_varied() -> None:
    products = list(generate_products(2000, 1))
    assert len({p.sku for p in products}) == 2000
    assert len({p.product_type for p in products}) >= len(KINDS) * 0.8
    assert len({p.brand for p in products}) > 100
    assert all(p.price is not None and p.price > 0 for p in products)
    assert 0.02 < sum(p.stock == 0 for p in products) / 2000 < 0.15
    assert all(p.brand and p.brand in p.title for p in products)
