"""Helpers for the AppTest suites: open the app, read what a page shows, decode its charts.

Plotly 6+ serialises numpy arrays in a chart's JSON as ``{"dtype": …, "bdata": base64}``;
:func:`array` turns those (and plain lists) back into numpy arrays.
"""

from __future__ import annotations

import base64
import contextlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from unittest.mock import MagicMock, patch

import numpy as np
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).parents[2] / "app.py")
TIMEOUT = 300


def new_app() -> AppTest:
    """A fresh session of the whole app (models and caches are shared by the process)."""
    return AppTest.from_file(APP, default_timeout=TIMEOUT)


def assert_ok(at: AppTest) -> None:
    """No traceback on the page (the message lists any, so a failure says what broke)."""
    assert not at.exception, [f"{e.value}\n{''.join(e.stack_trace)}" for e in at.exception]


def open_page(at: AppTest, page: str) -> AppTest:
    """Switch to pages/<page>.py, run it and check it drew without a traceback."""
    at.switch_page(f"pages/{page}.py").run()
    assert_ok(at)
    return at


def values(elements) -> list[str]:
    return [e.value for e in elements]


def one_text(elements) -> str:
    """All the texts of some elements (errors, infos, captions…) joined, for `in` checks."""
    return "\n".join(str(e.value) for e in elements)


def said(elements) -> str:
    """The texts of some elements as the user reads them: messages that may quote user text are
    escaped for markdown (components.text.plain), so "a.csv" arrives as "a\\.csv" (and some
    patterns carry an invisible word joiner)."""
    return re.sub(r"\\(.)", r"\1", one_text(elements)).replace("\u2060", "")


def charts(at: AppTest) -> list[dict]:
    """Every plotly chart on the page as its JSON figure (data + layout)."""
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def chart(at: AppTest, key: str) -> dict:
    found = [c for c in at.get("plotly_chart") if c.key == key]
    assert found, (
        f"no plotly chart with key {key!r}; keys: {[c.key for c in at.get('plotly_chart')]}"
    )
    return json.loads(found[0].proto.spec)


def array(value) -> np.ndarray:
    """A plotly JSON array (typed ``bdata`` or a plain list) as numpy."""
    if isinstance(value, dict) and "bdata" in value:
        arr = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        if "shape" in value:
            arr = arr.reshape([int(s) for s in str(value["shape"]).split(",")])
        return arr
    return np.asarray(value, dtype=object)


def _component(at: AppTest, key: str):
    found = [e for e in at.get("bidi_component") if e.key == key]
    assert found, f"no component {key!r}; keys: {[e.key for e in at.get('bidi_component')]}"
    return found[0].proto


def map_view(at: AppTest) -> dict:
    """What the map's view element got this run: picked row, rings, lists, legend (JSON)."""
    return json.loads(_component(at, "map_view").json)


def map_blob(at: AppTest, key: str = "map_points"):
    """A map blob ("map_points" or "map_colours") decoded: header, arrays, label bytes."""
    from components.map.payload import decode

    return decode(_component(at, key).bytes)


def map_points(at: AppTest) -> list[tuple[int, str]]:
    """(row id, hover label) of every point the map draws, from the binary points blob."""
    header, (_, offsets), text = map_blob(at)
    labels = [text[offsets[i] : offsets[i + 1]].decode() for i in range(header["n"])]
    return list(enumerate(labels))


def map_coords(at: AppTest) -> np.ndarray:
    return map_blob(at)[1][0]


def explore_typed(at: AppTest, text: str) -> AppTest:
    """On the Data page: type items, press "Explore these" (they become the sidebar dataset)."""
    open_page(at, "data")
    at.text_area(key="data_typed").input(text).run()
    assert_ok(at)
    at.button(key="data_typed_use").click().run()
    assert_ok(at)
    assert at.session_state["frame_dataset"] == "custom"
    return at


@contextlib.contextmanager
def recorded_downloads() -> Iterator[dict[str, tuple[bytes, str | None]]]:
    """Bytes behind every download button drawn inside the block, by media file id.

    AppTest keeps downloads in an in-memory media store that is dropped after each run; this
    records what is stored there. ``file_id(button)`` gives the key of one button's file.
    """
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    stored: dict[str, tuple[bytes, str | None]] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def spy(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        stored[file_id] = (path_or_data, filename)
        return file_id

    with patch.object(MemoryMediaFileStorage, "load_and_get_id", spy):
        yield stored


def file_id(button) -> str:
    return button.proto.url.rsplit("/", 1)[-1].split(".", 1)[0]


@contextlib.contextmanager
def shared_runtime() -> Iterator[None]:
    """Let several AppTest sessions run at the same time, in threads.

    Each ``AppTest.run`` installs a mock Streamlit Runtime (a process-wide singleton) and patches
    the config option ``global.appTest``, and removes both when it finishes, which would pull them
    from under a session still running in another thread. Inside this block one mock runtime and
    one config patch serve every session; each session still has its own session state, script
    runner and widgets, as separate browser tabs on one server do.
    """
    from streamlit.components.v2.component_manager import BidiComponentManager
    from streamlit.runtime import Runtime
    from streamlit.runtime.caching.storage.dummy_cache_storage import (
        MemoryCacheStorageManager,
    )
    from streamlit.runtime.dataframe_source_manager import DataframeSourceManager
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
    from streamlit.testing.v1 import app_test
    from streamlit.testing.v1.util import patch_config_options

    runtime = MagicMock(spec=Runtime)
    runtime.media_file_mgr = MediaFileManager(MemoryMediaFileStorage("/mock/media"))
    runtime.dataframe_source_mgr = DataframeSourceManager()
    runtime.cache_storage_manager = MemoryCacheStorageManager()
    components = BidiComponentManager()
    components.discover_and_register_components(start_file_watching=False)
    runtime.bidi_component_registry = components

    class _PerRunRuntime(Runtime):
        """Where each run parks (and clears) its own mock runtime, instead of the real class."""

    saved = Runtime._instance
    Runtime._instance = runtime
    try:
        with (
            patch.object(app_test, "Runtime", _PerRunRuntime),
            patch.object(app_test, "patch_config_options", lambda _o: contextlib.nullcontext()),
            patch_config_options({"global.appTest": True}),
        ):
            yield
    finally:
        Runtime._instance = saved
