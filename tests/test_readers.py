from pathlib import Path

import pytest

from pipeline.errors import PipelineError
from pipeline.io.readers import decode_bytes, discover, read_documents
from pipeline.types import Document, Failure

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
    with pytest.raises(PipelineError, match=r"missing\.txt: input not found"):
        discover([str(tmp_path / "missing.txt")])


def test_text_that_is_neither_utf8_nor_gb18030_is_refused():
    with pytest.raises(PipelineError, match=r"page\.txt: not UTF-8 or GB18030"):
        decode_bytes(b"\x81\x20\x81\x20\xff\xff", "page.txt")
