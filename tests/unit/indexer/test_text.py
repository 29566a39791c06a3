from core.text import fold, index_text, root, root_text, stem, stem_text, tokens


def test_fold_strips_accents_and_case() -> None:
    assert fold("Café CRÈME") == "cafe creme"


def test_tokens_keep_decimals_and_split_punctuation() -> None:
    assert tokens('HP-250 G8 15.6" USB-C') == ["hp", "250", "g8", "15.6", "usb", "c"]


def test_stem_singularises_plurals_like_lucene_minimal() -> None:
    assert stem("laptops") == "laptop"
    assert stem("batteries") == "battery"
    assert stem("cables") == "cable"
    assert stem("glass") == "glass"
    assert stem("status") == "status"
    assert stem("shoes") == "shoes"  # "oes" is left alone, as in Lucene
    assert stem("g8s") == "g8s"  # model numbers are not words


def test_stem_text_is_the_same_on_both_sides() -> None:
    assert stem_text("Laptops") == stem_text("laptop") == "laptop"
    assert stem_text(None) == ""


def test_root_strips_ing_and_ed_but_not_er() -> None:
    assert root("lighting") == root("lighted") == root("light") == "light"
    assert root("railing") == "rail" and root("flooring") == "floor"
    assert root("fitting") == "fit" and root("drilling") == "drill"
    assert root("heater") == "heater" and root("washer") == "washer"


def test_root_leaves_short_bodies_and_model_codes() -> None:
    assert [root(w) for w in ("string", "king", "speed", "led", "used")] == [
        "string",
        "king",
        "speed",
        "led",
        "used",
    ]
    assert root("tape") == "tape"  # not "tap": a final e goes only from longer words
    assert root("house") == root("housing") == "hous"
    assert root("g8ing") == "g8ing"


def test_index_text_holds_terms_then_roots_and_root_text_matches_it() -> None:
    assert index_text("LED Lighting Fixtures") == "led lighting fixture light fixtur"
    assert set(root_text("lighting fixture").split()) <= set(index_text("Light Fixtures").split())
    assert stem_text("lighting") not in index_text("Light").split()
