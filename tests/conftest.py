"""Shared fixtures: the two bundled models, each loaded once per test session.

They load offline from their packages. The sentence model's encoding cache lives in a session
temporary folder, never in the user's cache; tests that count model calls build their own embedder
over ``tmp_path`` (see tests/core/base/test_cache.py).
"""

from __future__ import annotations

import pytest

from core.models.registry import DEFAULT_MODEL, GLOVE, SentenceEmbedder, WordEmbedder, load_model


@pytest.fixture(scope="session")
def minilm(tmp_path_factory) -> SentenceEmbedder:
    return load_model(DEFAULT_MODEL, cache_dir=tmp_path_factory.mktemp("minilm-cache"))


@pytest.fixture(scope="session")
def glove() -> WordEmbedder:
    return load_model(GLOVE)
