import streamlit as st

from components import links
from components.data import downloads
from components.data.inputs import (
    KeptUpload,
    parse_or_offer_sample,
    path_section,
    preview,
    upload_section,
)
from components.frame.items import current_items
from components.frame.sidebar import page_frame
from components.frame.state import persist
from components.text import plain, short
from core.io.server_paths import OFF, allowed_folders
from core.io.uploads import MAX_UPLOAD_MB, parse_projector, parse_text

page_frame(
    "Data",
    "Bring your own words, sentences or vectors, then explore them on every page. Type them, upload "
    f"a .txt, .csv, .tsv or .parquet file (up to {MAX_UPLOAD_MB} MB; bigger ones open by their "
    "path on the server), or load a TensorFlow Embedding Projector pair. Below, download the "
    "current set's embeddings and map coordinates.",
)
persist("data_typed", "data_title", "data_path")
KEPT = "_data_kept_upload"
OPENED = "_data_opened_path"

if "_data_used" in st.session_state:
    st.success(st.session_state.pop("_data_used"), icon=":material/check_circle:")
    st.page_link("pages/map.py", label="Go to the Map", icon=":material/scatter_plot:")

if "_data_goto" in st.session_state:  # a saved view was opened: go to its page
    st.switch_page(f"pages/{st.session_state.pop('_data_goto')}.py")


def open_saved_view() -> None:
    file = st.session_state.get("data_view")
    if file is None:
        return
    try:
        st.session_state["_data_goto"] = links.open_view(file.getvalue())
    except ValueError as exc:
        st.session_state["_data_view_error"] = str(exc)


typed_tab, upload_tab, projector_tab, view_tab = st.tabs(
    ["Type", "Upload a file", "Projector vectors", "Open a saved view"]
)
with view_tab:
    st.file_uploader(
        "A saved view (.json, from “Save this view” in the sidebar)", type=["json"],
        key="data_view", on_change=open_saved_view,
    )  # fmt: skip
    if "_data_view_error" in st.session_state:
        st.error(plain(st.session_state.pop("_data_view_error")), icon=":material/error:")
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


def forget_upload() -> None:
    """The user removed the file from the uploader (not a page switch): forget it for good."""
    if st.session_state.get("data_upload") is None:
        st.session_state.pop(KEPT, None)


def open_path() -> None:
    """The "Open" button: remember the path (its problems are said by path_section)."""
    st.session_state[OPENED] = st.session_state.get("data_path", "")


with upload_tab:
    upload = st.file_uploader(
        "A .txt (one item per line), .csv, .tsv or .parquet file (with a column of vectors)",
        type=["txt", "csv", "tsv", "parquet"],
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
        persist(*(f"data_{c}_col_{kept.file_id}" for c in ("text", "label", "vector")))
        upload_section(kept)

    folders = allowed_folders()
    if folders:
        st.markdown(
            f"**A file over {MAX_UPLOAD_MB} MB?** Open it by its path on the server, or the "
            "folder the batch command wrote (see the README's *Large corpora*). This server "
            "opens files from: " + ", ".join(f"`{f}`" for f in folders) + "."
        )
        c1, c2 = st.columns([4, 1], vertical_alignment="bottom")
        c1.text_input(
            "Path on the server (.parquet, .csv, .tsv or .txt, or a batch folder)",
            key="data_path",
            placeholder=str(folders[0] / "embeddings.parquet"),
        )
        c2.button("Open", key="data_path_open", on_click=open_path)
        if st.session_state.get(OPENED):
            path_section(st.session_state[OPENED])
    else:
        st.caption(f"A file over {MAX_UPLOAD_MB} MB: {OFF}")

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
    f"**{plain(short(items.title, 80))}**: {len(items.texts):,} items"
    + (f", model {items.model_name}" if items.model_name else "")
)
if st.toggle("Prepare downloads (encodes the set if needed)", key="data_prepare"):
    downloads.section(items)
