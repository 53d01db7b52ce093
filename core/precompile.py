"""Do once, at install time, the slow first-use work, so no user waits for it.

    python -m core.precompile

- UMAP: umap-learn compiles its functions on the first map of every process (12–47 s on 2 cores);
  ``core.project.projection`` switches numba's disk cache on for them, and this fills that cache (both the
  exact path below 4,096 points and the NNDescent path above), so the first map after a fresh
  install takes seconds.
- The int8 model: exports the bundled sentence model to ONNX and quantises it
  (:mod:`core.models.int8`, seconds), into the encoding cache folder the app will read.

``make install`` runs it; it is safe to run again (then it only loads).
"""

from __future__ import annotations

import sys
import time

from core.models.int8 import ensure_int8_file
from core.project.umap_code import warm_up


def main() -> int:
    start = time.perf_counter()
    path = ensure_int8_file()
    print(f"int8 ONNX model ready in {time.perf_counter() - start:.1f} s: {path}")
    start = time.perf_counter()
    warm_up(large=True, full=True)
    print(f"UMAP compiled into numba's disk cache in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
