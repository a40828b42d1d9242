"""Row matching as the evaluation scorer does it: a multiset of (form, level, recipient,
count) tuples per article."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import extractor

FIELDS = ("form", "level", "recipient", "count")


def gold_tuples(rows: Iterable[dict]) -> Counter:
    return Counter(tuple(r[f] for f in FIELDS) for r in rows)


def predicted_tuples(article: dict) -> Counter:
    result = extractor.extract(article["text"], article_id=article["id"],
                               title=article.get("title"))
    return Counter((f.form, f.level, f.recipient, f.count) for f in result.facts)


def strict_f1(pairs: Iterable[tuple[Counter, Counter]]) -> float:
    tp = n_pred = n_gold = 0
    for gold, pred in pairs:
        tp += sum((gold & pred).values())
        n_pred += sum(pred.values())
        n_gold += sum(gold.values())
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0
