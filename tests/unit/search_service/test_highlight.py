from search_service.highlight import Highlighter, within_edits


def test_marks_exact_stemmed_and_typo_matches_and_escapes() -> None:
    assert (
        Highlighter("laptops").mark("HP <b>Laptop</b> sleeve")
        == "HP &lt;b&gt;<em>Laptop</em>&lt;/b&gt; sleeve"
    )
    assert Highlighter("labtop").mark("Acme laptop") == "Acme <em>laptop</em>"
    assert Highlighter("creme").mark("Café Crème") == "Café <em>Crème</em>"
    assert Highlighter("usb").mark("Acme HDMI cable") is None


def test_short_words_need_exact_matches() -> None:
    assert Highlighter("aa").mark("AAA battery") is None
    assert Highlighter("aa").mark("AA battery") == "<em>AA</em> battery"


def test_bounded_edit_distance() -> None:
    assert within_edits("laptop", "labtop", 1)
    assert within_edits("headphones", "hedphones", 2)
    assert not within_edits("laptop", "desktop", 2)
