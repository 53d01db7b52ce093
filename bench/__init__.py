"""Benchmarks of Embedding Explorer against the targets of the performance issue (``make bench``)."""
