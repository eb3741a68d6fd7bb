"""The long fuzz run: N generated articles (default 10,000) through read, extraction, RDF and SHACL.

    .venv/bin/python scripts/fuzz.py [--articles 10000] [--seed 1] [--show 5]

Counts crashes (an exception other than a clear refusal), lost articles (a graph that violates
the shapes, so nothing would be written), and spans outside their sentence; prints the first
inputs of each kind, so each can become a regression test. Exit 0 when all three are 0, else 1.
The same strategies run a few hundred cases in the test suite (tests/test_fuzz.py).
"""

from __future__ import annotations

import argparse
import collections
import random
import re
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402

from tests.strategies import articles, build  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=None, help="default: a random seed, printed")
    ap.add_argument("--show", type=int, default=5, help="inputs to print for each kind of failure")
    ap.add_argument("--no-known-bugs", action="store_true", help="leave out the templates of recorded extraction bugs")
    args = ap.parse_args()
    run_seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    counts: collections.Counter[str] = collections.Counter()
    samples: dict[str, list[str]] = collections.defaultdict(list)
    start = time.perf_counter()

    seen: set[str] = set()

    def note(kind: str, case: tuple[str, str | None], detail: str) -> None:
        counts[kind] += 1
        key = re.sub(
            r"\d+", "#", detail.splitlines()[0] if "Violation" not in detail else detail.split("Violation", 1)[1]
        )
        if len(samples[kind]) < args.show and key not in seen:  # one sample of each distinct problem
            seen.add(key)
            samples[kind].append(f"{case!r}\n    {detail}")

    @seed(run_seed)
    @settings(max_examples=args.articles, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(articles(known_bugs=not args.no_known_bugs))
    def one(case: tuple[str, str | None]) -> None:
        counts["articles"] += 1
        try:
            out = build(*case)
        except Exception:
            note("crashes", case, traceback.format_exc(limit=-3).replace("\n", "\n    "))
            return
        if out.refused:
            note("refused", case, out.refused)
            return
        for p in out.problems:
            kind = "lost (shapes violated)" if p.startswith("conforms: no") else "spans outside their sentence"
            note(kind, case, p.replace("\n", "\n    "))
        if counts["articles"] % 500 == 0:
            print(f"  {counts['articles']:,} articles, {time.perf_counter() - start:.0f} s", file=sys.stderr)

    one()
    secs = time.perf_counter() - start
    print(f"seed {run_seed}: {counts['articles']:,} articles in {secs:.0f} s ({counts['articles'] / secs:.1f}/s)")
    for kind in ("crashes", "lost (shapes violated)", "spans outside their sentence", "refused"):
        print(f"{kind}: {counts[kind]}")
        for s in samples[kind]:
            print(f"  - {s}")
    return (
        0
        if not (counts["crashes"] or counts["lost (shapes violated)"] or counts["spans outside their sentence"])
        else 1
    )


if __name__ == "__main__":
    sys.exit(main())
