"""Sample-and-place: the sampled points keep a UMAP fitted on them alone (umap-learn called
directly), the others are placed by its transform, and the map keeps neighbours about as well
as a full fit; the app's project() switches to it above PLACE_ABOVE points."""

from __future__ import annotations

import numpy as np
import pytest

import core.project.projection as projection
from core.errors import InputError
from core.models.registry import GLOVE, load_model
from core.project.placement import Placer, sample_and_place, sample_rows
from core.project.projection import project
from core.project.trust import trustworthiness
from core.vectors import normalize_rows


@pytest.fixture(scope="module")
def words():
    glove = load_model(GLOVE)
    return glove.encode(glove.vocabulary[200:1700])


def test_the_sample_keeps_its_own_fit_and_the_rest_is_placed(words):
    import umap

    coords, placement = sample_and_place(words, sample=600)
    assert (placement.n, placement.sample, placement.placed) == (1500, 600, 900)
    assert "600 of the 1,500 points" in placement.text()
    rows = sample_rows(1500, 600, 0)
    alone = umap.UMAP(n_neighbors=15, min_dist=0.1, metric="cosine", random_state=0, n_jobs=1)
    np.testing.assert_allclose(
        coords[rows], alone.fit_transform(normalize_rows(words[rows])), atol=1e-4
    )
    rest = np.setdiff1d(np.arange(1500), rows)
    np.testing.assert_allclose(
        coords[rest], alone.transform(normalize_rows(words[rest])), atol=1e-3
    )


def test_placed_maps_keep_neighbours_nearly_as_well_as_a_full_fit(words):
    full = project(words, method="umap")
    placed, _ = sample_and_place(words, sample=500)
    tw_full, tw_placed = trustworthiness(words, full), trustworthiness(words, placed)
    # measured: 0.87 placed (a third fitted) against 0.94 full on these 1,500 GloVe words
    assert tw_placed > 0.8 and tw_placed > tw_full - 0.1, (tw_placed, tw_full)


def test_project_places_above_the_threshold(words, monkeypatch):
    monkeypatch.setattr(projection, "PLACE_ABOVE", 1000)
    monkeypatch.setattr("core.project.placement.DEFAULT_SAMPLE", 700)
    coords = project(words, method="umap")
    expected, _ = sample_and_place(normalize_rows(words), sample=700)  # project() normalises
    np.testing.assert_allclose(coords, expected, atol=1e-5)


def test_pca_placement_and_the_checks(words):
    placer = Placer("pca")
    with pytest.raises(InputError, match="Fit the placer"):
        placer.place(words)
    with pytest.raises(InputError, match="Sample-and-place works with"):
        Placer("tsne")
