"""Pairwise precision and recall of the merge on tests/data/merge_cases.json, with every
misjudged pair named. Run: .venv/bin/python bench/merge_quality.py"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.test_merge_quality import load_cases, pair_judgements, precision_recall  # noqa: E402


def main() -> int:
    cases = load_cases()
    outcome = pair_judgements(cases)
    precision, recall = precision_recall(outcome)
    clusters = len({label for _, label in cases})
    pairs = sum(map(len, outcome.values()))
    print(f"{len(cases)} records, {clusters} labelled manifestations, {pairs} pairs")
    print(f"{'':<16}{'merged':>8}{'apart':>8}")
    print(f"{'same (labelled)':<16}{len(outcome['tp']):>8}{len(outcome['fn']):>8}")
    print(f"{'different':<16}{len(outcome['fp']):>8}{len(outcome['tn']):>8}")
    print(f"precision {precision:.3f}  recall {recall:.3f}")
    for kind, label in (("fp", "wrongly merged"), ("fn", "wrongly apart")):
        for a, b in outcome[kind]:
            print(f"  {label}: {a} {b}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
