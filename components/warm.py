"""Background preparation that no user should wait for, started once per server process (UMAP's
warm-up is started beside it, by :func:`components.resources.start_background_work`)."""

from __future__ import annotations

import logging

import streamlit as st

from components import resources
from core.analogy import candidates as analogy_candidates
from core.models.registry import DEFAULT_MODEL, Embedder

_log = logging.getLogger(__name__)


@st.cache_resource(show_spinner=False)
def start_warm_ups() -> bool:
    """Once per server process: once the sentence model has loaded, prepare its analogy
    candidates (20,000 GloVe words: ~35 s of encoding the first time, then read from the disk
    cache) in a low-priority background thread, so the first sentence-model analogy does not
    wait for them. A user who asks meanwhile waits for that work, not for a second run of it.

    Never raises into the page: the warm-up logs its own failures, and the first analogy then
    prepares the candidates itself.
    """
    try:
        analogy_candidates.warm_up_in_background(after=_sentence_model)
    except Exception:  # e.g. no thread could be started: only the warm-up is lost
        _log.warning("Could not start the analogy warm-up.", exc_info=True)
        return False
    return True


def _sentence_model() -> Embedder:
    # Called in the warm-up's thread. Not resources.model(), which shows a spinner while the model
    # loads and so needs a page (without one Streamlit logs "missing ScriptRunContext"): its
    # cached loader waits for the same load the app started and returns the same shared model.
    return resources._model(DEFAULT_MODEL)
