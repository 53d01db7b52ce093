"""Named clusters (issue 20), measured side by side: agreement with the known groups of the bundled
labelled sets (ours against BERTopic's default pipeline and k-means told the true k), whether the
names say what the groups are, and the time to cluster and name 10,000 and 100,000 texts once the
map exists.

BERTopic is a bench-only dependency (``requirements-bench.txt``); nothing outside bench/ imports it.
"""

from __future__ import annotations

import os
import re
import traceback
from collections import Counter
from contextlib import contextmanager

import numpy as np

from bench.common import MISS, PASS, ROOT, Row, at_most, log, seconds, skipped, timed

SECTION = "clusters"
MODEL = "all-MiniLM-L6-v2"
ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "EMBEDDING_EXPLORER_CACHE": str(ROOT / ".cache" / "test-encodings"),
}
# Words too common to count as "sharing a word" with a group's name or members.
STOP = {"a", "an", "and", "the", "of", "or", "to", "in", "on", "for", "with", "my", "i", "is",
        "it", "be", "at", "by", "from", "not", "no", "your", "you", "me", "can", "this", "that"}  # fmt: skip
SPEED_TARGETS = {10_000: 3.0, 100_000: 20.0}


@contextmanager
def _offline_env():
    """The offline model and the project's encoding cache for this bench only (restored after)."""
    old = {k: os.environ.get(k) for k in ENV}
    for k, v in ENV.items():
        os.environ.setdefault(k, v)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _words(text: str) -> set[str]:
    """Lowercased words, a plural "s" stripped, stop words left out."""
    out = set()
    for w in re.findall(r"[a-z0-9]+", text.lower()):
        if w.endswith("s") and len(w) > 3:
            w = w[:-1]
        if w not in STOP:
            out.add(w)
    return out


def _labelled(name: str) -> tuple[list[str], list[str]]:
    """Unique texts of a bundled set, each with the label of its first row."""
    from core.io.datasets import load_dataset

    ds = load_dataset(name)
    first: dict[str, str] = {}
    for text, label in zip(ds.texts, ds.labels, strict=True):
        first.setdefault(text, label)
    return list(first), list(first.values())


def _chosen_level(levels: list[np.ndarray], k: int) -> int:
    """The level whose cluster count (noise not counted) is nearest k (the coarser on a tie)."""
    counts = [int(lv.max()) + 1 for lv in levels]
    return min(range(len(levels)), key=lambda i: (abs(counts[i] - k), i))


def _bertopic(texts: list[str], vectors: np.ndarray) -> tuple[np.ndarray | None, str]:
    """BERTopic's default pipeline (its own UMAP + HDBSCAN + c-TF-IDF) on our vectors."""
    try:
        import bertopic
        from bertopic import BERTopic
    except ImportError as exc:
        return None, f"BERTopic not installed ({exc}); `make bench` installs requirements-bench.txt"
    try:
        topics, _ = BERTopic().fit_transform(texts, embeddings=vectors)
    except Exception as exc:  # e.g. too few documents for its defaults
        return None, f"BERTopic {bertopic.__version__} failed: {type(exc).__name__}: {exc}"
    return np.asarray(topics, dtype=np.int64), f"BERTopic {bertopic.__version__}"


def _scores(truth: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    return adjusted_rand_score(truth, labels), normalized_mutual_info_score(truth, labels)


def _clusters_of(labels: np.ndarray) -> str:
    k = len(set(labels.tolist()) - {-1})
    noise = float((labels == -1).mean())
    return f"{k} clusters, {noise:.0%} noise"


def _set(name: str, kind: str, model) -> list[Row]:
    """The agreement row and the names row of one labelled set."""
    from sklearn.cluster import KMeans

    from core.clusters import find_clusters
    from core.project import project

    texts, groups = _labelled(name)
    names = sorted(set(groups))
    truth = np.array([names.index(g) for g in groups])
    k = len(names)
    vectors = np.asarray(model.encode(texts), dtype=np.float32)
    umap_s, coords = timed(lambda: project(vectors, method="umap", n_components=2))
    levels = find_clusters(coords, min_coarse=5)
    at = _chosen_level(levels, k)
    ours = levels[at]
    km = KMeans(n_clusters=k, n_init=4, random_state=0).fit(np.asarray(coords, np.float64)).labels_
    bt_s, (bt, bt_how) = timed(lambda: _bertopic(texts, vectors))
    o_ari, o_nmi = _scores(truth, ours)
    k_ari, k_nmi = _scores(truth, km)
    counts = ", ".join(str(int(lv.max()) + 1) for lv in levels)
    every = "; ".join(f"{int(lv.max()) + 1}: " + " / ".join(f"{x:.2f}" for x in _scores(truth, lv))
                      for lv in levels)  # fmt: skip
    log(f"{name}: ours level {at} ARI {o_ari:.3f} NMI {o_nmi:.3f}; k-means ARI {k_ari:.3f} "
        f"NMI {k_nmi:.3f}; {bt_how}")  # fmt: skip
    if bt is not None:
        b_ari, b_nmi = _scores(truth, bt)
        beats = o_ari >= b_ari and o_nmi >= b_nmi
        bt_text = f"{b_ari:.2f} / {b_nmi:.2f}"
        bt_note = (f"{bt_how} (`BERTopic().fit_transform(texts, embeddings=vectors)`: its default "
                   f"UMAP to 5-D, HDBSCAN min_cluster_size 10, unseeded, {seconds(bt_s)}) found "
                   f"{_clusters_of(bt)}.")  # fmt: skip
    else:
        beats, bt_text, bt_note = None, "—", f"BERTopic not measured: {bt_how}."
    close = o_ari >= k_ari - 0.05 and o_nmi >= k_nmi - 0.05
    met = close and beats is not False and beats is not None
    status = PASS if met else MISS
    verdict = []
    if beats is not None:
        verdict.append(f"ours {'≥' if beats else 'below'} BERTopic on both")
    verdict.append(f"{'within' if close else 'not within'} 0.05 of k-means told k on both")
    agreement = Row(
        f"clusters_agreement_{name}",
        SECTION,
        f"Agreement with the known groups of “{name}” ({len(texts)} unique texts, {k} groups), "
        "ARI / NMI: ours vs BERTopic's default pipeline vs k-means told the true k",
        f"ours {o_ari:.2f} / {o_nmi:.2f}; BERTopic {bt_text}; k-means {k_ari:.2f} / {k_nmi:.2f}",
        "ours ≥ BERTopic, and within 0.05 of k-means told k",
        status,
        f"{'; '.join(verdict)}. One run each, the same {MODEL} vectors. Ours: "
        f"`find_clusters(coords, min_coarse=5)` on the app's map (`project(vectors, "
        f"method='umap', n_components=2)`, {seconds(umap_s)}), levels of {counts} clusters; "
        f"level {at} ({_clusters_of(ours)}) is the one nearest {k} (ARI / NMI of every level, by "
        f"its number of clusters: {every}). k-means: scikit-learn "
        f"KMeans(n_clusters={k}, n_init=4, random_state=0) on the same map coordinates. "
        f"{bt_note} Noise (-1) counts as one more group for everyone (sklearn "
        "adjusted_rand_score, normalized_mutual_info_score with its default arithmetic mean).",
        "" if met else _agreement_why(beats, close),
    )
    rows = [agreement]
    if bt is None:
        rows.append(skipped(f"clusters_bertopic_{name}", SECTION,
                            f"BERTopic's default pipeline on “{name}”", "—", bt_how))  # fmt: skip
    return rows + [_names_row(name, kind, texts, groups, vectors, coords, levels, at, model)]


def _agreement_why(beats, close) -> str:
    parts = []
    if beats is False:
        parts.append("BERTopic's pipeline agreed better with the known groups on this set")
    if beats is None:
        parts.append("BERTopic could not be measured, so the first half of the target is open")
    if not close:
        parts.append("k-means, told the true number of groups, agreed better by more than 0.05")
    return "; ".join(parts) + "."


def _names_row(name, kind, texts, groups, vectors, coords, levels, at, model) -> Row:
    from core.clusters import describe

    if kind == "word":
        from core.analogy.candidates import pool

        base = pool(model, []).base
        naming = {"kind": "word", "embedder": model, "vocabulary": (base.words, base.unit)}
    else:
        naming = {"kind": "sentence", "embedder": model}
    described = describe(texts, vectors, coords, levels, **naming)[at]
    by_label = {c.label: c for c in described}
    labels = levels[at]
    hits, hits_name_only, shown = 0, 0, []
    for group in sorted(set(groups)):
        rows = [i for i, g in enumerate(groups) if g == group]
        common = Counter(int(labels[i]) for i in rows if labels[i] >= 0)
        if not common:
            shown.append(f"{group} → noise")
            continue
        best = by_label[common.most_common(1)[0][0]]
        said = _words(" ".join([best.name, *best.keywords]))
        own_name = _words(group)
        members = set().union(*(_words(texts[i]) for i in rows))
        hits += bool(said & (own_name | members))
        hits_name_only += bool(said & own_name)
        shown.append(f"{group} → “{best.name}”")
    n_groups = len(set(groups))
    share, share_name = hits / n_groups, hits_name_only / n_groups
    sizes = np.array([c.size for c in described], dtype=float)
    quality = np.array([c.quality for c in described], dtype=float)
    ok = ~np.isnan(quality)
    q_weighted = (
        float((quality[ok] * sizes[ok]).sum() / sizes[ok].sum()) if ok.any() else float("nan")
    )
    q_plain = float(quality[ok].mean()) if ok.any() else float("nan")
    met = share >= 0.8 and q_weighted >= 0.8
    log(f"{name}: names share {share:.2f} (name only {share_name:.2f}), quality {q_weighted:.2f}")
    tautology = (
        " For sentences the names are drawn from the members' own words, so the “or members” "
        "half is nearly automatic; the group-name-only share is the stricter reading."
        if kind == "sentence" else ""
    )  # fmt: skip
    why = []
    if share < 0.8:
        why.append(f"only {share:.0%} of the groups' best-matching clusters are named with a word of "
                   "the group's name or members")  # fmt: skip
    if not q_weighted >= 0.8:
        why.append(f"the names tell their clusters apart for {q_weighted:.0%} of the items")
    return Row(
        f"clusters_names_{name}",
        SECTION,
        f"Names of “{name}”'s clusters: share of known groups whose best-matching cluster's name "
        "or keywords share a word with the group's name or members; mean name quality",
        f"{share:.2f} (group name only: {share_name:.2f}); quality {q_weighted:.2f}",
        "≥ 0.8 both",
        PASS if met else MISS,
        f"At level {level_note(at, levels)}, kind='{kind}'"
        + (", vocabulary = the app's word pool (`pool(model, []).base`)" if kind == "word" else "")
        + f". Best match: the cluster holding most of the group's members (noise not counted). "
        "Words compared lowercased, a plural “s” stripped, a few stop words left out. Quality: "
        f"`Cluster.quality` weighted by cluster size (plain mean {q_plain:.2f}). {tautology} "
        f"Matches: {'; '.join(shown)}.",
        "; ".join(why) + "." if why else "",
    )


def level_note(at: int, levels: list[np.ndarray]) -> str:
    return f"{at} ({int(levels[at].max()) + 1} clusters)"


def _many_texts(n: int) -> list[str]:
    """n distinct ticket texts from bench/make_tickets.py's phrasings, over successive seeds."""
    from bench.make_tickets import SEED, make_rows

    out: dict[str, None] = {}
    seed = SEED
    while len(out) < n:
        for row in make_rows(seed):
            out.setdefault(row["body"], None)
        seed += 1
    return list(out)[:n]


def _speed_rows(model) -> list[Row]:
    from core.clusters import describe, find_clusters
    from core.clusters.ward import FIT_AT_MOST
    from core.project import project

    texts = _many_texts(10_000)
    enc_s, vectors = timed(lambda: np.asarray(model.encode(texts), dtype=np.float32))
    umap_s, coords = timed(lambda: project(vectors, method="umap", n_components=2))
    log(f"speed: encoded 10,000 in {enc_s:.0f} s, UMAP {umap_s:.0f} s")
    rng = np.random.default_rng(0)
    rows = []
    for n, limit in SPEED_TARGETS.items():
        reps = n // len(texts)
        t = texts * reps
        v = np.tile(vectors, (reps, 1))
        spread = float(np.ptp(coords, axis=0).mean())
        c = np.tile(coords, (reps, 1))
        if reps > 1:  # the repeats sit a hair apart, as UMAP would place equal vectors
            c = c + rng.normal(0, 1e-3 * spread, c.shape).astype(c.dtype)

        def once(t=t, v=v, c=c):
            find_s, levels = timed(lambda: find_clusters(c, min_coarse=5))
            name_s, described = timed(
                lambda: describe(t, v, c, levels, kind="sentence", embedder=model)
            )
            return find_s, name_s, described

        once()  # warms the encoding cache (keywords) and the code paths
        find_s, name_s, described = once()
        total = find_s + name_s
        counts = ", ".join(str(len(d)) for d in described)
        log(f"speed {n}: {total:.2f} s (find {find_s:.2f} s, describe {name_s:.2f} s), {counts}")
        status, how = at_most(total, limit)
        repeat = (
            f" The 10,000 texts repeated {reps}× (texts and vectors tiled; map coordinates tiled "
            "with Gaussian jitter of 0.1% of the map's extent)."
            if reps > 1 else ""
        )  # fmt: skip
        rows.append(Row(
            f"clusters_speed_{n // 1000}k",
            SECTION,
            f"Clustering and naming {n:,} texts once the map exists (`find_clusters` + "
            f"`describe`, sentence model, warm encoding cache)",
            seconds(total),
            f"≤ {seconds(limit)}",
            status,
            f"{how}. Second of two runs (the first warms the keyword encodings); default method "
            f"(Ward levels, `find_clusters(coords, min_coarse=5)`: the tree is fitted on a "
            f"{FIT_AT_MOST:,}-point sample, the rest take their nearest sampled point's labels); "
            f"find_clusters {seconds(find_s)}, describe {seconds(name_s)}; levels of {counts} clusters. "
            f"Texts: 10,000 distinct support tickets built from bench/ticket_phrases.py "
            f"(`make_tickets.make_rows` over successive seeds), {MODEL}; coordinates from a real "
            f"`project(vectors, method='umap')` of them ({seconds(umap_s)}, not counted)."
            + repeat,
            "" if status == PASS else "Naming (c-TF-IDF over every text, keyword re-ranking and "
            "name quality) or the levels take longer than the target on this machine.",
        ))  # fmt: skip
    return rows


def run() -> list[Row]:
    with _offline_env():
        from core.models import load_model

        model = load_model(MODEL)
        rows = []
        for name, kind in (("ninety-words", "word"), ("support-tickets", "sentence")):
            try:
                rows += _set(name, kind, model)
            except Exception as exc:  # one broken set is reported; the rest still run
                traceback.print_exc()
                rows.append(skipped(f"clusters_{name}", SECTION, f"Clusters of “{name}”", "—",
                                    f"{type(exc).__name__}: {exc}"))  # fmt: skip
        rows += _speed_rows(model)
    return rows
