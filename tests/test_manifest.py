"""The resume fingerprint: what a stage's code imports and the data files it reads decide it."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.manifest import config_fingerprint, imported_modules
from pipeline.runner import run
from tests.conftest import SEEDS

SEED_004 = SEEDS / "004_40259cb2cda64e73.txt"


def test_the_entity_stage_is_tied_to_the_helpers_it_imports_even_inside_functions_but_not_to_other_stages():
    modules = imported_modules("pipeline.stages.entities")
    assert {"pipeline.ner.postprocess", "pipeline.ner.gazetteer", "pipeline.ner.spacy_glue"} <= modules
    assert "pipeline.ner.lac_runner" in modules  # imported only inside `setup`
    assert "pipeline.types" in modules
    assert not {"pipeline.stages.cleanup", "pipeline.stages.facts", "pipeline.evaluate"} & modules


@pytest.fixture
def plugin_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A user's stage package whose stage imports a helper module of its own."""
    package = tmp_path / "my_stages"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "rules.py").write_text('PREFIX = "*"\n')
    (package / "stage.py").write_text(
        textwrap.dedent(
            """
            from pipeline.registry import Stage


            class PrefixTitles(Stage):
                def process(self, doc):
                    from my_stages.rules import PREFIX

                    for article in doc.ensure_articles():
                        article.title = PREFIX + (article.title or "")
            """
        )
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    yield package
    for name in [name for name in sys.modules if name.startswith("my_stages")]:
        del sys.modules[name]


def write_config(tmp_path: Path, stages: str) -> Path:
    path = tmp_path / "run.toml"
    path.write_text(f'[run]\ninput = ["{SEED_004}"]\noutput = "out"\n\n{stages}', encoding="utf-8")
    return path


def test_editing_a_helper_module_a_plugin_stage_imports_redoes_its_documents(tmp_path, plugin_package):
    config = write_config(tmp_path, '[[stages]]\nname = "my_stages.stage:PrefixTitles"\n')
    first = run(load_config(config), quiet=True)
    unchanged = run(load_config(config), quiet=True)
    (plugin_package / "rules.py").write_text('PREFIX = "#"\n')
    edited = run(load_config(config), quiet=True)
    assert (first.skipped, unchanged.skipped, edited.skipped) == (0, 1, 0)


def test_editing_a_gazetteer_file_changes_the_fingerprint_and_a_comment_elsewhere_does_not(tmp_path):
    names = tmp_path / "names.tsv"
    names.write_text("汾酒集团\tORG\n", encoding="utf-8")
    config = write_config(tmp_path, '[[stages]]\nname = "entities"\ngazetteer_files = ["names.tsv"]\n')
    loaded = load_config(config)
    (entities,) = loaded.stages
    assert entities.build().data_files() == [names]
    before = config_fingerprint(loaded.stages, {})
    assert config_fingerprint(load_config(config).stages, {}) == before
    names.write_text("汾酒集团\tORG\n东泰能源集团\tORG\n", encoding="utf-8")
    assert config_fingerprint(load_config(config).stages, {}) != before
