from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import ROOT
from pipeline.rules import load_rules

SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def rules():
    return load_rules()


@pytest.fixture(scope="session")
def x(rules):
    return rules.extract


def need_shared() -> Path:
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared/corpus is absent: the real-document tests need it beside the project")
    return SHARED
