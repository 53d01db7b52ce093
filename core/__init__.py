"""Embedding Explorer's engine: models, encoding cache, projections, neighbours, similarity,
analogies, clustering, datasets and input parsing. Plain Python and numpy; never imports Streamlit.

Importing ``core`` is cheap: torch, sentence-transformers, umap and openTSNE are imported inside the
functions that need them.
"""

from core.errors import ExplorerError, InputError, ModelLoadError, OutOfVocabularyError

__all__ = ["ExplorerError", "InputError", "ModelLoadError", "OutOfVocabularyError"]
