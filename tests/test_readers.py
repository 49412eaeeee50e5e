import shutil
from pathlib import Path

import pytest

from pipeline.errors import PipelineError
from pipeline.io.readers import chinese_share, decode_bytes, discover, read_documents
from pipeline.types import Document, Failure
from tests.conftest import SEEDS

SEED_004 = SEEDS / "004_40259cb2cda64e73.txt"

SEED_LINE = "本报讯 近日，城北街道办，东泰能源集团、金晖煤业联合工会在吕梁如意湖公园举办迎新年健步走活动。"


def read_all(*paths: Path) -> list[Document | Failure]:
    return list(read_documents(list(paths)))


def test_gbk_file_is_detected_and_decoded(tmp_path):
    path = tmp_path / "gbk_page.txt"
    path.write_bytes(SEED_LINE.encode("gbk"))
    (doc,) = read_all(path)
    assert doc.raw == SEED_LINE and doc.doc_id == "gbk_page"


def test_utf8_bom_is_dropped_and_offsets_start_after_it(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + SEED_LINE.encode("utf-8"))
    (doc,) = read_all(path)
    assert doc.raw == SEED_LINE


def test_crlf_file_keeps_raw_and_gives_lf_text(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes("合办：离石区融媒体中心\r\n\r\n".encode() + SEED_LINE.encode())
    (doc,) = read_all(path)
    assert "\r\n" in doc.raw and "\r" not in doc.text
    assert doc.text.startswith("合办：离石区融媒体中心\n\n本报讯")


def test_binary_file_is_a_failure_naming_the_file(tmp_path):
    path = tmp_path / "scan.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (failure,) = read_all(path)
    assert isinstance(failure, Failure)
    assert failure.path == str(path) and "binary data" in failure.message


def test_empty_file_is_a_failure(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("  \n\n", encoding="utf-8")
    (failure,) = read_all(path)
    assert isinstance(failure, Failure) and "empty file" in failure.message


def test_jsonl_bad_lines_fail_alone_and_name_their_line(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(
        '{"id": "a", "text": "新增义务教育学位6600个。"}\n'
        '{"id": "b", "text": "未完\n'
        '{"text": "没有编号的一行"}\n'
        "\n"
        '{"id": "c", "text": 5}\n'
        '{"id": "d", "text": "离石一中和朝阳小学举行深度合作签约仪式。"}\n',
        encoding="utf-8",
    )
    items = read_all(path)
    assert [item.doc_id for item in items if isinstance(item, Document)] == ["a", "d"]
    failures = {item.path: item.message for item in items if isinstance(item, Failure)}
    assert failures[f"{path}:2"].startswith("invalid JSON")
    assert failures[f"{path}:3"] == "missing key 'id'"
    assert failures[f"{path}:5"] == "'text' must be a string, got int"


def test_jsonl_ids_that_are_not_file_names_are_refused(tmp_path):
    path = tmp_path / "ids.jsonl"
    path.write_text('{"id": "../escape", "text": "正文"}\n', encoding="utf-8")
    (failure,) = read_all(path)
    assert "usable as a file name" in failure.message


def test_duplicate_doc_ids_are_reported_not_overwritten(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "page.txt").write_text("第一页。", encoding="utf-8")
    (tmp_path / "b" / "page.txt").write_text("第二页。", encoding="utf-8")
    first, second = read_all(*discover([str(tmp_path)]))
    assert isinstance(first, Document) and isinstance(second, Failure)
    assert "duplicate doc_id 'page'" in second.message


def test_discover_expands_directories_and_globs_and_skips_other_files(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ("a.txt", "sub/b.jsonl", "notes.md"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.name for p in discover([str(tmp_path)])] == ["a.txt", "b.jsonl"]
    assert [p.name for p in discover([str(tmp_path / "**" / "*.jsonl")])] == ["b.jsonl"]


def test_a_missing_input_becomes_a_failure_in_its_place_and_the_others_are_still_found(tmp_path):
    shutil.copy(SEED_004, tmp_path)
    missing, found, no_match = discover([str(tmp_path / "missing.txt"), str(tmp_path), str(tmp_path / "*.md")])
    assert isinstance(missing, Failure) and str(missing) == f"{tmp_path / 'missing.txt'}: read: input not found"
    assert found == tmp_path / SEED_004.name
    assert isinstance(no_match, Failure) and no_match.message == "no .txt, .jsonl or .pdf file matches this pattern"
    assert [type(item) for item in read_all_items(discover([str(tmp_path / "gone"), str(tmp_path)]))] == [
        Failure,
        Document,
    ]


def read_all_items(entries: list) -> list[Document | Failure]:
    return list(read_documents(entries))


SEED_004_TRADITIONAL = (
    "合辦：離石區融媒體中心\n\n本報訊 近日，城北街道辦，東泰\n\n能源集團、金暉煤業聯合工會在呂梁\n\n"
    "如意湖公園舉辦迎新年健步走活動。\n\n城北街道全體會員、東泰能源集團、金\n\n暉煤業負責人，城北街道各社區主幹，\n\n"
    "基層站所負責人共計 150 餘人參加活\n\n動。\n"
)
"""The start of seed 004 as a Taiwan or Hong Kong paper would print it (written by hand)."""


def test_a_big5_page_is_detected_and_decoded_not_read_as_mojibake(tmp_path):
    path = tmp_path / "big5_page.txt"
    path.write_bytes(SEED_004_TRADITIONAL.encode("big5"))
    (doc,) = read_all(path)
    assert doc.raw == SEED_004_TRADITIONAL


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_a_whole_seed_page_in_utf16_without_a_bom_is_decoded_not_called_binary(tmp_path, codec):
    page = SEED_004.read_text(encoding="utf-8")
    path = tmp_path / "page.txt"
    path.write_bytes(page.encode(codec))
    (doc,) = read_all(path)
    assert isinstance(doc, Document) and doc.raw == page


@pytest.mark.parametrize("codec", ["gb18030", "utf-8-sig", "utf-16", "utf-32"])
def test_every_seed_page_round_trips_through_each_supported_encoding(tmp_path, codec):
    for seed in sorted(SEEDS.glob("*.txt")):
        page = seed.read_text(encoding="utf-8")
        path = tmp_path / seed.name
        path.write_bytes(page.encode(codec))
        (doc,) = read_all(path)
        assert doc.raw == page, (seed.name, codec)


def test_a_seed_page_cut_inside_a_character_is_still_read(tmp_path):
    data = SEED_004.read_bytes()
    middle = next(i for i in range(len(data) // 2, len(data)) if data[i] & 0xC0 == 0x80)
    cut = data[:middle]  # ends inside a multi-byte UTF-8 character
    path = tmp_path / "cut.txt"
    path.write_bytes(cut)
    (doc,) = read_all(path)
    assert isinstance(doc, Document) and doc.raw.startswith(" 合办：离石区融媒体中心")
    assert doc.raw == cut.decode("utf-8", errors="ignore")


def test_bytes_of_no_known_encoding_are_refused_with_the_file_named():
    with pytest.raises(PipelineError, match=r"^scan\.txt: binary data \(NUL"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "scan.txt")


def test_a_broken_json_string_is_described_without_a_doubled_word(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text('{"id": "a", "text": "本报讯 近日\n', encoding="utf-8")
    (failure,) = read_all(path)
    assert failure.message == "invalid JSON: Unterminated string starting at (column 21)"


def test_the_chinese_share_tells_a_seed_page_from_english_and_from_figures():
    assert chinese_share(SEED_004.read_text(encoding="utf-8")) > 0.9
    assert chinese_share("The company said it would add 300 new jobs.\nBeijing is the capital.") == 0.0
    assert chinese_share("2023\n300\n12345678901234567890\n") == 0.0
