"""Shared fixtures: the seed pages and one run of the default config over them."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.config import load_config
from pipeline.runner import run

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "gold"
DEFAULT_CONFIG = ROOT / "configs" / "default.toml"


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def seed_outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default config run once over the seeds; tests read but never modify this folder."""
    output = tmp_path_factory.mktemp("seed_outputs")
    config = load_config(DEFAULT_CONFIG, {"input": [str(SEEDS)], "output": str(output)})
    summary = run(config, quiet=True)
    assert not summary.failures, summary.failures
    return output


TRAIN_PAGES = ("001_5a41c59cdac262eb", "004_40259cb2cda64e73")


@pytest.fixture(scope="session")
def trained_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A CRF entity model trained (`train-ner`) from the gold of two seed pages only, with few iterations."""
    from pipeline.cli import main

    folder = tmp_path_factory.mktemp("train_ner")
    gold = folder / "gold"
    gold.mkdir()
    for page in TRAIN_PAGES:
        (gold / f"{page}.jsonl").write_text((GOLD / f"{page}.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    model = folder / "two-pages.crfsuite"
    assert main(["train-ner", "--gold", str(gold), "-o", str(model), "--iterations", "40", "--gold-repeats", "1"]) == 0
    return model


@pytest.fixture(scope="session")
def simulated_pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A few small simulated pages made once from the project's own gold articles (never ../shared).

    `OUT/{tune,report}/{pdf,text,gold}/` as `python -m pipeline.simulator` writes them, pdfminer
    text only; see docs/simulator.md. Tests read but never modify this folder.
    """
    from pipeline.simulator import SimulationOptions, simulate

    out = tmp_path_factory.mktemp("simulated_pages")
    simulate(SimulationOptions(out=out, gold_dirs=[GOLD, ROOT / "heldout" / "gold"], pages=2, seed=7, pdftotext=False))
    return out


CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Headless Chromium driven through chromedriver; skipped where either is not installed."""
    chromium, chromedriver = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not chromedriver:
        pytest.skip("Chromium or chromedriver not installed: run scripts/install-test-browser.sh (Debian, as root)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium not installed: pip install -e '.[test]'")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=chromedriver))
    yield driver
    driver.quit()
