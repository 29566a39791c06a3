"""The store's dictionary: real words are matched as written, slips and codes are not words."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from core.settings import get_settings
from retrieval.dictionary import is_dictionary_word


@pytest.fixture()
def language(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Let a test set AISLE_DICTIONARY_LANGUAGE, and forget it afterwards."""
    get_settings.cache_clear()
    yield
    monkeypatch.undo()
    get_settings.cache_clear()


def test_words_of_the_language_are_known_and_slips_are_not() -> None:
    assert all(map(is_dictionary_word, ["spackle", "chimney", "tape", "faucet"]))
    assert not any(map(is_dictionary_word, ["hamer", "labtop", "recieve", "toliet"]))
    # Codes and numbers are never dictionary words, whatever their letters.
    assert not any(map(is_dictionary_word, ["wh1000xm4", "18.7", ""]))


def test_an_empty_language_turns_the_dictionary_off(
    monkeypatch: pytest.MonkeyPatch, language: None
) -> None:
    monkeypatch.setenv("AISLE_DICTIONARY_LANGUAGE", "")
    get_settings.cache_clear()
    assert not is_dictionary_word("spackle")


def test_another_language_uses_its_own_words(
    monkeypatch: pytest.MonkeyPatch, language: None
) -> None:
    monkeypatch.setenv("AISLE_DICTIONARY_LANGUAGE", "de")
    get_settings.cache_clear()
    assert is_dictionary_word("schrank") and not is_dictionary_word("spackle")
