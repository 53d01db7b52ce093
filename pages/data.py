from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components import resources
from components.frame import CUSTOM, current_items, fail, page_frame, persist, vectors_of
from components.widgets import plain
from core.errors import InputError
from core.io import (
    MAX_UPLOAD_MB,
    ParsedInput,
    TooManyItemsError,
    guess_columns,
    parse_projector,
    parse_text,
    parse_upload,
    read_table,
    to_csv,
    to_projector,
)

page_frame(
    "Data",
    "Bring your own words, sentences or vectors, then explore them on every page. Type them, upload "
    f"a .txt, .csv or .tsv file (up to {MAX_UPLOAD_MB} MB), or load a TensorFlow Embedding Projector "
    "pair. Below, download the current set's embeddings and map coordinates.",
)
persist("data_typed", "data_title")
NONE = "(no labels)"
KEPT = "_data_kept_upload"


def use(parsed: ParsedInput, title: str) -> None:
    """Make the parsed input the current dataset of this session."""
    labels = parsed.labels or ["your data"] * len(parsed.texts)
    st.session_state[CUSTOM] = {
        "title": title,
        "texts": parsed.texts,
        "labels": labels,
        "vectors": parsed.vectors,
        "notes": parsed.notes,
        "columns": parsed.columns,
    }
    st.session_state["frame_dataset"] = CUSTOM
    st.session_state["_data_used"] = (
        f"Now exploring “{title}”: {len(parsed.texts):,} items. Open the Map."
    )


def parse_or_offer_sample(parse, key: str):
    """Run a parser; on too many items, say the cap and offer a random sample."""
    try:
        return parse(False)
    except TooManyItemsError as exc:
        st.error(str(exc), icon=":material/error:")
        if st.button(f"Use a random sample of {exc.limit:,}", key=f"{key}_sample"):
            return parse(True)
    except InputError as exc:
        st.error(str(exc), icon=":material/error:")
    return None


def preview(parsed: ParsedInput, key: str, title: str) -> None:
    for note in parsed.notes:
        st.info(note, icon=":material/info:")
    st.dataframe(parsed.frame().head(200), hide_index=True, width="stretch", key=f"{key}_preview")
    st.caption(
        f"{len(parsed.texts):,} items"
        + (f", {parsed.vectors.shape[1]}-dimensional vectors" if parsed.vectors is not None else "")
        + " (first 200 shown)."
    )
    # A callback: it runs before the sidebar's dataset widget exists (assigning its key after
    # would raise), and it still fires when the preview came from a one-run "random sample" click.
    st.button("Explore these", type="primary", key=f"{key}_use", on_click=use, args=(parsed, title))


def upload_section(upload) -> None:
    """Columns to pick (for a table), then the preview. A file that cannot be read gets its
    message here, and the rest of the page (the Projector tab, the downloads) still works."""
    data = upload.getvalue()
    kwargs = {}
    if upload.name.lower().endswith((".csv", ".tsv")):
        try:
            table, _ = read_table(data, upload.name)
        except InputError as exc:
            st.error(str(exc), icon=":material/error:")
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
        label_options = [NONE, *columns]
        label_col = c2.selectbox(
            "Label column",
            label_options,
            index=label_options.index(guess_label) if guess_label else 0,
            key=f"data_label_col_{upload.file_id}",
        )
        kwargs = {
            "text_column": text_col,
            "label_column": "" if label_col == NONE else label_col,
        }
    parsed = parse_or_offer_sample(
        lambda sample: parse_upload(data, upload.name, sample=sample, **kwargs), "data_upload"
    )
    if parsed:
        preview(parsed, "data_upload", upload.name)


if "_data_used" in st.session_state:
    st.success(st.session_state.pop("_data_used"), icon=":material/check_circle:")
    st.page_link("pages/map.py", label="Go to the Map", icon=":material/scatter_plot:")

typed_tab, upload_tab, projector_tab = st.tabs(["Type", "Upload a file", "Projector vectors"])
with typed_tab:
    st.session_state.setdefault("data_typed", "")
    typed = st.text_area(
        "One word or sentence per line",
        key="data_typed",
        height=220,
        placeholder="apple\nbanana\ncar\ntruck\n…",
    )
    if typed.strip():
        parsed = parse_or_offer_sample(
            lambda sample: parse_text(typed, sample=sample), "data_typed"
        )
        if parsed:
            preview(parsed, "data_typed", "typed items")
    else:
        st.caption("Nothing typed yet. The built-in sets are in the sidebar.")


@dataclass(frozen=True)
class KeptUpload:
    """An uploaded file kept in the session: Streamlit forgets an uploader's file when the user
    visits another page, and nothing a user entered may be lost."""

    name: str
    data: bytes
    file_id: str

    def getvalue(self) -> bytes:
        return self.data


def forget_upload() -> None:
    """The user removed the file from the uploader (not a page switch): forget it for good."""
    if st.session_state.get("data_upload") is None:
        st.session_state.pop(KEPT, None)


with upload_tab:
    upload = st.file_uploader(
        "A .txt (one item per line), .csv or .tsv file",
        type=["txt", "csv", "tsv"],
        key="data_upload",
        on_change=forget_upload,
    )
    if upload is not None:
        kept = st.session_state.get(KEPT)
        if kept is None or kept.file_id != upload.file_id:  # copy a new file's bytes once
            kept = st.session_state[KEPT] = KeptUpload(
                upload.name, upload.getvalue(), upload.file_id
            )
    elif (kept := st.session_state.get(KEPT)) is not None:
        c1, c2 = st.columns([3, 1])
        c1.caption(f"Still here from before: **{plain(kept.name)}**.")
        if c2.button("Forget this file", key="data_upload_forget"):
            st.session_state.pop(KEPT, None)
            st.rerun()
    if kept is not None:
        persist(f"data_text_col_{kept.file_id}", f"data_label_col_{kept.file_id}")
        upload_section(kept)

with projector_tab:
    st.write(
        "Vectors as tab-separated numbers, one row per item (no header), and optionally a metadata file: "
        "one column without a header, or several columns with a header row. The format of projector.tensorflow.org."
    )
    c1, c2 = st.columns(2)
    vec_file = c1.file_uploader("Vectors (.tsv)", type=["tsv", "txt"], key="data_proj_vectors")
    meta_file = c2.file_uploader(
        "Metadata (.tsv, optional)", type=["tsv", "txt"], key="data_proj_meta"
    )
    if vec_file is not None:
        meta = meta_file.getvalue() if meta_file is not None else None
        parsed = parse_or_offer_sample(
            lambda sample: parse_projector(vec_file.getvalue(), meta), "data_proj"
        )
        if parsed:
            preview(parsed, "data_proj", vec_file.name)

st.divider()
st.subheader("Download the current set")
items = current_items()
st.write(
    f"**{plain(items.title)}**: {len(items.texts):,} items"
    + (f", model {items.model_name}" if items.model_name else "")
)
if st.toggle("Prepare downloads (encodes the set if needed)", key="data_prepare"):
    vectors = vectors_of(items)
    emb = pd.DataFrame(vectors, columns=[f"d{i}" for i in range(vectors.shape[1])])
    emb.insert(0, "label", items.labels)
    emb.insert(0, "text", items.texts)
    c1, c2, c3 = st.columns(3)
    c1.download_button(
        "Embeddings (CSV)", to_csv(emb), "embeddings.csv", "text/csv", key="data_dl_emb"
    )
    vec_tsv, meta_tsv = to_projector(vectors, items.texts, items.labels)
    c2.download_button(
        "Projector vectors (TSV)",
        vec_tsv,
        "vectors.tsv",
        "text/tab-separated-values",
        key="data_dl_vec",
    )
    c2.download_button(
        "Projector metadata (TSV)",
        meta_tsv,
        "metadata.tsv",
        "text/tab-separated-values",
        key="data_dl_meta",
    )
    if len(items.texts) >= 1:
        method = st.session_state.get("map_method", "tsne")
        dims = st.session_state.get("map_dims", 2)
        try:
            coords = resources.project(vectors, method=method, n_components=dims)
        except InputError as exc:
            fail(str(exc))
        xy = pd.DataFrame(coords, columns=["x", "y", "z"][:dims])
        xy.insert(0, "label", items.labels)
        xy.insert(0, "text", items.texts)
        c3.download_button(
            f"Map coordinates ({method}, {dims}D, CSV)",
            to_csv(xy),
            "map.csv",
            "text/csv",
            key="data_dl_map",
        )
