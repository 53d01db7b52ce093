"""The Data page's input sections: column pickers for a table or a Parquet file, parsing with
a random sample offered past the cap, the preview, and "Explore these" (the set becomes this
session's dataset). Messages that may quote the user's own text are shown as typed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from components.frame.items import CUSTOM
from components.frame.state import persist
from components.text import plain, short
from core.errors import InputError
from core.io.parquet import parquet_layout, parse_parquet
from core.io.server_paths import confine
from core.io.shards import is_shard_folder, shard_paths
from core.io.tables import guess_columns, read_table, server_file, server_text
from core.io.uploads import ParsedInput, TooManyItemsError, parse_upload
from core.keys import digest

NONE = "(no labels)"
MEMO = "_data_memo"


def say_error(message: object) -> None:
    """An error that may quote the user's own text (a file name, a path, a cell): shown as typed."""
    st.error(plain(message), icon=":material/error:")


def remember(slot: str, key: tuple, compute):
    """compute(), or its result (or its InputError) from an earlier run with the same key: a
    big file is read and parsed once, not on every click on the page. One result per slot, so
    memory stays bounded."""
    memo = st.session_state.setdefault(MEMO, {})
    if slot not in memo or memo[slot][0] != key:
        try:
            with st.spinner("Reading the file… (a million rows take about 10 s)"):
                memo[slot] = (key, compute(), None)
        except InputError as exc:
            memo[slot] = (key, None, exc)
    _, value, error = memo[slot]
    if error is not None:
        raise error.with_traceback(None)  # the same object each run: no growing traceback
    return value


def use(parsed: ParsedInput, title: str) -> None:
    """Make the parsed input the current dataset of this session."""
    labels = parsed.labels or ["your data"] * len(parsed.texts)
    if parsed.vectors is not None:  # read-only: hashed once as a cache key, not on every rerun
        parsed.vectors.setflags(write=False)
    st.session_state[CUSTOM] = {
        "title": title,
        "texts": parsed.texts,
        "labels": labels,
        "vectors": parsed.vectors,
        "notes": parsed.notes,
        "columns": parsed.columns,
        "coords": parsed.coords,
    }
    st.session_state["frame_dataset"] = CUSTOM
    st.session_state["_data_used"] = (
        f"Now exploring “{plain(short(title, 80))}”: {len(parsed.texts):,} items. Open the Map."
    )


def parse_or_offer_sample(parse, key: str):
    """Run a parser; on too many items, say the cap and offer a random sample."""
    try:
        return parse(False)
    except TooManyItemsError as exc:
        say_error(exc)
        if st.button(f"Use a random sample of {exc.limit:,}", key=f"{key}_sample"):
            try:
                return parse(True)
            except InputError as again:  # a problem in rows the first check did not reach
                say_error(again)
    except InputError as exc:
        say_error(exc)
    return None


def preview(parsed: ParsedInput, key: str, title: str) -> None:
    for note in parsed.notes:
        st.info(plain(note), icon=":material/info:")
    labels = parsed.labels[:200] if parsed.labels else None
    table = ParsedInput(parsed.texts[:200], labels).frame()  # not a frame of a million rows
    for name, values in parsed.columns.items():  # the other columns, for "colour by" on the map
        table[name if name not in ("text", "label") else f"{name} (column)"] = values[:200]
    st.dataframe(table, hide_index=True, width="stretch", key=f"{key}_preview")
    st.caption(
        f"{len(parsed.texts):,} items"
        + (f", {parsed.vectors.shape[1]}-dimensional vectors" if parsed.vectors is not None else "")
        + (f", {len(parsed.columns)} more column(s) to colour by" if parsed.columns else "")
        + " (first 200 shown)."
    )
    # A callback: it runs before the sidebar's dataset widget exists (assigning its key after
    # would raise), and it still fires when the preview came from a one-run "random sample" click.
    st.button("Explore these", type="primary", key=f"{key}_use", on_click=use, args=(parsed, title))


def upload_section(upload, key: str = "data_upload") -> None:
    """Columns to pick (for a table), then the preview. A file that cannot be read gets its
    message here, and the rest of the page (the Projector tab, the downloads) still works."""
    if upload.name.lower().endswith(".parquet"):
        parquet_section(upload.getvalue(), upload.name, upload.file_id, key)
        return
    data = upload.getvalue()
    kwargs = {}
    if upload.name.lower().endswith((".csv", ".tsv")):
        try:
            table, _ = remember(
                f"{key}_table", (upload.file_id,), lambda: read_table(data, upload.name)
            )
        except InputError as exc:
            say_error(exc)
            return
        columns = list(table.columns)
        guess_text, guess_label = guess_columns(columns, table)
        c1, c2 = st.columns(2)
        text_col = c1.selectbox(
            "Text column",
            columns,
            index=columns.index(guess_text),
            key=f"data_text_col_{upload.file_id}",
        )
        label_col = label_picker(c2, columns, guess_label, upload.file_id)
        kwargs = {"text_column": text_col, "label_column": label_col}
    parsed = parse_or_offer_sample(
        lambda sample: remember(
            f"{key}_parsed",
            (upload.file_id, tuple(kwargs.items()), sample),
            lambda: parse_upload(data, upload.name, sample=sample, **kwargs),
        ),
        key,
    )
    if parsed:
        preview(parsed, key, upload.name)


def label_picker(where, columns: list[str], guess: str | None, file_id: str) -> str:
    """The label column picked ("" for none)."""
    options = [NONE, *columns]
    picked = where.selectbox(
        "Label column",
        options,
        index=options.index(guess) if guess in options else 0,
        key=f"data_label_col_{file_id}",
    )
    return "" if picked == NONE else picked


def parquet_section(source, name: str, file_id: str, key: str) -> None:
    """A Parquet file (its bytes, or a path on the server): the vector, text and label columns
    to use, then the preview."""
    try:
        layout = parquet_layout(source, name)
    except InputError as exc:
        say_error(exc)
        return
    single = [c for c in layout.columns if c not in layout.vector_columns]
    kwargs = {}
    if layout.vector_columns and single:  # else parsing says what is missing
        c1, c2, c3 = st.columns(3)
        vector = c1.selectbox(
            "Vector column",
            layout.vector_columns,
            key=f"data_vector_col_{file_id}",
            index=layout.vector_columns.index(layout.vector),
        )
        text = c2.selectbox(
            "Text column",
            single,
            key=f"data_text_col_{file_id}",
            index=single.index(layout.text) if layout.text in single else 0,
        )
        label = label_picker(c3, single, layout.label, file_id)
        kwargs = {"vector_column": vector, "text_column": text, "label_column": label}
    parsed = parse_or_offer_sample(
        lambda sample: remember(
            f"{key}_parsed",
            (file_id, tuple(kwargs.items()), sample),
            lambda: parse_parquet(source, name=name, sample=sample, **kwargs),
        ),
        key,
    )
    if parsed:
        preview(parsed, key, name)


@dataclass(frozen=True)
class KeptUpload:
    """An uploaded file kept in the session: Streamlit forgets an uploader's file when the user
    visits another page, and nothing a user entered may be lost."""

    name: str
    data: bytes
    file_id: str

    def getvalue(self) -> bytes:
        return self.data


def path_section(path: str) -> None:
    """A file opened by its path on the server: a Parquet file is read from disk where it
    lies; a text table's bytes are read once (until the file changes)."""
    try:
        path = str(confine(path))  # inside the folders the operator allowed, or refused
        file = shard_folder(path) or server_file(path)
        size, mtime = _size_and_time(file)
    except (InputError, OSError) as exc:
        say_error(exc)
        return
    st.caption(f"Opened on the server: **{plain(file)}** ({size / 2**20:,.1f} MB).")
    version = f"{file.resolve()}|{mtime}|{size}"
    file_id = "path_" + digest(version, size=6)
    persist(*(f"data_{c}_col_{file_id}" for c in ("text", "label", "vector")))
    if file.suffix.lower() == ".parquet" or file.is_dir():
        parquet_section(str(file), file.name, file_id, "data_path")
        return
    try:
        data = remember("data_path_bytes", (file_id,), lambda: server_text(file))
    except InputError as exc:
        say_error(exc)
        return
    upload_section(KeptUpload(file.name, data, file_id), "data_path")


def shard_folder(path: str) -> Path | None:
    """The folder, when the path names one the batch command wrote (shards part-*.parquet)."""
    folder = Path((path or "").strip().strip("\"'")).expanduser()
    return folder if (path or "").strip() and is_shard_folder(folder) else None


def _size_and_time(file: Path) -> tuple[int, int]:
    """Bytes and last change of a file, or of a folder's shards (together)."""
    parts = shard_paths(file) if file.is_dir() else [file]
    stats = [p.stat() for p in parts]
    return sum(s.st_size for s in stats), max(s.st_mtime_ns for s in stats)
