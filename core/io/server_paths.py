"""Which files of the server a user may open by path: none, unless the operator lists folders in
``EMBEDDING_EXPLORER_SERVER_DIRS`` (folders separated by ``os.pathsep``, ":" on Linux). A path is
resolved first (``~``, ``..``, symlinks; a relative path is taken inside the first folder), then
must lie inside one of the folders, name no hidden file or folder (a part starting with ".")
under it, and be a regular file or a folder. Anything else is refused with one message that
does not say whether the path exists (the approach of Jupyter Server's ``root_dir``)."""

from __future__ import annotations

import os
from pathlib import Path

from core.errors import InputError

ENV = "EMBEDDING_EXPLORER_SERVER_DIRS"
OFF = (
    "Opening files on the server is off. The operator of this server can allow folders with "
    f"the environment variable {ENV} (see the README's Hosting section)."
)
REFUSED = (
    "This path cannot be opened here: files open only from the folders this server allows "
    "(listed above), and never hidden ones."
)


def allowed_folders() -> list[Path]:
    """The folders users may open files from (resolved; those that are not folders left out)."""
    raw = os.environ.get(ENV, "")
    found = []
    for part in raw.split(os.pathsep):
        if part.strip():
            folder = Path(part.strip()).expanduser().resolve()
            if folder.is_dir() and folder not in found:
                found.append(folder)
    return found


def confine(text: str, folders: list[Path] | None = None) -> Path:
    """The resolved path of ``text`` when a user may open it (see the module).

    Raises
    ------
    InputError
        Opening files is off (no folder allowed), nothing entered, or the path is refused.
    """
    folders = allowed_folders() if folders is None else folders
    if not folders:
        raise InputError(OFF)
    cleaned = (text or "").strip().strip("\"'")
    if not cleaned:
        raise InputError(f"Enter the path of a file in {folders[0]}, or a path relative to it.")
    raw = Path(cleaned).expanduser()
    resolved = (raw if raw.is_absolute() else folders[0] / raw).resolve()
    for folder in folders:
        if resolved != folder and folder not in resolved.parents:
            continue
        hidden = any(part.startswith(".") for part in resolved.relative_to(folder).parts)
        odd = resolved.exists() and not (resolved.is_file() or resolved.is_dir())
        if hidden or odd:
            break
        return resolved
    raise InputError(REFUSED)
