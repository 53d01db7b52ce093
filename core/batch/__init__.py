"""The batch encoder: a corpus on disk to a folder of Parquet shards (one process or a Ray Data
job), and map coordinates for it. ``python -m core.batch`` is its command line.
"""

from __future__ import annotations

from core.batch.corpus import Columns, read_pieces
from core.batch.encode import Summary, encode_corpus
from core.batch.map import place_shards

__all__ = [
    "Columns",
    "Summary",
    "encode_corpus",
    "place_shards",
    "read_pieces",
]
