"""The two kinds of embedder every page uses: a sentence model behind the encoding cache, and
static word vectors looked up by word. Both have ``.name``, ``.kind`` ("sentence" or "word"),
``.dim`` and ``.encode(texts, *, batch_size=64, progress=None) -> np.ndarray`` (float32, (n, dim)).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Protocol

import numpy as np

from core.cache import EncodingCache
from core.errors import InputError, OutOfVocabularyError
from core.progress import Progress


class Embedder(Protocol):
    name: str
    kind: str
    dim: int

    def encode(
        self, texts: Sequence[str], *, batch_size: int = 64, progress: Progress | None = None
    ) -> np.ndarray: ...


class SentenceEmbedder:
    """A sentence-transformers model behind the on-disk encoding cache."""

    kind = "sentence"

    def __init__(self, name: str, model, cache: EncodingCache) -> None:
        self.name = name
        self.model = model  # never mutated after loading: it is shared between sessions
        self.cache = cache
        get_dim = (
            getattr(model, "get_embedding_dimension", None)
            or model.get_sentence_embedding_dimension
        )
        self.dim = int(get_dim())
        self.max_tokens = int(model.max_seq_length)

    def encode(
        self, texts: Sequence[str], *, batch_size: int = 64, progress: Progress | None = None
    ) -> np.ndarray:
        """Encode texts, taking what is cached from the cache and encoding only the rest.

        ``progress(done, total)`` is called as chunks finish. Raises InputError for non-strings.
        """
        texts = _check_texts(texts)
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        found = self.cache.get_many(self.name, texts, self.dim)
        for i, vec in found.items():
            out[i] = vec
        todo = list(dict.fromkeys(t for i, t in enumerate(texts) if i not in found))
        total, done = len(texts), len(found)
        if progress:
            progress(done, total)
        if todo:
            # Longest first, as sentence-transformers itself sorts, so chunking adds no padding.
            todo.sort(key=len, reverse=True)
            chunk = max(batch_size * 8, 256)
            where = {t: [] for t in todo}
            for i, t in enumerate(texts):
                if i not in found:
                    where[t].append(i)
            for start in range(0, len(todo), chunk):
                part = todo[start : start + chunk]
                vecs = self.model.encode(
                    part, batch_size=batch_size, convert_to_numpy=True, show_progress_bar=False
                ).astype(np.float32, copy=False)
                self.cache.put_many(self.name, part, vecs)
                for t, v in zip(part, vecs, strict=True):
                    for i in where[t]:
                        out[i] = v
                        done += 1
                if progress:
                    progress(done, total)
        return out

    def token_counts(self, texts: Sequence[str]) -> list[int]:
        """Number of tokens each text has (special tokens included), to tell what the limit cuts."""
        enc = self.model.tokenizer(list(texts), add_special_tokens=True, truncation=False)
        return [len(ids) for ids in enc["input_ids"]]

    def token_vectors(self, sentence: str) -> tuple[list[str], list[tuple[int, int]], np.ndarray]:
        """Contextual vectors of every token of one sentence: (tokens, char offsets, vectors)."""
        enc = self.model.tokenizer(
            [sentence], return_offsets_mapping=True, truncation=True, max_length=self.max_tokens
        )
        vecs = self.model.encode(
            [sentence], output_value="token_embeddings", convert_to_numpy=False
        )[0]
        vecs = np.asarray(
            vecs.detach().cpu().numpy() if hasattr(vecs, "detach") else vecs, dtype=np.float32
        )
        return enc.tokens(0), [tuple(o) for o in enc["offset_mapping"][0]], vecs


class WordEmbedder:
    """Static word vectors: one vector per vocabulary word, looked up (no model work)."""

    kind = "word"

    def __init__(self, name: str, vocabulary: list[str], vectors: np.ndarray) -> None:
        self.name = name
        self.vocabulary = vocabulary  # frequency order, most frequent first
        self.vectors = vectors
        self.dim = int(vectors.shape[1])

    @cached_property
    def index(self) -> dict[str, int]:
        return {w: i for i, w in enumerate(self.vocabulary)}

    @cached_property
    def unit_vectors(self) -> np.ndarray:
        """Row-normalised copy of the vectors (C order), computed once, for cosine maths."""
        v = np.ascontiguousarray(self.vectors, dtype=np.float32)
        norms = np.linalg.norm(v, axis=1, keepdims=True)
        return v / np.where(norms == 0, 1, norms)

    def lookup(self, words: Sequence[str]) -> tuple[list[int | None], list[str]]:
        """Row of each word (lowercased, trimmed; None if absent) and the missing words."""
        rows = [self.index.get(w.strip().lower()) for w in words]
        missing = [w for w, r in zip(words, rows, strict=True) if r is None]
        return rows, missing

    def encode(
        self, texts: Sequence[str], *, batch_size: int = 64, progress: Progress | None = None
    ) -> np.ndarray:
        """Vectors of words; raises OutOfVocabularyError naming every missing word."""
        texts = _check_texts(texts)
        rows, missing = self.lookup(texts)
        if missing:
            raise OutOfVocabularyError(missing, self.name)
        out = (
            np.asarray(self.vectors[np.asarray(rows, dtype=np.int64)], dtype=np.float32)
            if rows
            else np.empty((0, self.dim), np.float32)
        )
        if progress:
            progress(len(texts), len(texts))
        return out


def _check_texts(texts: Sequence[str]) -> list[str]:
    if isinstance(texts, str):
        raise InputError(
            f"Expected a list of texts, got one string ({texts[:40]!r}): wrap it in a list."
        )
    texts = list(texts)
    bad = [type(t).__name__ for t in texts if not isinstance(t, str)]
    if bad:
        raise InputError(f"Every item to encode must be text; got {len(bad)} of type {bad[0]}.")
    return texts
