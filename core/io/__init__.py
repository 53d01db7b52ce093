"""What comes in and goes out: typed text, uploads (CSV/TSV/TXT, Projector TSV pairs, Parquet with
vectors, batch folders), files on the server, the bundled datasets, users' stored datasets, and the
downloads. Every problem raises :class:`core.errors.InputError` with a message a page can show.
"""

from __future__ import annotations

from core.io.datasets import GLOVE_TOP, Dataset, list_datasets, load_dataset
from core.io.exports import (
    coordinates_table,
    embeddings_table,
    projector_tsvs,
    safe_cell,
    to_csv,
    to_projector,
)
from core.io.parquet import ParquetLayout, parquet_layout, parquet_vectors, parse_parquet
from core.io.shards import ShardSet, is_shard_folder, shard_paths
from core.io.stored import DatasetStore
from core.io.tables import guess_columns, read_table, server_file, server_text
from core.io.uploads import (
    MAX_ITEMS,
    MAX_UPLOAD_MB,
    ParsedInput,
    TooManyItemsError,
    parse_projector,
    parse_text,
    parse_upload,
)

__all__ = [
    "Dataset",
    "DatasetStore",
    "GLOVE_TOP",
    "MAX_ITEMS",
    "MAX_UPLOAD_MB",
    "ParquetLayout",
    "ParsedInput",
    "ShardSet",
    "TooManyItemsError",
    "coordinates_table",
    "embeddings_table",
    "guess_columns",
    "is_shard_folder",
    "list_datasets",
    "load_dataset",
    "parquet_layout",
    "parquet_vectors",
    "parse_parquet",
    "parse_projector",
    "parse_text",
    "parse_upload",
    "projector_tsvs",
    "read_table",
    "safe_cell",
    "server_file",
    "server_text",
    "shard_paths",
    "to_csv",
    "to_projector",
]
