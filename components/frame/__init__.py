"""The frame every page shares: the sidebar (:mod:`.sidebar`, each page calls ``page_frame`` first),
widget values kept across pages (:mod:`.state`), the items a page works on (:mod:`.items`), a
user's dataset kept across reloads (:mod:`.user_data`), the app-wide post-processing
(:mod:`.postprocessing`) and the router workaround (:mod:`.router`)."""
