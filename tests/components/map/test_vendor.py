"""The map's JavaScript ships with the project: deck.gl at its pinned version, unchanged, served
from static/ (no CDN), and our own module, which loads it from there."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from components.map.element import DECK, MODULE, STATIC

VENDOR = DECK.parent


def test_deckgl_is_the_pinned_file_with_its_licence():
    want = (VENDOR / "SHA256SUMS").read_text().split()[0]
    assert hashlib.sha256(DECK.read_bytes()).hexdigest() == want
    assert "Permission is hereby granted, free of charge" in (VENDOR / "LICENSE").read_text()  # MIT
    makefile = (Path(__file__).parents[3] / "Makefile").read_text()
    version = re.search(r"^DECKGL_VERSION := (\S+)$", makefile, re.M).group(1)
    assert f"`deck.gl` {version}" in (VENDOR / "VENDOR.md").read_text()


def test_nothing_is_loaded_from_the_network():
    # The map's code is ES modules in static/map/: each may import only its siblings, at the
    # version the entry was loaded with (import.meta.url's query); deck.gl comes by the URL
    # Python gives (static/vendor).
    modules = sorted(MODULE.parent.glob("*.js"))
    assert MODULE in modules and len(modules) > 1
    for path in modules:
        code = path.read_text().replace("http://www.w3.org/2000/svg", "")  # a name, not a fetch
        assert not re.search(r"https?://|//cdn|unpkg|jsdelivr", code), f"{path.name} fetches a URL"
        for target in re.findall(r"\bimport\((?!\")([^)]*)\)", code):
            assert re.fullmatch(
                r"`\./[a-z_]+\.js\$\{v\}`|`\./\$\{file\}\$\{v\}`", target.strip()
            ), f"{path.name} imports {target}"


def test_static_serving_is_on_for_the_module_and_deckgl():
    config = (STATIC.parent / ".streamlit" / "config.toml").read_text()
    assert re.search(r"^enableStaticServing = true$", config, re.M)
    assert MODULE.is_relative_to(STATIC) and DECK.is_relative_to(STATIC)
