"""A model with one direction removed from every vector it gives ("hard debias", the
neutralising step of Bolukbasi et al. 2016): ``v − (v·d̂) d̂``.

The Analogy and Map pages ask the same question of such a model as of the original, so the two
answers can be read side by side. A word model becomes a new :class:`WordEmbedder` over the
cleaned matrix (its whole vocabulary, so an analogy still ranks every word); a sentence model is
wrapped, its encodings (cached as usual) cleaned on the way out. Either way the name says what
was removed, so nothing cached under the original name is mixed up with the cleaned vectors.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from core.directions.direction import Direction, along, remove
from core.errors import InputError
from core.keys import digest
from core.models.registry import Embedder, WordEmbedder
from core.progress import Progress

_CHUNK = 50_000  # rows cleaned at a time (keeps the float64 working copy small)


def _tag(direction: Direction) -> str:
    return digest(np.asarray(direction.vector, np.float64), size=6)


class DebiasedEncoder:
    """A sentence (or any) model whose encodings have the direction taken out."""

    def __init__(self, base: Embedder, direction: Direction, label: str) -> None:
        self.base, self.direction, self.label = base, direction, label
        self.kind, self.dim = base.kind, base.dim
        self.name = f"{base.name} without {label} [{_tag(direction)}]"

    def encode(
        self, texts: Sequence[str], *, batch_size: int = 64, progress: Progress | None = None
    ) -> np.ndarray:
        vectors = self.base.encode(texts, batch_size=batch_size, progress=progress)
        return remove(vectors, self.direction)


def debiased(model: Embedder, direction: Direction, label: str) -> Embedder:
    """``model`` with ``direction`` removed from every vector; ``label`` names the direction.

    Raises InputError when the direction was made in another space (other dimensions).
    """
    if len(direction.vector) != model.dim:
        raise InputError(
            f"The direction has {len(direction.vector)} dimensions and {model.name} has "
            f"{model.dim}: make the direction with the same model."
        )
    if not isinstance(model, WordEmbedder):
        return DebiasedEncoder(model, direction, label)
    vectors = np.empty(model.vectors.shape, dtype=np.float32)
    for start in range(0, len(vectors), _CHUNK):
        part = np.asarray(model.vectors[start : start + _CHUNK], dtype=np.float32)
        vectors[start : start + _CHUNK] = remove(part, direction)
    vectors.setflags(write=False)  # shared by every session, like the original matrix
    cleaned = WordEmbedder(f"{model.name} without {label} [{_tag(direction)}]",
                           model.vocabulary, vectors)  # fmt: skip
    cleaned.__dict__["index"] = model.index  # same words, same rows: share the word index
    return cleaned


def leaning(vectors, direction: Direction) -> float:
    """How far a set of vectors leans along the direction: the mean |cosine| with it."""
    v = np.asarray(vectors, dtype=np.float64)
    return float(np.abs(along(v, direction)).mean()) if len(v) else 0.0
