"""Models: the bundled sentence model (float and int8) and GloVe, any other sentence-transformers
model by name, and contextual (per-token) vectors. ``load_model(name)`` is the way in.
"""

from __future__ import annotations

from core.models.contextual import context_comparison, word_vector_in, word_vectors_in
from core.models.embedders import Embedder, SentenceEmbedder, WordEmbedder
from core.models.registry import (
    DEFAULT_MODEL,
    GLOVE,
    INT8_MODEL,
    ModelInfo,
    available_models,
    load_model,
)

__all__ = [
    "DEFAULT_MODEL",
    "Embedder",
    "GLOVE",
    "INT8_MODEL",
    "ModelInfo",
    "SentenceEmbedder",
    "WordEmbedder",
    "available_models",
    "context_comparison",
    "load_model",
    "word_vector_in",
    "word_vectors_in",
]
