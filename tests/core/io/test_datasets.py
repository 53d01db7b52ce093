"""core.io.datasets: the built-in demo sets and the GloVe top-N set."""

from __future__ import annotations

from collections import Counter

import pytest

from core.errors import InputError
from core.io.datasets import GLOVE_TOP, SEARCH_QUERY, glove_top, list_datasets, load_dataset
from core.models.registry import DEFAULT_MODEL, GLOVE, available_models

FIXED = [
    "ninety-words",
    "cat-kitten-dog",
    "cat-sentences",
    "search-documents",
    "bank-sentences",
    "royalty-gender",
    "support-tickets",
]


def test_every_dataset_is_listed_once_with_glove_top_last():
    names = [d.name for d in list_datasets()]
    assert names == [*FIXED, GLOVE_TOP]


@pytest.mark.parametrize("name", [*FIXED, GLOVE_TOP])
def test_every_dataset_loads_with_one_label_per_text(name):
    data = load_dataset(name)
    assert data.name == name
    assert data.title
    assert data.description
    assert len(data.texts) == len(data.labels) > 0
    assert all(isinstance(t, str) and t.strip() for t in data.texts)
    assert all(isinstance(lab, str) and lab for lab in data.labels)
    assert data.model in {m.name for m in available_models()}
    frame = data.frame()
    assert list(frame.columns) == ["text", "label", *data.columns]
    assert frame["text"].tolist() == data.texts


def test_word_sets_meant_for_glove_are_all_in_its_vocabulary(glove):
    for data in list_datasets():
        if data.model == GLOVE:
            assert glove.lookup(data.texts)[1] == []


def test_the_ninety_word_set_keeps_each_of_its_88_words_once_in_its_first_group():
    data = load_dataset("ninety-words")
    assert len(data.texts) == len(set(data.texts)) == 88
    assert data.model == DEFAULT_MODEL
    groups = Counter(data.labels)
    assert len(groups) == 18
    assert groups["Athlete roles"] == groups["Athletic roles"] == 4  # lost swimmer, surfer
    assert set(groups.values()) == {4, 5}
    assert data.texts[:5] == ["cat", "dog", "elephant", "lion", "tiger"]
    label = dict(zip(data.texts, data.labels, strict=True))
    assert label["swimmer"] == label["surfer"] == "Water-related roles"
    assert data.texts.index("swimmer") < data.texts.index("runner")  # the seed's order


def test_the_ninety_word_sets_title_counts_what_it_holds():
    data = load_dataset("ninety-words")
    assert data.title == f"{len(data.texts)} words in {len(set(data.labels))} groups"
    assert "Its list has 90 entries" in data.description


def test_a_frog_is_filed_with_the_amphibians():
    data = load_dataset("ninety-words")
    label = dict(zip(data.texts, data.labels, strict=True))
    assert label["frog"] == label["lizard"] == "Reptiles and amphibians"
    assert "Reptiles" not in data.labels


def test_every_ninety_word_set_word_is_in_glove(glove):
    data = load_dataset("ninety-words")
    assert glove.lookup(data.texts)[1] == []


def test_the_search_set_has_its_query():
    data = load_dataset("search-documents")
    assert data.query == SEARCH_QUERY == "How do computers learn from data?"
    assert len(data.texts) == 7
    assert all(d.query is None for d in list_datasets() if d.name != "search-documents")


def test_cat_kitten_dog():
    assert load_dataset("cat-kitten-dog").texts == ["cat", "kitten", "dog"]


@pytest.mark.parametrize(
    ("n", "bands"),
    [
        (1, {"top 1k": 1}),
        (1000, {"top 1k": 1000}),
        (1001, {"top 1k": 1000, "1k–10k": 1}),
        (60_000, {"top 1k": 1000, "1k–10k": 9000, "10k–50k": 40_000, "50k–100k": 10_000}),
    ],
)
def test_glove_top_sizes_and_bands(glove, n, bands):
    data = glove_top(n)
    assert len(data.texts) == len(data.labels) == n
    assert data.texts == glove.vocabulary[:n]
    assert Counter(data.labels) == bands
    assert data.model == GLOVE
    assert f"{n:,}" in data.title


def test_glove_top_of_the_whole_vocabulary_reaches_the_last_band(glove):
    data = load_dataset(GLOVE_TOP, n=400_000)
    assert len(data.texts) == 400_000
    assert Counter(data.labels)["100k+"] == 300_000
    assert data.labels[-1] == "100k+"


def test_glove_top_defaults_to_ten_thousand():
    assert len(load_dataset(GLOVE_TOP).texts) == 10_000


def test_unknown_dataset_name_errors_listing_the_names():
    with pytest.raises(
        InputError,
        match=r"Unknown dataset: 'ninety'\. Must be one of: \['ninety-words', .*'glove-top'\]",
    ):
        load_dataset("ninety")


@pytest.mark.parametrize("n", [0, -5, 400_001, 2.5, True, "10"])
def test_glove_top_n_out_of_range_errors(n):
    with pytest.raises(InputError, match=r"n must be a whole number from 1 to 400,000; got "):
        load_dataset(GLOVE_TOP, n=n)
