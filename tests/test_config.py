import shutil
from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.errors import ConfigError

SEED_004 = Path(__file__).resolve().parent.parent / "seeds" / "004_40259cb2cda64e73.txt"


def write_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "run.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_default_config_lists_the_four_builtin_stages_in_order():
    config = load_config(Path(__file__).parent.parent / "configs" / "default.toml")
    assert [spec.name for spec in config.stages] == ["cleanup", "segment", "entities", "facts"]


def test_a_config_may_hold_only_the_entity_stage(tmp_path):
    config = load_config(write_config(tmp_path, '[[stages]]\nname = "entities"\n'))
    assert [spec.name for spec in config.stages] == ["entities"]


def test_unknown_stage_names_the_file_and_the_stage(tmp_path):
    path = write_config(tmp_path, '[[stages]]\nname = "cleanup"\n\n[[stages]]\nname = "summarise"\n')
    with pytest.raises(ConfigError, match=r"run\.toml: \[\[stages\]\] #2 \(summarise\): unknown stage 'summarise'"):
        load_config(path)


def test_unknown_option_names_the_key(tmp_path):
    path = write_config(tmp_path, '[[stages]]\nname = "segment"\ncolour = "blue"\n')
    with pytest.raises(ConfigError, match=r"\(segment\): unknown option 'colour'"):
        load_config(path)


def test_wrong_option_type_names_the_key_and_the_expected_type(tmp_path):
    path = write_config(tmp_path, '[run]\nworkers = "two"\n\n[[stages]]\nname = "segment"\n')
    with pytest.raises(ConfigError, match=r"\[run\]\.workers: expected int, got str 'two'"):
        load_config(path)


def test_booleans_are_not_accepted_as_numbers(tmp_path):
    path = write_config(tmp_path, '[run]\nworkers = true\n\n[[stages]]\nname = "segment"\n')
    with pytest.raises(ConfigError, match=r"workers: expected int"):
        load_config(path)


def test_unknown_run_key_and_unknown_top_level_table_are_refused(tmp_path):
    with pytest.raises(ConfigError, match=r"\[run\]: unknown option 'ouput'"):
        load_config(write_config(tmp_path, '[run]\nouput = "x"\n[[stages]]\nname = "segment"\n'))
    with pytest.raises(ConfigError, match=r"unknown top-level key 'stage'"):
        load_config(write_config(tmp_path, '[stage]\nname = "segment"\n'))


def test_invalid_toml_and_missing_file_are_one_line_errors(tmp_path):
    with pytest.raises(ConfigError, match=r"run\.toml: invalid TOML") as error:
        load_config(write_config(tmp_path, "[[stages]\nname = "))
    assert "\n" not in str(error.value)
    with pytest.raises(ConfigError, match=r"nothing\.toml: config file not found"):
        load_config(tmp_path / "nothing.toml")


def test_a_config_without_stages_is_refused(tmp_path):
    with pytest.raises(ConfigError, match=r"no \[\[stages\]\] tables"):
        load_config(write_config(tmp_path, '[run]\noutput = "out"\n'))


def test_command_line_overrides_win_over_the_run_table(tmp_path):
    path = write_config(tmp_path, '[run]\noutput = "a"\nworkers = 1\n[[stages]]\nname = "cleanup"\n')
    config = load_config(path, {"output": "b", "workers": 2, "input": None})
    assert (config.run.output, config.run.workers, config.run.input) == ("b", 2, ["seeds"])


def test_a_user_stage_plugs_in_by_dotted_path(tmp_path):
    path = write_config(tmp_path, '[[stages]]\nname = "tests.plugin_stage:MarkTitles"\nprefix = "★"\n')
    (spec,) = load_config(path).stages
    assert spec.stage_cls.__name__ == "MarkTitles"
    assert spec.options.prefix == "★"


def test_a_dotted_path_to_something_that_is_not_a_stage_is_refused(tmp_path):
    path = write_config(tmp_path, '[[stages]]\nname = "pathlib:Path"\n')
    with pytest.raises(ConfigError, match=r"'pathlib:Path' is not a pipeline.registry.Stage subclass"):
        load_config(path)


def test_relative_paths_in_a_config_are_read_against_its_folder_from_any_current_folder(tmp_path, monkeypatch):
    from pipeline.runner import run

    (tmp_path / "pages").mkdir()
    shutil.copy(SEED_004, tmp_path / "pages")
    (tmp_path / "names.tsv").write_text("如意湖公园\tLOC\n", encoding="utf-8")
    configs = tmp_path / "configs"
    configs.mkdir()
    path = configs / "run.toml"
    path.write_text(
        '[run]\ninput = ["../pages/*.txt"]\noutput = "../out"\n\n[[stages]]\nname = "cleanup"\n\n'
        '[[stages]]\nname = "entities"\ngazetteer_files = ["../names.tsv"]\n',
        encoding="utf-8",
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    config = load_config(path)
    assert config.run.input == [str(tmp_path / "pages" / "*.txt")]
    assert config.run.output == str(tmp_path / "out")
    assert config.stages[1].options.gazetteer_files == [str(tmp_path / "names.tsv")]
    light = configs / "light.toml"
    light.write_text('[run]\ninput = ["../pages"]\noutput = "../out"\n\n[[stages]]\nname = "cleanup"\n')
    summary = run(load_config(light), quiet=True)
    assert (summary.documents, summary.failures) == (1, [])
    assert (tmp_path / "out" / f"{SEED_004.stem}.jsonl").exists()


def test_command_line_paths_stay_relative_to_the_current_folder(tmp_path, monkeypatch):
    path = write_config(tmp_path, '[run]\noutput = "out"\n\n[[stages]]\nname = "cleanup"\n')
    monkeypatch.chdir(tmp_path.parent)
    config = load_config(path, {"output": "cli-out", "input": ["pages"]})
    assert (config.run.output, config.run.input) == ("cli-out", ["pages"])


def test_a_model_given_by_name_is_left_as_a_name(tmp_path):
    from pipeline.config import resolve_paths
    from pipeline.stages.entities import EntitiesOptions

    (tmp_path / "my-model").mkdir()
    resolved = resolve_paths({"model": "zh_core_web_sm"}, EntitiesOptions, tmp_path)
    assert resolved == {"model": "zh_core_web_sm"}
    assert resolve_paths({"model": "my-model"}, EntitiesOptions, tmp_path) == {"model": str(tmp_path / "my-model")}


def test_segmentation_without_cleanup_before_it_is_a_config_error_naming_the_stage(tmp_path):
    path = write_config(tmp_path, '[[stages]]\nname = "segment"\n\n[[stages]]\nname = "cleanup"\n')
    with pytest.raises(ConfigError, match=r"#1 \(segment\): requires 'layout', .* \(put 'cleanup' before it\)"):
        load_config(path)


def test_stages_in_the_order_their_requirements_ask_for_load(tmp_path):
    path = write_config(tmp_path, '[[stages]]\nname = "cleanup"\n\n[[stages]]\nname = "segment"\n')
    assert [spec.name for spec in load_config(path).stages] == ["cleanup", "segment"]


def test_a_profile_file_beside_the_config_is_found_from_any_current_folder(tmp_path, monkeypatch):
    profiles = Path(__file__).resolve().parent.parent / "pipeline" / "profiles"
    shutil.copy(profiles / "lvliang.toml", tmp_path / "my-paper.toml")
    path = write_config(tmp_path, '[[stages]]\nname = "cleanup"\nprofile = "my-paper.toml"\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    (cleanup,) = load_config(path).stages
    assert cleanup.options.profile == str(tmp_path / "my-paper.toml")


def test_wrong_type_for_an_optional_option_names_what_it_accepts(tmp_path):
    path = write_config(tmp_path, '[[stages]]\nname = "entities"\nhanlp_task = 3\n')
    with pytest.raises(ConfigError, match=r"hanlp_task: expected str or nothing, got int 3"):
        load_config(path)


def test_wrong_item_in_a_list_option_names_its_index(tmp_path):
    path = write_config(tmp_path, '[[stages]]\nname = "entities"\ngazetteer_files = ["names.tsv", 7]\n')
    with pytest.raises(ConfigError, match=r"gazetteer_files\[1\]: expected"):
        load_config(path)
