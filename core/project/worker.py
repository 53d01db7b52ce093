"""Projections in a worker process: ``python -m core.project.worker`` first loads UMAP's compiled code
(so no map waits for it), says ``ready``, then runs one job per line of its stdin. A job is a
folder holding ``vectors.npy`` and ``spec.json`` (keywords for :func:`core.project.projection.project`);
the worker prints ``progress <fraction> <message>`` lines, writes ``coords.npy`` and says
``done`` (or ``error <message>`` for a bad parameter), then waits for the next job.

Run by :mod:`core.project.jobs`, which stops a job by killing the process: nothing here cleans up.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import numpy as np

from core.errors import InputError
from core.project.projection import project
from core.project.umap_code import warm_up

NICENESS = 10  # the server's own threads come first: pages keep answering during a long job


def say(kind: str, text: str = "") -> None:
    print(kind, text.replace("\n", " "), flush=True)


def run(folder: Path) -> None:
    """One job: its coordinates written whole (or not at all), then ``done``."""
    spec = json.loads((folder / "spec.json").read_text())
    vectors = np.load(folder / "vectors.npy", mmap_mode="r")
    try:
        coords = project(
            vectors, progress=lambda f, message: say("progress", f"{f:.4f} {message}"), **spec
        )
    except InputError as exc:
        say("error", str(exc))
        return
    np.save(folder / "coords.tmp.npy", coords)
    os.replace(folder / "coords.tmp.npy", folder / "coords.npy")
    say("done")


def main() -> int:
    os.nice(NICENESS)
    warm_up(large=True)
    say("ready")
    for line in sys.stdin:
        if line.strip():
            run(Path(line.strip()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
