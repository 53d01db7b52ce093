"""Built-in demo sets, from the examples the product grew from, plus GloVe's most frequent words."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from core.errors import InputError
from core.models.registry import DEFAULT_MODEL, GLOVE

GLOVE_TOP = "glove-top"
GLOVE_MAX = 400_000


@dataclass(frozen=True)
class Dataset:
    """A table of texts with a group label each.

    ``model`` is the model it is meant for; ``query`` a sample query (search sets only);
    ``columns`` other columns of the table (name → one plain value per text: str, int or float,
    dates as "YYYY-MM-DD"), offered as "colour by".
    """

    name: str
    title: str
    description: str
    texts: list[str]
    labels: list[str]
    model: str = DEFAULT_MODEL
    query: str | None = None
    columns: dict[str, list] = field(default_factory=dict)

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame({"text": self.texts, "label": self.labels, **self.columns})


# The 90-word list of the t-SNE seed, in its 18 groups of five. "swimmer" and "surfer" stand in
# two groups each there; the dataset keeps each word once, in its first group (88 words), so
# every page counts the same items and no page has to explain repeats.
_NINETY = {
    "Animals": ["cat", "dog", "elephant", "lion", "tiger"],
    "Water-related": ["swim", "dive", "surf", "boat", "ocean"],
    "Athlete-related": ["run", "jump", "athlete", "sports", "fitness"],
    "Coding-related": ["code", "programming", "developer", "software", "computer"],
    "Marine animals": ["fish", "shark", "whale", "dolphin", "octopus"],
    "Exercise-related": ["sprint", "marathon", "exercise", "gym", "race"],
    "Programming languages": ["data", "algorithm", "python", "java", "javascript"],
    "Birds": ["bird", "eagle", "falcon", "penguin", "parrot"],
    "Water-related roles": ["swimmer", "diver", "surfer", "sailor", "fisherman"],
    "Sports": ["soccer", "basketball", "football", "tennis", "volleyball"],
    "Coding terms": ["debug", "compile", "function", "variable", "loop"],
    "Safari animals": ["horse", "zebra", "giraffe", "cheetah", "kangaroo"],
    "Water actions": ["drown", "float", "wave", "current", "splash"],
    "Athlete roles": ["runner", "cyclist", "swimmer", "jumper", "climber"],
    "Software terms": ["database", "API", "framework", "library", "interface"],
    # The seed calls this group "Reptiles", but a frog is an amphibian.
    "Reptiles and amphibians": ["frog", "turtle", "crocodile", "alligator", "lizard"],
    "Water equipment": ["scuba", "surfboard", "paddle", "kayak", "snorkel"],
    "Athletic roles": ["gymnast", "weightlifter", "skater", "surfer", "dancer"],
}

SEARCH_QUERY = "How do computers learn from data?"

_FIXED: dict[str, Dataset] = {}


def _first_of_each(groups: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(word, group) in list order, a word that repeats kept at its first place and group."""
    first: dict[str, str] = {}
    for group, words in groups.items():
        for word in words:
            first.setdefault(word, group)
    return list(first.items())


def _add(name: str, title: str, description: str, rows: list[tuple[str, str]], **kw) -> None:
    _FIXED[name] = Dataset(
        name, title, description, [t for t, _ in rows], [g for _, g in rows], **kw
    )


_NINETY_ROWS = _first_of_each(_NINETY)
_add(
    "ninety-words",
    f"{len(_NINETY_ROWS)} words in {len(_NINETY)} groups",
    "The classic t-SNE demo: animals, water, sport and code words. Similar words should cluster. "
    f"(Its list has {sum(map(len, _NINETY.values()))} entries: 'swimmer' and 'surfer' are in two "
    "groups; each is kept once.)",
    _NINETY_ROWS,
)
_add(
    "cat-kitten-dog",
    "cat, kitten, dog",
    "Three words: is 'cat' closer to 'kitten' or to 'dog'?",
    [("cat", "cat family"), ("kitten", "cat family"), ("dog", "dog")],
)
_add(
    "cat-sentences",
    "Cat, feline, dogs, Python",
    "Four sentences: two say the same thing in different words, two are about something else.",
    [
        ("The cat sits on the mat", "cats"),
        ("A feline rests on the carpet", "cats"),
        ("Dogs are playing in the park", "dogs"),
        ("Python is a programming language", "programming"),
    ],
)
_add(
    "search-documents",
    "Semantic search documents",
    "A small knowledge base about machine learning, and a query that shares almost no words with it.",
    [
        ("Machine learning is a subset of artificial intelligence", "AI"),
        ("Deep learning uses neural networks with many layers", "neural networks"),
        ("Python is the most popular programming language for ML", "tools"),
        ("Natural language processing helps computers understand text", "AI"),
        ("Computer vision enables machines to interpret images", "AI"),
        ("Data preprocessing is crucial for model accuracy", "tools"),
        ("Gradient descent optimizes neural network weights", "neural networks"),
    ],
    query=SEARCH_QUERY,
)
_add(
    "bank-sentences",
    "'bank': river or money",
    "The same word in two senses. A sentence model tells them apart; a static word vector cannot.",
    [
        ("I sat by the river bank", "river"),
        ("The boat drifted toward the muddy bank", "river"),
        ("Fishermen lined the bank of the stream", "river"),
        ("Wildflowers grew along the grassy bank", "river"),
        ("I went to the bank to deposit money", "money"),
        ("The bank approved my loan application", "money"),
        ("She opened a savings account at the bank", "money"),
        ("The bank raised its interest rates", "money"),
    ],
)
_add(
    "royalty-gender",
    "Royalty and gender",
    "Words that king − man + woman plays with: does gender show as a direction?",
    [
        (w, g)
        for g, ws in {
            "royal, male": ["king", "prince", "emperor", "duke"],
            "royal, female": ["queen", "princess", "empress", "duchess"],
            "male": ["man", "boy", "father", "brother", "husband"],
            "female": ["woman", "girl", "mother", "sister", "wife"],
        }.items()
        for w in ws
    ],
    model=GLOVE,
)

TICKETS_CSV = Path(__file__).with_name("data") / "support_tickets.csv"
_TICKET_NUMBERS = {"minutes_to_first_reply"}


def _support_tickets() -> tuple[list[tuple[str, str]], dict[str, list]]:
    """The tickets of data/support_tickets.csv (made by bench/make_tickets.py), every row kept:
    (body, theme) rows and the other columns, numbers as int, dates as ISO strings."""
    with TICKETS_CSV.open(encoding="utf-8", newline="") as f:
        records = list(csv.DictReader(f))
    rows = [(r["body"], r["theme"]) for r in records]
    names = [n for n in records[0] if n not in ("body", "theme")]
    columns = {n: [int(r[n]) if n in _TICKET_NUMBERS else r[n] for r in records] for n in names}
    return rows, columns


_TICKET_ROWS, _TICKET_COLUMNS = _support_tickets()
_add(
    "support-tickets",
    f"Support tickets ({len(_TICKET_ROWS)}, six months)",
    f"{len(_TICKET_ROWS)} made-up support tickets of a made-up home-and-garden shop, January to June "
    f"2026, in {len(set(t for _, t in _TICKET_ROWS))} known themes, with date, product, priority and "
    "minutes to first reply to colour by. Some texts repeat word for word, as in real ticket tables.",
    _TICKET_ROWS,
    columns=_TICKET_COLUMNS,
)


def list_datasets() -> list[Dataset]:
    """The fixed demo sets, then a default-sized GloVe top-N set."""
    return [*_FIXED.values(), glove_top(10_000)]


def load_dataset(name: str, *, n: int | None = None) -> Dataset:
    """A demo set by name; ``"glove-top"`` takes ``n`` (1..400,000, default 10,000).

    Raises InputError for an unknown name or a bad n.
    """
    if name == GLOVE_TOP:
        return glove_top(10_000 if n is None else n)
    if name not in _FIXED:
        raise InputError(f"Unknown dataset: {name!r}. Must be one of: {[*_FIXED, GLOVE_TOP]}.")
    return _FIXED[name]


_BANDS = ((1_000, "top 1k"), (10_000, "1k–10k"), (50_000, "10k–50k"), (100_000, "50k–100k"))


def glove_top(n: int) -> Dataset:
    """The n most frequent GloVe words, labelled by frequency band (no encoding needed)."""
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= GLOVE_MAX:
        raise InputError(f"n must be a whole number from 1 to {GLOVE_MAX:,}; got {n!r}.")
    from core.models.registry import load_model

    words = load_model(GLOVE).vocabulary[:n]
    labels = []
    for i in range(len(words)):
        labels.append(next((lab for top, lab in _BANDS if i < top), "100k+"))
    return Dataset(
        GLOVE_TOP,
        f"GloVe top {n:,} words",
        f"The {n:,} most frequent words of GloVe 6B (with punctuation), coloured by frequency band.",
        list(words),
        labels,
        model=GLOVE,
    )
