"""Class-based TF-IDF (c-TF-IDF, as BERTopic defines it): which words and two-word phrases mark
one cluster's texts out from the other clusters'.

All texts of a cluster are one "class document". With ``c[k, t]`` the count of term t in class k
(uni- and bigrams, English stop words removed):

- ``tf[k, t] = c[k, t] / sum_t c[k, t]``   (each class's counts sum to 1)
- ``idf[t] = log(1 + A / f[t])`` with ``A`` the average number of terms per class (a float here;
  BERTopic rounds it down) and ``f[t] = sum_k c[k, t]``
- ``score[k, t] = tf[k, t] * idf[t]``
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

TOP_TERMS = 15  # candidates per cluster handed on to the re-ranking


@dataclass(frozen=True)
class ClassTerms:
    """c-TF-IDF of a set of classes: ``terms`` (the vocabulary) and ``scores`` (classes × terms,
    a scipy sparse matrix, one row per class in ``classes`` order)."""

    classes: list[int]
    terms: list[str]
    scores: object

    def top(self, row: int, k: int = TOP_TERMS) -> list[str]:
        """The k best-scoring terms of class row ``row`` (only terms it contains), best first."""
        line = self.scores.getrow(row).tocoo()
        order = np.lexsort((line.col, -line.data))[:k]  # ties: vocabulary order, so it is stable
        return [self.terms[line.col[i]] for i in order if line.data[i] > 0]


def class_tfidf(texts: Sequence[str], labels) -> ClassTerms:
    """c-TF-IDF of the texts grouped by label (labels < 0, noise, are left out).

    A set whose texts hold no word outside the stop words gives an empty vocabulary.
    """
    from scipy import sparse

    labels = np.asarray(labels, dtype=np.int64)
    keep = np.flatnonzero(labels >= 0)
    classes = sorted(int(c) for c in np.unique(labels[keep]))
    counts, terms = _class_counts([texts[i] for i in keep], labels[keep], classes)
    if not terms:
        return ClassTerms(classes, [], sparse.csr_matrix((len(classes), 0)))
    per_class = np.asarray(counts.sum(axis=1)).ravel()
    tf = sparse.diags(1.0 / np.where(per_class == 0, 1, per_class)) @ counts
    average = per_class.mean()
    idf = np.log1p(average / np.asarray(counts.sum(axis=0)).ravel())
    return ClassTerms(classes, terms, sparse.csr_matrix(tf @ sparse.diags(idf)))


def _class_counts(texts: list[str], labels: np.ndarray, classes: list[int]):
    """Term counts per class (classes × terms, sparse) and the terms."""
    from scipy import sparse
    from sklearn.feature_extraction.text import CountVectorizer

    vectorizer = CountVectorizer(stop_words="english", ngram_range=(1, 2))
    try:
        per_text = vectorizer.fit_transform(texts)
    except ValueError:  # "empty vocabulary": nothing but stop words (or no text at all)
        return None, []
    row_of = {c: i for i, c in enumerate(classes)}
    rows = np.array([row_of[int(c)] for c in labels], dtype=np.int64)
    member = sparse.csr_matrix(
        (np.ones(len(rows)), (rows, np.arange(len(rows)))), shape=(len(classes), len(rows))
    )
    counts = sparse.csr_matrix(member @ per_text, dtype=np.float64)
    return counts, list(vectorizer.get_feature_names_out())
