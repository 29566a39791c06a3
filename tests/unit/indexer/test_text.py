from core.text import fold, stem, stem_text, tokens


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
