"""Several people at once: each AppTest is its own session (own session state, widgets and
custom data) over one process whose models and caches are shared. Nobody may see another
session's data or selection."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from apptest_helpers import (
    assert_ok,
    explore_typed,
    map_points,
    map_view,
    new_app,
    open_page,
    shared_runtime,
)
from streamlit import config
from streamlit.runtime import Runtime

TYPED = ["violin", "cello", "trumpet", "flute", "drum", "harp"]


def typed_session():
    """Types its own items, explores them on the Map, and stays on them."""
    at = new_app()
    explore_typed(at, "\n".join(TYPED))
    open_page(at, "map")
    return at


def builtin_session():
    """Stays on the built-in 90 words and picks 'cat'."""
    at = open_page(new_app(), "map")
    at.session_state["map_selected"] = 0
    at.run()
    assert_ok(at)
    return at


def analogy_session():
    at = open_page(new_app(), "analogy")
    at.button(key="analogy_preset_paris").click().run()
    assert_ok(at)
    return at


def check_isolated(typed, builtin, analogy) -> None:
    # the typed session maps exactly its own items and has no pick
    assert dict(map_points(typed)) == dict(enumerate(TYPED))
    assert map_view(typed)["selected"] is None
    assert typed.session_state["frame_dataset"] == "custom"
    # the built-in session never got the typed items, and keeps its own pick
    assert "custom" not in builtin.session_state
    assert not any(
        o.startswith("Your data") for o in builtin.selectbox(key="frame_dataset").options
    )
    assert len(map_points(builtin)) == 88
    assert map_view(builtin)["selected_text"] == "cat"
    assert builtin.session_state["frame_dataset"] == "ninety-words"
    # the analogy session has its own words
    assert analogy.text_input(key="analogy_b").value == "paris"
    assert "custom" not in analogy.session_state
    assert "map_selected" not in analogy.session_state


def test_sessions_one_after_another_do_not_mix():
    typed, builtin, analogy = typed_session(), builtin_session(), analogy_session()
    # rerun each after the others have changed the shared caches
    for at in (typed, builtin, analogy):
        at.run()
        assert_ok(at)
    check_isolated(typed, builtin, analogy)
    # a pick in one session does not reach the other
    typed.session_state["map_selected"] = 2
    typed.run()
    builtin.run()
    assert map_view(typed)["selected_text"] == "trumpet"
    assert map_view(builtin)["selected_text"] == "cat"


def _one_parse_at_a_time(monkeypatch) -> None:
    """CPython 3.11.7's AST conversions are not safe in several threads at once ("AST constructor
    recursion depth mismatch", python/cpython#106905, fixed in later 3.11 releases); AppTest
    parses and compiles each page script in its session's thread. A live server does that once
    per page (Streamlit's script cache); here the compiles are made one at a time."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    lock, get_bytecode = threading.Lock(), ScriptCache.get_bytecode

    def locked(self, script_path):
        with lock:
            return get_bytecode(self, script_path)

    monkeypatch.setattr(ScriptCache, "get_bytecode", locked)


def test_sessions_running_at_the_same_time_do_not_mix(monkeypatch):
    _one_parse_at_a_time(monkeypatch)
    start = threading.Barrier(3)

    def run(make):
        start.wait(timeout=60)
        return make()

    with shared_runtime(), ThreadPoolExecutor(max_workers=3) as pool:
        futures = [pool.submit(run, f) for f in (typed_session, builtin_session, analogy_session)]
        typed, builtin, analogy = (f.result(timeout=600) for f in futures)
        # and once more, all rerunning together
        again = [pool.submit(at.run) for at in (typed, builtin, analogy)]
        for f in again:
            assert_ok(f.result(timeout=600))
    check_isolated(typed, builtin, analogy)
    # the harness put AppTest's per-run globals back
    assert Runtime._instance is None
    assert config.get_option("global.appTest") is False
