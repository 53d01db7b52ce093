"""Property-based tests: whatever people type, upload or hand over, the only error that escapes
core is core.errors.InputError (or a subclass), which pages show as it is; and what does come back
is usable."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from core.errors import InputError
from core.io.uploads import parse_projector, parse_text, parse_upload
from core.neighbours.exact import nearest
from core.project.projection import project

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters that make parsing interesting: separators, quotes, line breaks of every kind,
# NUL and other controls, a BOM, non-ASCII letters.
TRICKY = st.sampled_from(
    list("ab xy,;\t\"'\n\r=-+.0123456789eE")
    + ["nan", "inf", "text", "label", "\x00", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\ufeff"]
    + ["\u00e9", "\u732b", "\U0001f408", "\u00a0"]
)
tricky_text = st.lists(TRICKY, max_size=60).map("".join)
any_text = st.one_of(st.text(max_size=200), tricky_text)


def _encoded(text: st.SearchStrategy[str]) -> st.SearchStrategy[bytes]:
    encodings = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"])
    return st.tuples(text, encodings).map(lambda te: te[0].encode(te[1], errors="replace"))


any_bytes = st.one_of(st.binary(max_size=300), _encoded(any_text))
filenames = st.tuples(
    st.sampled_from(["data", "My File", "x.y", ""]),
    st.sampled_from([".txt", ".csv", ".tsv", ".TSV", ".Csv", ".xlsx", ".json", ""]),
).map("".join)


def _check_parsed(parsed, max_items: int) -> None:
    assert 1 <= len(parsed.texts) <= max_items
    assert all(isinstance(t, str) and t for t in parsed.texts)
    repeated = len(parsed.texts) - len(set(parsed.texts))  # rows kept, each said in the note
    assert repeated == 0 or any(f"{repeated:,} row(s) repeat an earlier text" in n
                                for n in parsed.notes)  # fmt: skip
    assert parsed.labels is None or len(parsed.labels) == len(parsed.texts)
    assert all(isinstance(n, str) and n for n in parsed.notes)


# --- input parsing ------------------------------------------------------------------------


@SETTINGS
@given(text=any_text, max_items=st.integers(1, 20), sample=st.booleans())
def test_parse_text_raises_only_input_errors(text, max_items, sample):
    try:
        parsed = parse_text(text, max_items=max_items, sample=sample)
    except InputError:
        return
    _check_parsed(parsed, max_items)
    assert parsed.labels is None


@SETTINGS
@given(
    data=any_bytes,
    filename=filenames,
    text_column=st.sampled_from([None, "", "text", "label", "nope"]),
    label_column=st.sampled_from([None, "", "label", "text", "nope"]),
    max_items=st.integers(1, 20),
    sample=st.booleans(),
)
def test_parse_upload_raises_only_input_errors(
    data, filename, text_column, label_column, max_items, sample
):
    try:
        parsed = parse_upload(
            data,
            filename,
            text_column=text_column,
            label_column=label_column,
            max_items=max_items,
            sample=sample,
        )
    except InputError:
        return
    _check_parsed(parsed, max_items)
    assert filename.lower().endswith((".txt", ".csv", ".tsv"))


numbers_text = st.lists(
    st.sampled_from(list("0123456789.-+eE \t\n\r,") + ["nan", "inf", "1e39", "\t\t", "\n\n"]),
    max_size=60,
).map("".join)


@SETTINGS
@given(
    vectors=st.one_of(any_bytes, numbers_text.map(str.encode)),
    metadata=st.one_of(st.none(), any_bytes, tricky_text.map(str.encode)),
)
def test_parse_projector_raises_only_input_errors(vectors, metadata):
    try:
        parsed = parse_projector(vectors, metadata, max_rows=50)
    except InputError:
        return
    v = parsed.vectors
    assert v.ndim == 2
    assert v.dtype == np.float32
    assert len(v) >= 1
    assert v.shape[1] >= 1
    assert np.isfinite(v).all()
    assert len(parsed.texts) == len(v)
    assert parsed.labels is None or len(parsed.labels) == len(v)


# --- maths on any matrix ------------------------------------------------------------------

ELEMENTS = st.one_of(
    st.floats(-10, 10),
    st.sampled_from([0.0, -0.0, 1e-30, 1e30, -1e30, 3e38, np.nan, np.inf, -np.inf, 1e300]),
)
matrices = hnp.arrays(
    dtype=np.float64,
    shape=hnp.array_shapes(min_dims=2, max_dims=2, min_side=0, max_side=12),
    elements=ELEMENTS,
)


@SETTINGS
@given(
    vectors=matrices,
    n_components=st.sampled_from([2, 3]),
    metric=st.sampled_from(["cosine", "euclidean"]),
)
def test_pca_projection_raises_only_input_errors(vectors, n_components, metric):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # float32 overflow of 1e300 is expected
        try:
            coords = project(vectors, method="pca", n_components=n_components, metric=metric)
        except InputError:
            return
    assert coords.shape == (len(vectors), n_components)
    assert coords.dtype == np.float32


@SETTINGS
@given(
    vectors=matrices,
    query=st.one_of(
        st.integers(-3, 15),
        hnp.arrays(np.float64, st.integers(0, 13), elements=ELEMENTS),
    ),
    k=st.integers(-1, 15),
    metric=st.sampled_from(["cosine", "euclidean", "dot", "l1"]),
    exclude=st.lists(st.integers(-2, 15), max_size=5),
)
def test_nearest_raises_only_input_errors(vectors, query, k, metric, exclude):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            found = nearest(vectors, query, k=k, metric=metric, exclude=exclude)
        except InputError:
            return
    rows = [n.index for n in found]
    assert len(rows) <= k
    assert len(set(rows)) == len(rows)
    assert all(0 <= r < len(vectors) for r in rows)
    assert not set(rows) & set(exclude)
    if isinstance(query, int):
        assert query not in rows


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_the_properties_reach_non_finite_values(bad):
    # A guard for the strategies above: non-finite input is refused, not silently mapped.
    with pytest.raises(InputError, match=r"NaN or infinite values"):
        project([[1.0, bad], [0.0, 1.0]], method="pca")
