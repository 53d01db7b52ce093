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


WORD = r"(?u)\b[^\W\d_]{3,}\b"  # a word: letters only, 3 or more


def term_counts(texts: Sequence[str]):
    """Counts of every uni- and bigram of words of 3 letters or more (English stop words removed;
    no digits: "FL-1042" or "20%" name no cluster) in every text: (a scipy
    sparse matrix texts × terms, the terms). Tokenising is the slow part of :func:`class_tfidf`;
    counted once, the counts serve every level. No term at all (only stop words) gives
    ``(None, [])``."""
    from sklearn.feature_extraction.text import CountVectorizer

    vectorizer = CountVectorizer(stop_words="english", ngram_range=(1, 2), token_pattern=WORD)
    try:
        per_text = vectorizer.fit_transform(list(texts))
    except ValueError:  # "empty vocabulary": nothing but stop words (or no text at all)
        return None, []
    return per_text, [str(t) for t in vectorizer.get_feature_names_out()]


def class_tfidf(texts: Sequence[str], labels, *, counts=None) -> ClassTerms:
    """c-TF-IDF of the texts grouped by label (labels < 0, noise, are left out).

    ``counts`` is :func:`term_counts` of ``texts`` when already known. A set whose texts hold no
    word outside the stop words gives an empty vocabulary.
    """
    from scipy import sparse

    labels = np.asarray(labels, dtype=np.int64)
    classes = sorted(int(c) for c in np.unique(labels[labels >= 0]))
    per_text, terms = term_counts(texts) if counts is None else counts
    if per_text is not None and classes:
        per_class = _per_class(per_text, labels, classes)
        used = np.flatnonzero(np.asarray(per_class.sum(axis=0)).ravel() > 0)
        per_class, terms = per_class[:, used], [terms[i] for i in used]
    if per_text is None or not classes or not terms:
        return ClassTerms(classes, [], sparse.csr_matrix((len(classes), 0)))
    words = np.asarray(per_class.sum(axis=1)).ravel()
    tf = sparse.diags(1.0 / np.where(words == 0, 1, words)) @ per_class
    idf = np.log1p(words.mean() / np.asarray(per_class.sum(axis=0)).ravel())
    return ClassTerms(classes, terms, sparse.csr_matrix(tf @ sparse.diags(idf)))


def _per_class(per_text, labels: np.ndarray, classes: list[int]):
    """Term counts per class (classes × terms, sparse, float)."""
    from scipy import sparse

    keep = np.flatnonzero(labels >= 0)
    rows = np.searchsorted(classes, labels[keep])
    member = sparse.csr_matrix(
        (np.ones(len(keep)), (rows, keep)), shape=(len(classes), len(labels))
    )
    return sparse.csr_matrix(member @ per_text, dtype=np.float64)
