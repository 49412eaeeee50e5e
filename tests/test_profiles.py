"""Newspaper profiles: conventions as data, merged over the default, checked, and used by the stages."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.errors import ConfigError
from pipeline.manifest import config_fingerprint
from pipeline.profiles import ProfileError, known_profiles, load_profile
from pipeline.segment.words import dictionary_file
from pipeline.stages.cleanup import Cleanup, CleanupOptions
from pipeline.stages.segment import Segment, SegmentOptions
from pipeline.types import Document

# A page of a paper nobody profiled: its footer credit label `统筹` and its role word `融媒记者`
# are not in the default profile.
PAGE = """汾河湿地公园开园

融媒记者 王建国

本报讯 近日，汾河湿地公园正式开园，
市民可免费入园游览。

统筹：刘明
"""


def run(raw: str, profile: str) -> Document:
    doc = Document.from_raw("page", raw, "page.txt")
    Cleanup(CleanupOptions(profile=profile)).process(doc)
    Segment(SegmentOptions(profile=profile)).process(doc)
    return doc


def test_the_shipped_profiles_are_the_default_the_seeds_paper_and_agency_copy():
    assert {"default", "lvliang", "xinhua"} <= set(known_profiles())
    lvliang = load_profile("lvliang")
    assert lvliang.files[0].name == "default.toml"
    assert set(load_profile("default").words("names", "place_suffixes")) < set(lvliang.words("names", "place_suffixes"))


def test_a_new_papers_conventions_are_one_profile_file(tmp_path: Path):
    profile = tmp_path / "fenhe.toml"
    profile.write_text(
        'extends = "default"\n[furniture]\ncredit_labels = ["统筹"]\n[bylines]\nreporter_roles = ["融媒记者"]\n',
        encoding="utf-8",
    )
    plain = run(PAGE, "default")
    assert "统筹：刘明" in plain.text
    assert all("王建国" not in article.authors for article in plain.articles)
    own = run(PAGE, str(profile))
    assert "统筹" not in own.text
    assert [marker.text for marker in own.markers if marker.kind == "furniture"] == ["统筹：刘明"]
    (article,) = [article for article in own.articles if article.kind == "article"]
    assert article.title == "汾河湿地公园开园"
    assert article.authors == ["王建国"]
    assert article.text == "近日，汾河湿地公园正式开园，市民可免费入园游览。"


def test_a_profile_with_an_unknown_key_or_a_wrong_type_names_the_file_and_the_key(tmp_path: Path):
    profile = tmp_path / "bad.toml"
    profile.write_text('extends = "default"\n[bylines]\nreporter_role = ["融媒记者"]\n', encoding="utf-8")
    with pytest.raises(ProfileError, match=r"bad\.toml: \[bylines\]: unknown key 'reporter_role'"):
        load_profile(str(profile))
    profile.write_text('extends = "default"\n[furniture]\nmax_chars = "30"\n', encoding="utf-8")
    with pytest.raises(ProfileError, match=r"bad\.toml: \[furniture\]\.max_chars: expected int"):
        load_profile(str(profile))


def test_an_unknown_profile_in_the_config_is_a_config_error(tmp_path: Path):
    config = tmp_path / "run.toml"
    config.write_text('[[stages]]\nname = "cleanup"\nprofile = "nowhere-daily"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\(cleanup\): profile 'nowhere-daily': no such profile"):
        load_config(config)


def test_the_stages_declare_the_profile_files_they_read(tmp_path: Path):
    profile = tmp_path / "fenhe.toml"
    profile.write_text('extends = "lvliang"\n', encoding="utf-8")
    files = Cleanup(CleanupOptions(profile=str(profile))).data_files()
    assert [path.name for path in files] == ["default.toml", "lvliang.toml", "fenhe.toml"]
    # Segmentation also reads the word list that tells a title line broken inside a word.
    assert Segment(SegmentOptions(profile=str(profile))).data_files() == [*files, dictionary_file()]


def test_editing_a_profile_changes_the_resume_fingerprint(tmp_path: Path):
    profile = tmp_path / "fenhe.toml"
    profile.write_text('extends = "default"\n[furniture]\ncredit_labels = ["统筹"]\n', encoding="utf-8")
    config = tmp_path / "run.toml"
    config.write_text(f'[[stages]]\nname = "cleanup"\nprofile = "{profile}"\n', encoding="utf-8")
    before = config_fingerprint(load_config(config).stages, {})
    profile.write_text('extends = "default"\n[furniture]\ncredit_labels = ["统筹", "监制"]\n', encoding="utf-8")
    assert config_fingerprint(load_config(config).stages, {}) != before
