"""Cleanup stage: each layout artifact of the seed pages undone, offsets back to raw, properties."""

from __future__ import annotations

import json
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

from pipeline.errors import ConfigError
from pipeline.registry import build_options
from pipeline.stages.cleanup import Cleanup, CleanupOptions
from pipeline.types import Document, Geometry, Layout, PrintedLine

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_TEXTS = {path.stem[:3]: path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))}

_RAW_SOURCES = {
    "，": ",",
    "；": ";",
    "：": ":",
    "！": "!",
    "？": "?",
    "（": "(",
    "）": ")",
    " ": "\t\u3000\u00a0",
    "\n": " \t\u3000",
}


def clean(raw: str, **options: object) -> Document:
    doc = Document.from_raw("test", raw, "test")
    Cleanup(CleanupOptions(**options)).process(doc)
    assert doc.failure is None
    return doc


def paragraphs(raw: str, **options: object) -> list[str]:
    return clean(raw, **options).text.split("\n")


def seed_lines(seed: str, first: str, last: str) -> list[str]:
    """The printed lines of a seed page from the line starting with `first` to the one with `last`."""
    lines = [line for line in SEED_TEXTS[seed].split("\n") if line.strip()]
    start = next(i for i, line in enumerate(lines) if line.strip().startswith(first))
    end = next(i for i in range(start, len(lines)) if last in lines[i])
    return lines[start : end + 1]


WALK_PARAGRAPHS = [
    "本报讯近日，城北街道办，东泰能源集团、金晖煤业联合工会在吕梁如意湖公园举办迎新年健步走活动。"
    "城北街道全体会员、东泰能源集团、金晖煤业负责人，城北街道各社区主干，基层站所负责人共计150余人参加活动。",
    "活动现场，尽管天气寒冷，但是丝毫没有降低现场的火热气氛。活动开始后，大家沿着既定路线，迈着矫健的步伐快步"
    "向前，大家一路相互加油鼓劲，最终全部顺利地走向终点。大家纷纷表示：“这样的健步走活动，让大家在大自然中放松"
    "了身心、舒缓了压力，沟通了交流、增进了友谊，尽情享受了健步走带来的乐趣。”",
    "下一步，城北街道将以此次活动为契机，进一步凝心聚力、展示风采，积极培养健康、乐观、向上的心态，引导更多的"
    "职工以更加饱满的精神和健康体魄投入到工作中去，在自己的岗位上创造价值，为创建富裕文明和谐城北贡献自己的一份力量。",
    "（王艳）",
]
"""The first article of seed 004, as docs/gold.md has it, with its byline."""


def maps_back(doc: Document) -> bool:
    """Each cleaned character comes from a raw character: itself, its half- or full-width form,
    or (for a paragraph break) a newline or layout space; and the sources never go backwards."""
    positions = doc.offsets.positions()
    if len(positions) != len(doc.text) or any(a >= b for a, b in pairwise(positions)):
        return False
    for char, position in zip(doc.text, positions, strict=True):
        source = doc.raw[position]
        if source == char or source in _RAW_SOURCES.get(char, ""):
            continue
        if ord(source) - 0xFEE0 != ord(char):
            return False
    return True


def unexplained(doc: Document) -> list[str]:
    """Raw characters missing from the text that are neither layout whitespace, nor inside a
    removed marker, nor the second copy of a doubled glyph (each dropped glyph has a kept twin)."""
    used = set(doc.offsets.positions())
    covered = {i for marker in doc.markers for i in range(marker.raw_start, marker.raw_end)}
    missing: list[str] = []
    line_start = 0
    for line in doc.raw.split("\n"):
        span = range(line_start, line_start + len(line))
        dropped = Counter(doc.raw[i] for i in span if i not in used and i not in covered and not doc.raw[i].isspace())
        kept = Counter(doc.raw[i] for i in span if i in used and not doc.raw[i].isspace())
        if dropped and dropped != kept:
            missing.extend(dropped.elements())
        line_start += len(line) + 1
    return missing


# Hard line breaks and paragraphs


def test_lines_with_a_blank_line_after_each_join_into_paragraphs() -> None:
    raw = (
        "\n进入新时代，加强党建对于国有企业来说\n\n尤为重要，它是企业发展的“根”和“魂”,是国有\n\n"
        "企业做好各项工作的重要保障。而思想政治\n\n工作则是我们党的优良传统和政治优势，它具\n\n"
        "有凝聚人心的力量，引领思想的功能。只有把\n\n思想政治工作和生产经营融合起来，国有企业\n\n"
        "才能时刻保持正确的发展方向。在复杂多变\n\n的市场环境中保证发展的方向正确，同时调动\n\n"
        "好广大员工群众的积极性，使大家充分发挥创\n\n造的主观能动性，才能提高企业的整体效益，\n\n"
        "实现国有资产的保值增值。\n\n1、党建引领下国有企业思想政治工作与\n\n生产经营融合的重要性\n\n"
        "1.1确保企业发展方向的正确性\n\n党的领导为国有企业发展指明了政治方\n\n"
        "向。通过加强党建工作，把党的路线、方针、\n\n政策落实到企业生产经营全过程中。企业在\n\n"
    )
    assert paragraphs(raw) == [
        "进入新时代，加强党建对于国有企业来说尤为重要，它是企业发展的“根”和“魂”，是国有企业做好各项工作的"
        "重要保障。而思想政治工作则是我们党的优良传统和政治优势，它具有凝聚人心的力量，引领思想的功能。"
        "只有把思想政治工作和生产经营融合起来，国有企业才能时刻保持正确的发展方向。在复杂多变的市场环境中"
        "保证发展的方向正确，同时调动好广大员工群众的积极性，使大家充分发挥创造的主观能动性，才能提高企业的"
        "整体效益，实现国有资产的保值增值。",
        "1、党建引领下国有企业思想政治工作与生产经营融合的重要性",
        "1.1确保企业发展方向的正确性",
        "党的领导为国有企业发展指明了政治方向。通过加强党建工作，把党的路线、方针、政策落实到企业生产经营全过程中。企业在",
    ]


def test_short_line_ending_a_sentence_ends_the_paragraph_and_full_one_does_not() -> None:
    raw = SEED_TEXTS["004"]
    text = clean(raw).text
    assert "共计150余人参加活动。\n活动现场，尽管天气寒冷" in text
    assert "火热气氛。活动开始后" in text


def test_one_paragraph_per_line_page_keeps_lines_and_mends_broken_ones() -> None:
    result = paragraphs(SEED_TEXTS["001"])
    assert result[:2] == ["以高质量党建引领教育事业高质量发展", "——全市教育系统抓基层党建工作述职评议会议召开"]
    assert any(paragraph.startswith("会议听取了") and "吕梁二中、吕梁三中" in paragraph for paragraph in result)
    assert any(
        paragraph.startswith("一要强化政治铸魂") and "始终将政治建设置于首位" in paragraph for paragraph in result
    )
    assert "汾阳：" in result


def test_text_without_blank_lines_or_a_column_is_taken_as_paragraphs_already() -> None:
    raw = "“2023年，学校高考生本科上线率突破70%。”\n学校里，所有教室都配备了多媒体设备，\n不仅有音、体"
    assert paragraphs(raw) == raw.split("\n")


def test_column_printed_without_blank_lines_is_joined_from_its_line_widths() -> None:
    # Seed 004's first article with the blank lines taken out: lines of one width that stop
    # mid-sentence show a wrapped column, and short lines ending a sentence end paragraphs.
    lines = seed_lines("004", "本报讯 近日，城北街道办", "（王艳）")
    assert "" not in lines
    assert paragraphs("\n".join(lines)) == WALK_PARAGRAPHS


def test_paragraphs_printed_whole_stay_apart_next_to_a_wrapped_column() -> None:
    # Seed 001 prints each paragraph on one line; an extractor may put such a block and a wrapped
    # column (seed 004) on one page without blank lines. Lines far wider than the column are
    # paragraphs; the column is still joined.
    whole = [line.strip() for line in SEED_TEXTS["001"].split("\n") if len(line) > 100][:3]
    column = seed_lines("004", "本报讯 近日，城北街道办", "（王艳）")
    result = paragraphs("\n".join(whole + column))
    assert result[:3] == [clean(line).text for line in whole]
    assert result[3:] == WALK_PARAGRAPHS


def test_subheads_are_found_in_a_column_without_blank_lines() -> None:
    lines = seed_lines("000", "进入新时代，加强党建", "向。通过加强党建工作")
    assert paragraphs("\n".join(lines))[1:] == [
        "1、党建引领下国有企业思想政治工作与生产经营融合的重要性",
        "1.1确保企业发展方向的正确性",
        "党的领导为国有企业发展指明了政治方向。通过加强党建工作，把党的路线、方针、",
    ]
    lines = seed_lines("002", "汾阳杏花村经济技术开发区成立两年来", "东南西北中，党是领导一切的。")
    assert paragraphs("\n".join(lines))[1:] == [
        "一、加强党建，以“党建+”模式开拓工作新局面",
        "东南西北中，党是领导一切的。加强和改善",
    ]


def set_in_column(paragraph: str, column: float) -> list[str]:
    """A paragraph set as a newspaper column: lines filled to `column` em (Chinese 1, ASCII 1/2),
    the first two em short for the indent, which extraction loses."""
    lines, line, width = [], "", 2.0
    for char in paragraph:
        char_width = 0.5 if char.isascii() else 1.0
        if width + char_width > column and line:
            lines.append(line)
            line, width = "", 0.0
        line += char
        width += char_width
    return [*lines, line]


@pytest.mark.parametrize("column", [13, 16, 20, 24])
@pytest.mark.parametrize("separator", ["\n", "\n\n"])
def test_seed_articles_set_in_any_column_clean_back_to_their_paragraphs(column: int, separator: str) -> None:
    # Every gold article of the seeds (headline lines, then its body) set anew in one column
    # width, with or without blank lines: the layout rules do not depend on the seeds' columns.
    edits = chars = 0
    for path in sorted((ROOT / "gold").glob("*.jsonl")):
        printed, expected = [], []
        for record in map(json.loads, path.read_text(encoding="utf-8").splitlines()):
            if record.get("kind") == "article" and record.get("text"):
                heads = [head for head in (record.get("title"), record.get("subtitle")) if head]
                body = record["text"].split("\n")
                printed += heads + [line for paragraph in body for line in set_in_column(paragraph, column)]
                expected += heads + body
        cleaned = clean(separator.join(printed)).text
        edits += Levenshtein.distance("\n".join(expected), cleaned)
        chars += len("\n".join(expected))
    assert edits / chars < 0.001


@pytest.mark.parametrize(
    "quantity",
    [
        "15.44 万千升，同比增长 13.2%，实现工业产值",
        "13.2%，实现工业产值（非煤产",
        "155.38亿元，同比增长 34.9%。工业投资",
    ],
)
def test_decimal_number_starting_a_line_is_a_quantity_not_a_section_number(quantity: str) -> None:
    # Seed 002's figures rewrapped so that a number starts the line after a line without a
    # full stop; `1.1确保…` (a section number) is followed by words, a quantity by a unit.
    raw = f"汾阳杏花村经济技术开发区成立两年来，不\n\n享新发展理念，2019 年主要产品白酒产量\n\n{quantity}\n\n"
    assert len(paragraphs(raw)) == 1


def test_section_number_starts_a_paragraph_after_a_headline() -> None:
    raw = "2、党建引领下国有企业思想政治工作与生产经营融合机制的构\n\n建策略\n\n2.1强化融合意识，树立正确观念\n\n"
    assert paragraphs(raw) == [
        "2、党建引领下国有企业思想政治工作与生产经营融合机制的构建策略",
        "2.1强化融合意识，树立正确观念",
    ]


def test_blank_lines_inside_a_paragraph_are_not_breaks_where_lines_rarely_have_them() -> None:
    raw = (
        "学校里，所有教室都配备了多媒体设备，\n\n不仅有音、体、美等专业教师，还成立了管乐\n"
        "团、空手道、机器人、书法等学生社团……\n\n良好的学习环境并不局限于课堂。叶西\n"
        "才让说，学校还会组织丰富的课外实践活动，\n\n“我们还有去江苏、上海等大城市研学交流的\n机会。”\n"
    )
    assert paragraphs(raw) == [
        "学校里，所有教室都配备了多媒体设备，不仅有音、体、美等专业教师，还成立了管乐团、空手道、机器人、"
        "书法等学生社团……",
        "良好的学习环境并不局限于课堂。叶西才让说，学校还会组织丰富的课外实践活动，“我们还有去江苏、上海等"
        "大城市研学交流的机会。”",
    ]


def test_subhead_on_two_lines_is_one_paragraph_and_list_head_starts_one() -> None:
    text = clean(SEED_TEXTS["003"]).text
    assert "\n二、强化思想政治引领，团结引导产业工人坚定不移听党话跟党走\n（一）持续强化产业工人队伍思想" in text


def test_parenthesis_opening_a_line_inside_a_sentence_does_not_start_a_paragraph() -> None:
    raw = "转变的过程中实现质的提升。当前，吕梁各县\n\n（市、区） 教育事业发展极不平衡，特别是临\n\n"
    assert paragraphs(raw) == ["转变的过程中实现质的提升。当前，吕梁各县（市、区）教育事业发展极不平衡，特别是临"]


def test_headline_lines_kicker_deck_and_byline_stay_paragraphs_of_their_own() -> None:
    result = paragraphs(SEED_TEXTS["002"])
    assert result[-4:] == [
        "用教育帮扶托起明天的希望",
        "——吕梁教育学院与交口三中帮扶合作的调查与思考",
        "践行“四为四高两同步”打造全省一流开发区",
        "□汾阳杏花村经济技术开发区党工委书记、管委会主任吴晓东",
    ]
    result = paragraphs(SEED_TEXTS["004"])
    assert "（吴夏峰张晋晋）" in result
    assert "“筑基织网”：抓基础破难题，全区教育教学质量稳步提升" in result


@pytest.mark.parametrize("separator", ["\n", "\n\n"])
def test_note_in_parentheses_printed_on_two_lines_is_one_paragraph(separator: str) -> None:
    lines = seed_lines("002", "聘、薪酬管理等改革", "王瑶）")
    assert paragraphs(separator.join(lines))[1:] == ["（执笔整理：吕梁市委政研室白庆春王肇星王瑶）"]


@pytest.mark.parametrize(
    ("first", "second"),
    [("践行“四为四高", "两同步”打造全省一流开发区"), ("党建引领下国有企业思想政治工作与", "生产经营融合的重要性")],
)
def test_headline_line_that_cannot_end_there_goes_on_to_the_next(first: str, second: str) -> None:
    # Seed headlines (002, 000) rewrapped: a quote left open, a line ending with `与`.
    raw = f"{first}\n\n{second}\n\n□ 汾阳杏花村经济技术开发区党工委书记、管委会主任 吴晓东\n\n"
    assert paragraphs(raw)[0] == first + second


def test_byline_after_a_sentence_on_the_same_printed_line_is_split_off() -> None:
    raw = "美如画。\n\n图为 10 月 21 日在河北省遵化市小厂乡拍摄的\n古长城晨景。 （新华社发 刘满仓 摄）\n\n秋晨长城"
    doc = clean(raw)
    assert doc.text == "美如画。\n图为10月21日在河北省遵化市小厂乡拍摄的古长城晨景。\n（新华社发刘满仓摄）\n秋晨长城"
    assert doc.raw[doc.offsets.raw_index(doc.text.index("\n（"))] == " "


# Spaces


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("和 过 程 监 控 ，协 调 英", "和过程监控，协调英"),
        ("藏 工 作 ，已 经 很 了 不 起 了 ，还 要 求 这 么 多", "藏工作，已经很了不起了，还要求这么多"),
        ("中 国 特 色 社 会 主 义 现 代 化 建 设 山 西 篇 章 新 征", "中国特色社会主义现代化建设山西篇章新征"),
        ("线 率 57.1%，二 本 进 线 率 98.5%。 艺 术", "线率57.1%，二本进线率98.5%。艺术"),
    ],
)
def test_justification_spaces_between_characters_are_removed(raw: str, expected: str) -> None:
    assert clean(raw, join_lines=False).text == expected


def test_spaces_around_numbers_and_latin_words_next_to_chinese_are_removed() -> None:
    assert (
        clean("务教育学位 6600个；对离石区城镇中学、", join_lines=False).text == "务教育学位6600个；对离石区城镇中学、"
    )
    assert clean("12 条县（市、区）路线改造，深化路面病害处", join_lines=False).text.startswith("12条县")
    assert clean("集场所通过电视、广播、LED 显示屏", join_lines=False).text == "集场所通过电视、广播、LED显示屏"


def test_space_between_latin_words_or_numbers_is_kept_as_one() -> None:
    # The seeds print no two Latin words in a row; this is their `LED 显示屏` with a second word.
    assert clean("广播、LED  TV 显示屏 2018  2019", join_lines=False).text == "广播、LED TV显示屏2018 2019"


# Doubled glyphs


def test_fake_bold_doubled_caption_is_undone_and_credit_split_off() -> None:
    raw = "吴城镇农产品公司员工正在加工土豆吴城镇农产品公司员工正在加工土豆。。 刘和平刘和平 摄摄\n\n"
    doc = clean(raw)
    assert doc.text == "吴城镇农产品公司员工正在加工土豆。\n刘和平摄"
    assert maps_back(doc)
    assert not unexplained(doc)


@pytest.mark.parametrize(
    "raw",
    [
        "一 串 串 详 实 数 据 ，一 项 项 扶 贫 成",
        "记。习近平总书记登上舷梯，久久挥手。欢",
        "便就能来，来这里也不可以随随便便。作风",
        "随随便便",
    ],
)
def test_real_repetitions_are_kept(raw: str) -> None:
    assert clean(raw, join_lines=False).text == raw.replace(" ", "")


# Punctuation and width


def test_half_width_punctuation_in_chinese_text_becomes_full_width() -> None:
    raw = "仪式结束后,与会人员实地考察了智慧校园设施。在校门口,人脸识别门禁系统精准识别身份;在校园角落"
    assert (
        clean(raw).text
        == "仪式结束后，与会人员实地考察了智慧校园设施。在校门口，人脸识别门禁系统精准识别身份；在校园角落"
    )
    assert clean("汾阳:").text == "汾阳："
    assert clean("汽车客运站(点)等地张贴").text == "汽车客运站（点）等地张贴"


def test_decimal_point_percent_and_punctuation_between_numbers_stay_half_width() -> None:
    assert clean("雅下投资 1.2万亿元，达到 99.7%以上，比分 3:1").text == "雅下投资1.2万亿元，达到99.7%以上，比分3:1"


def test_full_width_digits_and_latin_letters_become_half_width() -> None:
    # The seeds print no full-width digits; this is 003's sentence as some pages set it.
    doc = clean("界。今年，共有 ４６６ 名学生从青海省玉树州和ＬＥＤ")
    assert doc.text == "界。今年，共有466名学生从青海省玉树州和LED"
    assert maps_back(doc)


def test_full_width_percent_and_decimal_point_become_half_width_but_a_list_point_stays() -> None:
    doc = clean("增长１２．５％，占全省９９．７％以上。１．工业生产")
    assert doc.text == "增长12.5%，占全省99.7%以上。1．工业生产"
    assert maps_back(doc)
    assert clean("增长１２．５％", disable=["number_marks"]).text == "增长12．5％"


def test_letter_spaced_full_width_digits_close_up_but_half_width_numbers_keep_their_space() -> None:
    doc = clean("本 报 比 勒 陀 利 亚 １ ２ 月 ３ ０ 日 电")
    assert doc.text == "本报比勒陀利亚12月30日电"
    assert maps_back(doc)
    assert clean("比分 3 1，共 120 200 人").text == "比分3 1，共120 200人"
    assert clean("１ ２ 月", disable=["full_width_grid"]).text == "1 2月"


def test_a_letter_spaced_line_closes_up_its_half_width_digits_but_two_numbers_side_by_side_do_not() -> None:
    doc = clean("新 华 社 西 宁 1 0 月 2 1 日 电")
    assert doc.text == "新华社西宁10月21日电"
    assert maps_back(doc)
    assert clean("1 9 9 7 ： 竞 技 场 上 佳 音 频 传").text == "1997：竞技场上佳音频传"
    assert clean("比分 3 1 领先").text == "比分3 1领先"
    assert clean("宁 1 0 月 2 1 日", disable=["letter_spaced_runs"]).text == "宁1 0月2 1日"


# Page furniture, continuation notes and pages


def test_page_of_furniture_only_cleans_to_nothing() -> None:
    doc = clean("1版")
    assert doc.text == ""
    assert [marker.kind for marker in doc.markers] == ["furniture"]


def test_page_header_becomes_a_furniture_marker() -> None:
    doc = clean(SEED_TEXTS["004"])
    assert "合办" not in doc.text
    furniture = [marker for marker in doc.markers if marker.kind == "furniture"]
    assert [marker.text for marker in furniture] == ["合办：离石区融媒体中心"]
    assert doc.raw[furniture[0].raw_start : furniture[0].raw_end] == "合办：离石区融媒体中心"
    assert doc.text.startswith("本报讯近日，城北街道办")


@pytest.mark.parametrize(("seed", "note"), [("000", "（上接1版）"), ("003", "（上接第一版）")])
def test_continuation_note_becomes_a_marker_and_a_page_break(seed: str, note: str) -> None:
    doc = clean(SEED_TEXTS[seed])
    assert note not in doc.text
    continuation = [marker for marker in doc.markers if marker.kind == "continuation" and marker.text == note]
    assert continuation
    breaks = {marker.at for marker in doc.markers if marker.kind == "page_break"}
    for marker in continuation:
        assert marker.at in breaks
        assert doc.text[marker.at - 1] == "\n"
        assert doc.raw[marker.raw_start : marker.raw_end] == note


def test_line_starting_with_a_space_is_a_new_page() -> None:
    doc = clean(SEED_TEXTS["003"])
    start = doc.text.index("产业工人是工人阶级的主体力量")
    assert doc.text[start - len("（新华社西宁10月21日电）\n") : start] == "（新华社西宁10月21日电）\n"
    assert any(marker.kind == "page_break" and marker.at == start for marker in doc.markers)


def test_paragraph_indents_kept_as_spaces_start_paragraphs_not_pages() -> None:
    # Chinese paragraphs are indented two characters; some extractors keep the indent as spaces,
    # which then come every few lines, after a sentence end, not once a page.
    lines = [
        ("\u3000\u3000" if number == 0 else "") + line
        for paragraph in WALK_PARAGRAPHS
        for number, line in enumerate(set_in_column(paragraph, 16))
    ]
    doc = clean("\n".join(lines))
    assert doc.text.split("\n") == WALK_PARAGRAPHS
    assert not [marker for marker in doc.markers if marker.kind == "page_break"]
    # Without the rule each indented line opens a new page (the extractor's other use of a space).
    pages = clean("\n".join(lines), disable=["paragraph_indents"]).markers
    assert len([marker for marker in pages if marker.kind == "page_break"]) == len(WALK_PARAGRAPHS) - 1


def test_an_unknown_rule_to_disable_is_a_config_error_naming_it() -> None:
    with pytest.raises(ConfigError, match=r"disable: unknown rule 'masthed'"):
        build_options(CleanupOptions, {"disable": ["masthed"]}, "run.toml: [[stages]] #1 (cleanup)")


def test_continuation_note_switched_off_stays_in_the_text() -> None:
    assert "（上接1版）" in clean(SEED_TEXTS["000"], strip_furniture=False).text


# Numbers broken over lines or by spaces


def test_numbers_broken_over_lines_or_by_spaces_are_mended() -> None:
    text = clean(SEED_TEXTS["000"]).text
    assert "雅下投资1.2万亿元，在过去的西藏" in text
    assert "62万多贫困人口全部脱贫" in text
    assert "推进12条县（市、区）路线改造" in text
    assert "绿化北部边山2万亩" in clean(SEED_TEXTS["002"]).text


# Options


@pytest.mark.parametrize(
    ("option", "raw", "kept"),
    [
        ("join_lines", "进入新时代，加强党建对于国有企业来说\n\n尤为重要，它是企业发展的", "来说\n尤为"),
        ("remove_spaces", "和 过 程 监 控 ，协 调 英", "和 过 程"),
        ("undouble_glyphs", "西属巴街道养驴场西属巴街道养驴场。。 刘和平刘和平 摄摄", "养驴场西属巴"),
        ("normalize_punctuation", "2月5日,市教育系统抓基层党建工作", "5日,市"),
        ("normalize_width", "共有４６６名学生", "４６６"),
        ("strip_furniture", " 合办：离石区融媒体中心\n\n本报讯 近日，城北街道办", "合办："),
    ],
)
def test_each_rule_can_be_switched_off(option: str, raw: str, kept: str) -> None:
    assert kept not in clean(raw).text
    assert kept in clean(raw, **{option: False}).text


def test_options_are_read_from_a_config_table() -> None:
    options = build_options(CleanupOptions, {"join_lines": False, "column_window": 6}, "test")
    assert options == CleanupOptions(join_lines=False, column_window=6)


# Offsets and lost characters on whole seed pages


@pytest.mark.parametrize("seed", sorted(SEED_TEXTS))
def test_every_cleaned_character_maps_back_and_nothing_is_lost(seed: str) -> None:
    doc = clean(SEED_TEXTS[seed])
    assert maps_back(doc)
    assert not unexplained(doc)
    assert "\n\n" not in doc.text
    assert all(paragraph == paragraph.strip() and paragraph for paragraph in doc.text.split("\n"))


def test_offsets_point_into_the_raw_text_with_crlf_line_ends() -> None:
    raw = SEED_TEXTS["004"].replace("\n", "\r\n")
    doc = clean(raw)
    assert doc.text == clean(SEED_TEXTS["004"]).text
    assert maps_back(doc)


# Properties


def _page_excerpts() -> st.SearchStrategy[str]:
    """Runs of printed lines from a seed page, with extra layout artifacts sprinkled in; one in
    three printed without blank lines, as some extractors emit a page."""

    @st.composite
    def build(draw: st.DrawFn) -> str:
        lines = draw(st.sampled_from(sorted(SEED_TEXTS))).split("\n")
        start = draw(st.integers(0, len(lines) - 1))
        excerpt = lines[start : start + draw(st.integers(1, 80))]
        for _ in range(draw(st.integers(0, 4))):
            index = draw(st.integers(0, len(excerpt) - 1))
            line = excerpt[index]
            edit = draw(st.sampled_from(["blank", "spread", "double", "comma", "indent", "drop"]))
            if edit == "blank":
                excerpt.insert(index, "")
            elif edit == "spread":
                excerpt[index] = " ".join(line)
            elif edit == "double" and line.strip():
                excerpt[index] = "".join(char * 2 for char in line.strip())
            elif edit == "comma":
                excerpt[index] = line.replace("，", ",")
            elif edit == "indent":
                excerpt[index] = " " + line
            elif edit == "drop" and len(excerpt) > 1:
                del excerpt[index]
        if draw(st.integers(0, 2)) == 0:
            excerpt = [line for line in excerpt if line.strip()]
        return "\n".join(excerpt)

    return build()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_page_excerpts())
def test_cleaning_clean_text_changes_nothing(raw: str) -> None:
    once = clean(raw).text
    assert clean(once).text == once


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_page_excerpts())
def test_offset_map_round_trips_on_page_excerpts(raw: str) -> None:
    doc = clean(raw)
    assert maps_back(doc)
    assert not unexplained(doc)
    for marker in doc.markers:
        assert 0 <= marker.at <= len(doc.text)
        assert 0 <= marker.raw_start <= marker.raw_end <= len(doc.raw)


_ALPHABET = list("中文字，。、；：,;:()（）“”——1.2% \n\u3000ＡＢ１２abLED□上接版")
_ANY_TEXT = st.text(alphabet=st.sampled_from(_ALPHABET), max_size=120)


@settings(max_examples=100, deadline=None)
@given(_ANY_TEXT)
def test_offset_map_round_trips_and_cleanup_is_idempotent_on_any_text(raw: str) -> None:
    doc = clean(raw)
    assert maps_back(doc)
    assert clean(doc.text).text == doc.text


@pytest.mark.parametrize("seed", sorted(SEED_TEXTS))
def test_a_page_repeated_cleans_to_its_cleanup_repeated(seed: str) -> None:
    page = SEED_TEXTS[seed]
    assert clean(page * 3).text == "\n".join([clean(page).text] * 3)


@pytest.mark.parametrize(("first", "second"), [("000", "001"), ("001", "003"), ("003", "004"), ("004", "002")])
def test_pages_of_different_layouts_in_one_file_clean_as_if_alone(first: str, second: str) -> None:
    next_page = " " + SEED_TEXTS[second].lstrip("\n ")
    joined = clean(SEED_TEXTS[first] + "\n" + next_page)
    assert joined.text == clean(SEED_TEXTS[first]).text + "\n" + clean(SEED_TEXTS[second]).text


# Layout


def test_layout_keeps_each_printed_line_with_its_raw_span_width_and_cleaned_text() -> None:
    raw = "\n\n".join(seed_lines("004", "本报讯 近日，城北街道办", "（王艳）"))
    doc = clean(raw)
    lines = doc.layout.lines
    assert len(lines) == len(seed_lines("004", "本报讯 近日，城北街道办", "（王艳）"))
    for line in lines:
        printed = raw[line.raw_start : line.raw_end].strip()
        assert doc.text[line.start : line.end] == printed.replace(" ", "")
        assert line.blank_before == (1 if line is not lines[0] else 0)
    assert lines[0].width == 14.0  # `本报讯 近日，城北街道办，东泰`: the space beside Chinese has no width
    assert [doc.text[block.start : block.end] for block in doc.layout.blocks] == doc.text.split("\n")


def test_layout_says_where_cleanup_dropped_the_spaces_between_names() -> None:
    doc = clean("（记者 吴夏峰 通讯员 张晋晋）")
    (line,) = doc.layout.lines
    assert doc.text == "（记者吴夏峰通讯员张晋晋）"
    assert [doc.text[position] for position in line.removed_spaces] == ["吴", "通", "张"]


def test_geometry_a_reader_gave_for_its_lines_stays_with_the_printed_lines() -> None:
    raw = "岚县举行森林防火演练\n本报讯 11月20日上午，岚县举行演练。"
    doc = Document.from_raw("test", raw, "test.pdf")
    headline = Geometry(page=0, bbox=(50.0, 700.0, 300.0, 724.0), font_size=24.0, bold=True)
    body = Geometry(page=0, bbox=(50.0, 680.0, 300.0, 690.0), font_size=10.5)
    given = [PrintedLine(0, 10, 10.0, geometry=headline), PrintedLine(11, len(raw), 20.0, geometry=body)]
    doc.layout = Layout(lines=given)
    Cleanup(CleanupOptions()).process(doc)
    assert [line.geometry for line in doc.layout.lines] == [headline, body]
    assert [line.start for line in doc.layout.lines] == [0, doc.text.index("本报讯")]


# Pages nobody tuned for (forms seen on simulated pages; the texts here are made up)


def test_a_fake_bold_line_printed_again_on_the_next_line_is_kept_once() -> None:
    raw = "较强冷空气将影\n较强冷空气将影\n\n响我国大部地区\n响我国大部地区\n\n本报讯 今天，冷空气南下，气温下降。"
    doc = clean(raw)
    assert "较强冷空气将影较强" not in doc.text and "响我国大部地区响" not in doc.text
    assert "较强冷空气将影" in doc.text and "响我国大部地区" in doc.text
    assert [marker.kind for marker in doc.markers].count("fake_bold") == 2


def test_fake_bold_runs_spread_by_justification_spaces_are_undoubled() -> None:
    assert paragraphs("时 光时 光 倒 流 年倒 流 年 少 时少 时") == ["时光倒流年少时"]


def test_the_masthead_and_page_header_are_furniture_and_a_section_name_lower_down_is_not() -> None:
    header = "人民日报\n\n1998.1.2 星期五\n\n4 文化\n\n"
    doc = clean(header + "大连港吞吐量创新高\n\n本报讯 截至昨日，吞吐量突破七千万吨。\n\n文化\n\n12")
    assert doc.text.startswith("大连港吞吐量创新高\n")
    assert doc.text.endswith("文化")
    furniture = [marker.text for marker in doc.markers if marker.kind == "furniture"]
    assert furniture == ["人民日报", "1998.1.2 星期五", "4 文化", "12"]


def test_a_byline_printed_right_under_a_headline_is_a_paragraph_of_its_own() -> None:
    headline = "集中资金保证重点加强服务工\n\n行投放巨款支持节日市场供应\n"
    raw = headline + "本报记者 施明慎\n\n本报讯 随着元旦、春节的到来，市场供应充足。"
    assert paragraphs(raw)[-2] == "本报记者施明慎"
    assert paragraphs("营造温馨舒适的家园\n柳林镇党委 吴亚明")[-1] == "柳林镇党委吴亚明"


def test_a_jump_note_opening_a_line_of_text_is_taken_out_as_a_marker() -> None:
    doc = clean("（上接第2版）去年5月10日发生在伊朗的地震造成的伤亡最为严重。")
    assert doc.text == "去年5月10日发生在伊朗的地震造成的伤亡最为严重。"
    assert [(marker.kind, marker.text, marker.at) for marker in doc.markers if marker.kind == "continuation"] == [
        ("continuation", "（上接第2版）", 0)
    ]


def test_a_spread_out_masthead_and_the_label_of_a_brief_box_are_taken_out() -> None:
    brief = "▲郑州建大型污水处理厂\n本报讯 郑州市日前开工建设污水处理厂。"
    doc = clean("工 人 日 报 1998年1月5日 星期一\n\n简 讯\n\n" + brief)
    assert doc.text.split("\n")[0] == "▲郑州建大型污水处理厂"
    assert [(marker.kind, marker.text) for marker in doc.markers] == [
        ("furniture", "工 人 日 报 1998年1月5日 星期一"),
        ("brief_label", "简 讯"),
    ]


def test_a_fake_bold_line_is_a_headline_line_and_not_joined_to_the_text_under_it() -> None:
    body = "福州市政府近日开通两\n\n条招商信息热线，为海内外\n\n客商投资提供便捷的咨询。"
    raw = "福福州州开开通通两两条条\n\n招招商商信信息息热热线线\n" + body
    assert paragraphs(raw)[1] == "招商信息热线"
    assert paragraphs(raw, disable=["bold_lines"])[1].startswith("招商信息热线福州市政府")


def test_a_short_first_line_opening_with_a_lead_is_running_text_not_a_headline() -> None:
    # The space after `本报讯` is a printed em that extraction does not count in the line's width.
    raw = (
        "要 闻 简 报\n\n本报讯 越南国防部三\n日举行了对一批高级将领\n的授衔、授职仪式。根据\n越南国家主席和政府总理\n"
        "的决定，国防部长范文茶\n由中将提升为上将。陶仲\n历少将任国防部副部长。\n（吴邦国）\n\n"
        "本报讯 国内技术\n人员独立开发设计的97厘米\n“轰天炮王”超大屏幕彩\n电，最近在康佳集团投产。\n"
    )
    assert paragraphs(raw)[1] == "本报讯国内技术人员独立开发设计的97厘米“轰天炮王”超大屏幕彩电，最近在康佳集团投产。"
    assert paragraphs(raw, disable=["lead_lines"])[1] == "本报讯国内技术"


def test_a_line_starting_with_a_space_inside_a_lead_s_parentheses_is_no_page_start() -> None:
    raw = "本报成都1月3日电（记者\n 罗茂城  刘裕国）近两年，凡\n到成都做客的中外来宾无不赞\n叹：成都市容整洁有序。\n"

    def page_breaks(doc: Document) -> list[str]:
        return [marker.kind for marker in doc.markers if marker.kind == "page_break"]

    assert page_breaks(clean(raw)) == []
    assert page_breaks(clean(raw, disable=["lead_lines"])) == ["page_break"]


def test_glyphs_printed_twice_at_a_line_start_are_a_bold_lead_word() -> None:
    raw = "本本报报讯讯上届联赛和\n全运会双料冠军四川男\n排在首轮比赛中不敌对\n手，爆出冷门。\n"
    assert paragraphs(raw)[0] == "本报讯上届联赛和"
    assert paragraphs(raw, disable=["bold_line_starts"])[0].startswith("本本报报讯讯")


def test_a_short_box_without_punctuation_after_text_ending_mid_sentence_is_a_headline() -> None:
    # The column above goes on elsewhere; the headline of the next article was written after it.
    raw = (
        "也许你曾对宿舍楼里那经常\n“罢工”的灯泡无可奈何，只好\n摸黑儿去按那唯一闪亮的电梯按\n"
        "钮；也许你常为房间背阴，冬天\n见不到阳光而叹气；也许你曾为\n住房设计时没有考虑家用电器的\n\n"
        "1997世界十大\n\n科技进展\n\n"
        "本报讯 一、克隆羊“多利”引起\n世人广泛关注，“多利”是世界\n上第一只利用成年动物体细胞\n培育成功的哺乳动物。\n"
    )
    assert paragraphs(raw)[1:3] == ["1997世界十大", "科技进展"]
    assert paragraphs(raw, disable=["headline_boxes"])[0].endswith("考虑家用电器的1997世界十大")


def test_a_line_opening_with_a_bold_lead_word_is_running_text() -> None:
    # `新华社` set in bold, its dateline wrapped before `电`: no lead form on the line, but bold.
    raw = (
        "墨西哥波波卡\n特佩特火山再\n次喷发\n\n新新华华社社墨西\n哥城1月1日电（记者 沈安）\n位于墨西哥首都东南70\n"
        "多公里处的波波卡特佩\n特火山1日再次轻度喷\n发，喷出的火山灰和水\n蒸汽高达3000米。\n"
    )
    assert paragraphs(raw)[3].startswith("新华社墨西哥城1月1日电（记者沈安）位于墨西哥首都东南70多公里处")
    assert paragraphs(raw, disable=["lead_lines"])[3] == "新华社墨西"


def test_a_line_ending_in_a_photo_credit_ends_its_paragraph_on_a_page_of_one_line_boxes() -> None:
    def column(paragraph: str) -> list[str]:
        return [paragraph[i : i + 14] for i in range(0, len(paragraph), 14)]

    before = "会议指出，要把改善民生放在更加突出的位置，办好群众关心的每一件实事，让发展成果惠及全体市民。"
    after = "装备完善的实验室、标准化的体育场、拔地而起的教学楼……近年来，全区每一所学校都焕然一新。"
    lines = [*column(before), "市长在会上发表讲话。王新庆 摄", *column(after)]
    raw = "\n\n".join(lines) + "\n"  # a blank line after every printed line
    assert paragraphs(raw) == [before, "市长在会上发表讲话。王新庆摄", after]
    assert paragraphs(raw, disable=["credit_ends"])[1].endswith(
        "王新庆摄装备完善的实验室、标准化的体育场、拔地而起的教学楼……近年来，全区每一所学校都焕然一新。"
    )


def test_a_full_line_ending_in_a_byline_in_parentheses_ends_its_paragraph_on_a_page_of_one_line_boxes() -> None:
    lines = [
        "会议指出，要把改善民生放在更",
        "加突出的位置，办好群众关心的",
        "每一件实事，让发展成果惠及全",
        "体人民群众。（李明 王刚）",
        "装备完善的实验室、标准化的体",
        "育场、拔地而起的教学楼……近",
        "年来，全区每一所学校都焕然一",
        "新。",
    ]
    raw = "\n\n".join(lines) + "\n"  # a blank line after every printed line
    first = (
        "会议指出，要把改善民生放在更加突出的位置，办好群众关心的每一件实事，让发展成果惠及全体人民群众。（李明王刚）"
    )
    assert paragraphs(raw) == [
        first,
        "装备完善的实验室、标准化的体育场、拔地而起的教学楼……近年来，全区每一所学校都焕然一新。",
    ]
    assert paragraphs(raw, disable=["byline_ends"])[0].startswith(first + "装备完善")


def test_a_page_number_set_on_the_full_width_grid_is_furniture_as_its_joined_form_is() -> None:
    assert clean("1 １\n").text == clean("11\n").text == ""
