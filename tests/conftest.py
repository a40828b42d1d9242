"""Shared fixtures: the evaluation corpus beside the repository, when present."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the property tests on a fixed sequence of examples, so that a red build can be
# reproduced; locally each run explores new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = ROOT / "corpus"


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` (evaluation corpus and scorer); skips the test when it is absent."""
    if not (SHARED / "corpus" / "dev" / "articles.jsonl").is_file():
        pytest.skip("../shared/corpus/dev is not checked out beside the repository "
                    "(it is provided to developers and CI only)")
    return SHARED
