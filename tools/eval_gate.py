"""Fail when an evaluation score drops below its floor in tests/eval_baseline.json.

    python tools/eval_gate.py --gold ../shared/gold --pred build/eval

Floors only rise: when a change lifts a score, raise its floor in the same commit.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

BASELINE = Path(__file__).resolve().parent.parent / "tests" / "eval_baseline.json"


def load_scorer(gold: Path):
    path = gold.parent / "eval" / "score.py"
    spec = importlib.util.spec_from_file_location("vanban_score", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def below_floor(result: dict, floors: dict) -> list[str]:
    bad = []
    for field, floor in floors["fields"].items():
        got = result["fields"][field]["f1"]
        if got < floor:
            bad.append(f"{field}: F1 {got:.3f} < floor {floor:.3f}")
    if result["overall_f1"] < floors["overall_f1"]:
        bad.append(f"overall: F1 {result['overall_f1']:.3f} < floor {floors['overall_f1']:.3f}")
    return bad


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", type=Path, required=True)
    ap.add_argument("--pred", type=Path, required=True)
    a = ap.parse_args()
    result = load_scorer(a.gold).score(a.gold, a.pred)
    bad = below_floor(result, json.loads(BASELINE.read_text()))
    for line in bad:
        print(f"eval gate: {line}")
    print("eval gate: " + ("FAILED" if bad else "all fields at or above their floors"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
