"""A dataset the user brought, kept across a reload of the tab (stored on the server under a hash
of its content, named in the address as ``?data=…``)."""

from __future__ import annotations

import streamlit as st

from components import resources
from components.frame.items import CUSTOM
from core.io.stored import MAX_AGE_DAYS


def keep_your_data() -> None:
    """A dataset the user brought survives a reload of the tab: it is kept on the server under
    a hash of its content (core.io.stored), named in the address as ``?data=…``, and opened again
    from there by the new session a reload starts."""
    key = st.query_params.get("data")
    first_run = not st.session_state.get("_frame_data_checked")
    st.session_state["_frame_data_checked"] = True
    if CUSTOM not in st.session_state and key and not first_run:
        del st.query_params["data"]  # the user removed the set in this session
    elif CUSTOM not in st.session_state and key:
        data = resources.stored_datasets().load(key)
        if data is None:
            st.warning(
                "The dataset named in this address is no longer kept on this server (uploads "
                f"are kept {MAX_AGE_DAYS} days after their last use). Bring it again on the "
                "Data page.", icon=":material/history:",
            )  # fmt: skip
            del st.query_params["data"]
            return
        st.session_state[CUSTOM] = {**data, "stored": key}
        st.session_state["frame_dataset"] = CUSTOM
    data = st.session_state.get(CUSTOM)
    if data is None:
        return
    if "stored" not in data:  # just brought on the Data page: keep it now, once
        data["stored"] = resources.stored_datasets().save(data)
        if data["stored"] is None:
            data["notes"] = [*data.get("notes", []), "This set is too large to keep across a "
                             "reload of the page: reloading drops it."]  # fmt: skip
    if data["stored"] and st.query_params.get("data") != data["stored"]:
        st.query_params["data"] = data["stored"]
