"""PDF page structure: lines, blocks, roles and reading order from where characters are printed."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.pdf import analyse_page, read_pdf
from pipeline.pdf.extract import open_pdf, read_pages
from pipeline.pdf.layout import SENTENCE_ENDS, build_lines
from pipeline.types import Document
from tests.pdf_pages import (
    BRIEFS,
    CAPTION,
    DISPLACED_BODY,
    DISPLACED_TITLE,
    FOOTER,
    HEADER,
    LEAD_TITLE,
    LEFT_BODY,
    LEFT_TITLE,
    RIGHT_BODY,
    RIGHT_TITLE,
    Picture,
    Rule,
    Text,
    brief_box,
    column,
    displaced_story,
    sample_page,
    split_columns,
    write_pdf,
)

COLUMN_ONE = "第一栏的文字从这里开始，一直排到这一栏的最后一行为止，再转到第二栏。"
COLUMN_TWO = "第二栏另起一篇，讲的是另外一件事情，和第一栏没有关系，也排成几行。"


def only_document(path: Path) -> Document:
    found = [item for item in read_pdf(path) if isinstance(item, Document)]
    assert len(found) == 1
    return found[0]


def first_page(path: Path):
    document = open_pdf(path)
    try:
        return next(read_pages(document))
    finally:
        document.close()


def test_columns_on_shared_baselines_are_read_one_after_the_other(tmp_path):
    # pdfminer reads such columns line by line across the gutter; the page geometry does not
    path = write_pdf(tmp_path / "columns.pdf", [column(40, 700, 12, COLUMN_ONE) + column(200, 700, 12, COLUMN_TWO)])
    text = only_document(path).raw
    assert text.replace("\n", "") == COLUMN_ONE + COLUMN_TWO


def test_a_gutter_a_little_wider_than_the_type_splits_lines_but_letter_spacing_does_not(tmp_path):
    spaced = Text(40, 700, "新华社开罗3月5日电", 9, char_space=9)
    left, right = Text(40, 680, "左栏的一行文字", 9), Text(40 + 63 + 8, 680, "右栏的一行文字", 9)
    path = write_pdf(tmp_path / "spaced.pdf", [[spaced, left, right]])
    lines = [line.text for line in build_lines(first_page(path))]
    assert lines == ["新 华 社 开 罗 3 月 5 日 电", "左栏的一行文字", "右栏的一行文字"]


def test_page_is_read_section_by_section_then_column_by_column(tmp_path):
    path = write_pdf(tmp_path / "page.pdf", [sample_page()])
    layout = analyse_page(first_page(path))
    heads = [block.text() for block in layout.blocks if block.role == "headline"]
    assert heads == [LEAD_TITLE, LEFT_TITLE, RIGHT_TITLE]
    order = [block.text()[:6] for block in layout.blocks if block.role != "furniture"]
    # the lead's two columns, then the left story with its picture's caption, then the right story
    assert order == [
        "全市教育系统",
        "本报讯（记者",
        "会议听取了吕",
        "离石一中签约",
        "2020年1",
        "吴城镇农产品",
        "农产品加工助",
        "吴城镇农产品",
    ]


def test_caption_is_the_block_under_a_picture_and_furniture_the_bands_beyond_page_wide_rules(tmp_path):
    path = write_pdf(tmp_path / "page.pdf", [sample_page()])
    layout = analyse_page(first_page(path))
    roles = {block.text(): block.role for block in layout.blocks}
    assert roles[CAPTION] == "caption"
    assert roles[HEADER.replace("  ", " ")] == "furniture"
    assert roles[FOOTER.replace("  ", " ")] == "furniture"


def test_furniture_stays_out_of_the_text_and_is_kept_beside_it(tmp_path):
    doc = only_document(write_pdf(tmp_path / "page.pdf", [sample_page()]))
    assert "吕梁日报" not in doc.raw and "责任编辑" not in doc.raw
    assert [item["text"] for item in doc.meta["pdf"].furniture] == [
        HEADER.replace("  ", " "),
        FOOTER.replace("  ", " "),
    ]


def test_a_line_repeated_at_the_same_place_on_every_page_is_furniture(tmp_path):
    bodies = ["头版的正文内容。", "二版的正文内容。"]
    pages = [
        [Text(40, 700, body, 9), Text(40, 200, "各版同一位置的文字", 9), Text(400, 60, "山西经济日报", 9)]
        for body in bodies
    ]
    doc = only_document(write_pdf(tmp_path / "two.pdf", pages))
    # the repeated line in the middle of the page is not furniture: only the page's outer bands hold it
    assert doc.raw == "头版的正文内容。\n\n各版同一位置的文字\n\n二版的正文内容。\n\n各版同一位置的文字"


def test_headline_printed_over_two_lines_is_one_line_of_text(tmp_path):
    items = [
        Text(40, 700, "全市教育系统召开", 20),
        Text(40, 676, "基层党建述职会议", 20),
        *column(40, 640, 20, COLUMN_ONE),
    ]
    doc = only_document(write_pdf(tmp_path / "head.pdf", [items]))
    assert doc.raw.split("\n\n")[0] == "全市教育系统召开基层党建述职会议"


def test_paragraph_running_on_from_a_column_foot_has_no_block_break(tmp_path):
    body = "这一段文字很长，从第一栏一直排到第二栏，中间没有换段，读的时候应当接着读下去才对。"
    doc = only_document(write_pdf(tmp_path / "run.pdf", [split_columns([40, 200], 700, 12, body)]))
    assert "\n\n" not in doc.raw
    assert doc.raw.replace("\n", "") == body


def test_a_paragraph_whose_sentence_ends_on_a_columns_last_full_line_goes_on_unindented(tmp_path):
    # paragraphs open indented; column one's last full line ends a sentence, column two goes on unindented
    first = (
        "报纸的段落都缩进两个字开头，这是第一段。\n第二段也缩进两格开头，一直写到第一栏最后一行的末尾，恰好写完这一句。"
    )
    second = ["接着这一行没有缩进，所以", "仍然是上一段的文字。"]
    items = [*column(40, 700, 12, first), *(Text(166, 700 - 13 * row, line, 9) for row, line in enumerate(second))]
    doc = only_document(write_pdf(tmp_path / "sentence.pdf", [items]))
    head = next(line for line in doc.layout.lines if doc.raw[line.raw_start :].startswith("接着"))
    assert not head.geometry.paragraph_start
    assert "这一句。\n接着" in doc.raw


def test_fake_bold_drawn_each_way_reads_once(tmp_path):
    items = [Text(40, 700 - 40 * row, LEAD_TITLE, 18, doubled=way) for row, way in enumerate(("line", "glyph", "run"))]
    items.append(Text(40, 560, "随随便便说说", 18))
    lines = [line.text for line in build_lines(first_page(write_pdf(tmp_path / "bold.pdf", [items])))]
    assert lines == [LEAD_TITLE, LEAD_TITLE, LEAD_TITLE, "随随便便说说"]


def test_a_column_rule_separates_text_closer_than_a_gutter(tmp_path):
    items = [Text(40, 700, "左栏文字", 9), Rule(77, 690, 77, 712), Text(80, 700, "右栏文字", 9)]
    lines = [line.text for line in build_lines(first_page(write_pdf(tmp_path / "ruled.pdf", [items])))]
    assert lines == ["左栏文字", "右栏文字"]


def test_every_printed_character_maps_to_its_page_and_box(tmp_path):
    items = [Text(100, 500, "本报讯", 10), Picture(300, 300, 400, 400)]
    doc = only_document(write_pdf(tmp_path / "map.pdf", [[Text(50, 700, "第一页", 10)], items]))
    pdf_text = doc.meta["pdf"]
    at = doc.raw.index("报")
    assert pdf_text.pages[at] == 2
    x0, y0, x1, y1 = pdf_text.boxes[at]
    assert round(x0, 1) == 110.0 and round(x1, 1) == 120.0 and y0 < 500 < y1
    assert pdf_text.pages[doc.raw.index("\n")] == 0


def test_kicker_headline_and_deck_are_named_by_size_within_their_stack(tmp_path):
    items = [
        Text(40, 760, "汾阳：", 12),
        Text(40, 736, "全市教育系统召开述职评议会议", 20),
        Text(40, 716, "——全市教育系统抓基层党建工作", 11),
        *column(40, 690, 20, COLUMN_ONE),
    ]
    layout = analyse_page(first_page(write_pdf(tmp_path / "stack.pdf", [items])))
    roles = [(block.role, block.text()) for block in layout.blocks]
    assert roles[:3] == [
        ("kicker", "汾阳："),
        ("headline", "全市教育系统召开述职评议会议"),
        ("deck", "——全市教育系统抓基层党建工作"),
    ]
    assert {block.module for block in layout.blocks} == {0}


def test_a_framed_boxes_centred_top_line_is_its_label_and_each_brief_title_a_headline(tmp_path):
    layout = analyse_page(first_page(write_pdf(tmp_path / "box.pdf", [brief_box(40, 700)])))
    roles = [(block.role, block.text()) for block in layout.blocks if block.role != "body"]
    assert roles == [("label", "简讯"), *(("headline", "■" + title) for title, _ in BRIEFS)]
    modules = [block.module for block in layout.blocks]
    assert modules == sorted(modules) and len(set(modules)) == 3


def test_a_story_begun_beside_its_headline_is_read_headline_first_then_from_where_it_starts(tmp_path):
    items = [*displaced_story(), *brief_box(40, 400)]
    layout = analyse_page(first_page(write_pdf(tmp_path / "displaced.pdf", [items])))
    story = [block for block in layout.blocks if block.module == layout.blocks[0].module]
    assert story[0].text() == DISPLACED_TITLE
    assert "".join(block.text() for block in story[1:]) == DISPLACED_BODY


def test_a_dateline_and_byline_under_the_headline_go_before_the_text_begun_beside_it(tmp_path):
    lead = [("新华社乌鲁木齐电", 5.0), ("（记者 王某）", 0.0)]
    layout = analyse_page(first_page(write_pdf(tmp_path / "lead.pdf", [displaced_story(lead)])))
    story = [block.text() for block in layout.blocks if block.module == layout.blocks[0].module]
    assert story[0] == DISPLACED_TITLE
    assert story[1] == "新 华 社 乌 鲁 木 齐 电（记者 王某）"
    assert "".join(story[2:]) == DISPLACED_BODY


def test_columns_a_narrow_gutter_apart_are_read_one_after_the_other(tmp_path):
    # a gutter of 0.7 em: narrower than the widest space a line may hold, open on every row
    text = COLUMN_ONE + COLUMN_TWO + COLUMN_ONE
    path = write_pdf(tmp_path / "narrow.pdf", [split_columns([40, 40 + 12 * 9 + 6.3], 700, 12, text)])
    lines = [line.text for line in build_lines(first_page(path))]
    assert all(len(line) <= 12 for line in lines)
    assert only_document(path).raw.replace("\n", "") == text


def test_a_column_level_with_the_story_beside_it_goes_on_that_story(tmp_path):
    # the first column ends at a sentence's end at its foot; the next starts a paragraph at its top
    first = column(40, 680, 12, COLUMN_ONE)
    second = column(40 + 12 * 9 + 20, 680, 12, COLUMN_TWO)
    below = column(40, 560, 30, LEFT_BODY)
    items = [Text(40, 700, LEFT_TITLE, 12), *first, *second, Text(40, 580, RIGHT_TITLE, 12), *below]
    layout = analyse_page(first_page(write_pdf(tmp_path / "next.pdf", [items])))
    modules = {block.text(): block.module for block in layout.blocks}
    assert modules[COLUMN_ONE] == modules[COLUMN_TWO] == modules[LEFT_TITLE]
    assert modules[RIGHT_TITLE] != modules[LEFT_TITLE]


def test_whitespace_wider_than_a_line_under_a_story_ends_its_module(tmp_path):
    # no rule between: only the space a make-up editor leaves between modules parts them
    story = column(40, 676, 12, COLUMN_ONE)
    below = column(40, story[-1].y - 13 - 18, 12, COLUMN_TWO)
    items = [Text(40, 700, LEFT_TITLE, 16), *story, *below]
    layout = analyse_page(first_page(write_pdf(tmp_path / "gap.pdf", [items])))
    modules = {block.text(): block.module for block in layout.blocks}
    assert modules[COLUMN_ONE] == modules[LEFT_TITLE]
    assert modules[COLUMN_TWO] != modules[LEFT_TITLE]


def test_a_headline_centred_over_four_columns_owns_all_four_and_its_byline_is_read_first(tmp_path):
    # the headline's ink covers the middle columns only; the outer ones start level with them
    body = (COLUMN_ONE + COLUMN_TWO) * 2
    columns = split_columns([40, 170, 300, 430], 640, 12, body)
    items = [Text(200, 690, DISPLACED_TITLE, 14), Text(282, 662, "张青松", 9), *columns]
    layout = analyse_page(first_page(write_pdf(tmp_path / "banner.pdf", [items])))
    assert {block.module for block in layout.blocks} == {0}
    texts = [block.text() for block in layout.blocks]
    assert texts[:2] == [DISPLACED_TITLE, "张青松"]
    assert "".join(texts[2:]) == body


@pytest.mark.parametrize("gutter", [6.3, 9.2])
def test_punctuation_hung_into_a_narrow_gutter_does_not_join_the_columns(tmp_path, gutter):
    # a comma set past the column's end (行末标点悬挂) runs into the next column (a 0.7 em
    # gutter) or touches it (a gutter one character wide) on its row
    second_x = 40 + 12 * 9 + gutter
    left = column(40, 700, 12, COLUMN_ONE + COLUMN_TWO)
    right = column(second_x, 700, 12, COLUMN_TWO + COLUMN_ONE)
    left[2] = Text(left[2].x, left[2].y, left[2].text + "，", left[2].size)
    path = write_pdf(tmp_path / "hung.pdf", [left + right])
    lines = [line.text for line in build_lines(first_page(path))]
    assert left[2].text in lines
    assert all(len(line) <= 13 for line in lines)


def test_a_line_on_the_next_columns_baselines_meeting_a_row_of_its_own_a_narrow_gutter_away_is_cut(tmp_path):
    # two stories a 0.7 em gutter apart set on baselines of their own, 3 points apart, so no
    # row holds both columns; one line of the right story (its dateline) falls on a row of the
    # left column
    second_x = 40 + 12 * 9 + 6.3
    left = column(40, 700, 12, COLUMN_ONE * 3)[:7]
    right = [Text(second_x, 697 - 13 * row, COLUMN_TWO[12 * row : 12 * row + 12], 9) for row in (0, 1, 2, 4, 5, 6)]
    dateline = Text(second_x, left[3].y, "本报南京1月1日电", 9)
    lines = build_lines(first_page(write_pdf(tmp_path / "interleaved.pdf", [[*left, *right, dateline]])))
    texts = [line.text for line in lines]
    assert left[3].text in texts and dateline.text in texts


def test_a_letter_spaced_dateline_set_across_a_wide_gutter_stays_one_line(tmp_path):
    # the dateline is centred over two columns; one of its letter spaces falls inside their gutter
    first = column(40, 660, 12, COLUMN_ONE)
    second = column(40 + 12 * 9 + 20, 660, 12, COLUMN_TWO)
    dateline = Text(120, 680, "本报南京1月1日电", 9, char_space=5.0)
    lines = [
        line.text for line in build_lines(first_page(write_pdf(tmp_path / "wide.pdf", [[*first, *second, dateline]])))
    ]
    assert "本报南京1月1日电" in [line.replace(" ", "") for line in lines]


def test_a_dateline_spaced_a_gutters_width_with_narrow_digits_stays_one_line(tmp_path):
    # letter spacing a little over 0.8 em; the digits' narrower boxes leave smaller gaps beside them
    dateline = Text(40, 700, "新华社拉萨8月23日电", 9, char_space=7.25)
    lines = build_lines(
        first_page(write_pdf(tmp_path / "spaced_digits.pdf", [[dateline, *column(40, 680, 12, COLUMN_ONE)]]))
    )
    assert "新华社拉萨8月23日电" in [line.text.replace(" ", "") for line in lines]


def test_a_letter_spaced_dateline_with_a_letter_at_a_columns_left_edge_stays_one_line(tmp_path):
    # the fifth letter falls exactly where the second column starts, one letter space after the fourth
    first = column(40, 660, 12, COLUMN_ONE * 2)
    second_x = 40 + 12 * 9 + 20
    second = column(second_x, 660, 12, COLUMN_TWO * 2)
    dateline = Text(second_x - 4 * 14, 680, "本报南京１月１日电", 9, char_space=5.0)
    path = write_pdf(tmp_path / "edge.pdf", [[*first, *second, dateline]])
    lines = [line.text.replace(" ", "") for line in build_lines(first_page(path))]
    assert "本报南京１月１日电" in lines
    assert all(len(line) <= 12 for line in lines if line != "本报南京１月１日电")


def test_a_letter_spaced_dateline_ending_at_a_narrow_gutter_keeps_out_the_next_columns_short_line(tmp_path):
    # the dateline is spaced out over its column (0.6 em between letters); on its row the next
    # column, a 1 em gutter away, ends a paragraph with a line of two characters
    first = column(40, 700, 16, COLUMN_ONE)
    dateline = Text(40, first[-1].y - 13, "新华社贝鲁特1月3日电", 9, char_space=(16 * 9 - 89.316) / 10)
    second = column(40 + 16 * 9 + 9, 700, 16, (COLUMN_TWO * 2)[:46] + "件。\n" + COLUMN_ONE)
    assert second[len(first)].text == "件。" and second[len(first)].y == dateline.y
    lines = build_lines(first_page(write_pdf(tmp_path / "dateline_gutter.pdf", [[*first, dateline, *second]])))
    texts = [line.text.replace(" ", "") for line in lines]
    assert dateline.text in texts and "件。" in texts


def test_a_narrow_gutter_most_rows_hang_punctuation_into_still_parts_the_columns(tmp_path):
    # a gutter of 0.78 em; in most rows the left column hangs a comma into it, over the next column's first letter
    hung_rows = [True, True, True, True, False, True, True, False]
    gutter_x = 40 + 12 * 9 + 7
    left_text, right_text = (COLUMN_ONE * 3).replace("，", ""), (COLUMN_TWO * 3).replace("，", "")
    items: list[Text] = []
    for row, hung in enumerate(hung_rows):
        y = 700 - 13 * row
        items.append(Text(40, y, left_text[12 * row : 12 * row + 12] + ("，" if hung else ""), 9))
        items.append(Text(gutter_x, y, right_text[12 * row : 12 * row + 12], 9))
    lines = build_lines(first_page(write_pdf(tmp_path / "hung.pdf", [items])))
    assert sorted(round(line.box[0]) for line in lines) == [40] * 8 + [gutter_x] * 8


def test_a_story_without_headline_under_a_photo_goes_on_in_the_column_beside_the_photo(tmp_path):
    # the photo and its caption stand over columns one and two; column three runs from the photo's top
    text = (COLUMN_ONE + COLUMN_TWO) * 12
    first = column(40, 530, 12, text[:118])
    second = column(166, 530, 12, text[118:236])
    beside = column(292, 690, 12, text[236:498])
    caption = Text(40, 548, "图为新年第一天的街景。", 8)
    items = [Picture(40, 560, 274, 699), caption, *first, *second, *beside]
    layout = analyse_page(first_page(write_pdf(tmp_path / "photo.pdf", [items])))
    modules = {round(block.box[0]): block.module for block in layout.blocks if block.role == "body"}
    assert modules[40] == modules[166] == modules[292]
    assert text[:498] in only_document(tmp_path / "photo.pdf").raw.replace("\n", "")


def test_a_story_without_headline_under_a_photo_with_a_long_caption_goes_on_beside_it_after_its_byline(tmp_path):
    # a photo over column two with a caption of four lines; the story starts under them and
    # goes on in column three from the photo's top, its byline set over column three
    text = COLUMN_ONE * 6
    caption = [Text(166, 590 - 13 * row, CAPTION[:12], 8) for row in range(4)]
    under = column(166, 530, 12, text[:46])
    beside = column(292, 691, 12, text[46:150])
    beside = [Text(292, line.y, line.text, 9, line.char_space) for line in beside]
    byline = Text(292, 706, "□ 特约评论员 晓王", 9)
    items = [Picture(166, 600, 274, 700), *caption, *under, byline, *beside]
    items += [Text(40, 720, RIGHT_TITLE, 14), *column(40, 700, 12, COLUMN_TWO * 3)]
    layout = analyse_page(first_page(write_pdf(tmp_path / "long_caption.pdf", [items])))
    module_of = {block.text()[:6]: block.module for block in layout.blocks}
    assert module_of[byline.text[:6]] == module_of[under[0].text[:6]] == module_of[beside[0].text[:6]]
    raw = only_document(tmp_path / "long_caption.pdf").raw
    assert raw.index(byline.text) < raw.index(under[0].text)
    assert text[:150] in raw.replace("\n", "")


def test_a_credit_flush_right_under_a_short_caption_without_headline_is_read_with_it(tmp_path):
    # the credit stands under the picture's right edge, beyond the caption's last line
    credit = "新华社发 曲渊 摄"
    credit_x = 300 - 9 * len(credit)
    items = [Picture(40, 600, 300, 700), Text(40, 590, "陈金水出名后照看菜园子。", 9), Text(credit_x, 578, credit, 9)]
    layout = analyse_page(first_page(write_pdf(tmp_path / "credit.pdf", [items])))
    modules = {block.text(): block.module for block in layout.blocks if block.role == "caption"}
    assert len(modules) == 2 and len(set(modules.values())) == 1


def test_a_credit_set_flush_right_under_a_caption_is_part_of_the_caption(tmp_path):
    caption = column(40, 590, 20, CAPTION + CAPTION)
    credit_y = caption[-1].y - 13
    items = [Picture(40, 600, 220, 700), *caption, Text(142, credit_y, "本报记者 王霞光 摄", 9)]
    layout = analyse_page(first_page(write_pdf(tmp_path / "credit.pdf", [items])))
    roles = {block.text(): block.role for block in layout.blocks}
    assert roles["本报记者 王霞光 摄"] == "caption"


def test_two_lines_in_body_type_under_a_caption_set_smaller_are_a_storys_text_not_its_credit(tmp_path):
    # an 8-point caption under a picture; a story's last two lines in 9-point body type go on
    # right under it, within the picture's width
    story = column(40, 700, 12, COLUMN_ONE * 3)
    items = [Picture(166, 600, 400, 700), Text(166, 590, CAPTION, 8), *story]
    items += [Text(166, 576, COLUMN_TWO[:24], 9), Text(166, 563, COLUMN_TWO[24:], 9)]
    layout = analyse_page(first_page(write_pdf(tmp_path / "under_caption.pdf", [items])))
    roles = {block.text(): block.role for block in layout.blocks}
    assert roles[CAPTION] == "caption"
    assert roles[COLUMN_TWO] == "body"


def test_a_story_without_headline_over_short_columns_is_read_across_before_going_down(tmp_path):
    # two lines a column over three columns; another story stands under the first column only
    story = COLUMN_ONE + COLUMN_TWO[:20]
    columns = split_columns([40, 170, 300], 700, 12, story)
    below = column(40, 650, 12, COLUMN_TWO)
    layout = analyse_page(first_page(write_pdf(tmp_path / "row.pdf", [[*columns, *below]])))
    texts = [block.text() for block in layout.blocks]
    assert "".join(texts[:3]) == story
    assert layout.blocks[0].module == layout.blocks[2].module != layout.blocks[3].module


def test_a_titled_photo_inside_a_story_is_read_after_the_story_text_with_its_caption(tmp_path):
    # headline over two columns; a picture in the first column with its title and caption under
    # it; the story's text under the caption and in the second column
    items: list = [Text(40, 700, LEAD_TITLE, 16), Picture(40, 600, 148, 680), Text(40, 588, "棉堆如山", 10)]
    caption = column(40, 574, 12, CAPTION)
    under = column(40, caption[-1].y - 22, 12, COLUMN_ONE)
    second = column(170, 676, 12, COLUMN_TWO)
    layout = analyse_page(first_page(write_pdf(tmp_path / "photo.pdf", [[*items, *caption, *under, *second]])))
    assert {block.module for block in layout.blocks} == {0}
    texts = [block.text() for block in layout.blocks]
    assert texts == [LEAD_TITLE, COLUMN_ONE, COLUMN_TWO, "棉堆如山", CAPTION]
    assert layout.blocks[-1].role == "caption"


def test_a_letter_spaced_headline_printed_across_a_column_rule_stays_one_line(tmp_path):
    # letters 0.3 em apart; the rule between the columns under it runs through one of those gaps
    title = Text(40, 700, LEAD_TITLE, 20, char_space=6.0)
    rule_x = 40 + 4 * 26 + 20 + 3
    lines = [
        line.text
        for line in build_lines(
            first_page(write_pdf(tmp_path / "spaced.pdf", [[title, Rule(rule_x, 600, rule_x, 720)]]))
        )
    ]
    assert [line.replace(" ", "") for line in lines] == [LEAD_TITLE]


def test_a_letter_spaced_headline_whose_first_letter_stands_left_of_a_column_rule_stays_one_line(tmp_path):
    # the rule runs through the gap after the first letter: one letter alone shows no spacing,
    # the letters after the rule do (a headline centred over the columns across their rule)
    title = Text(40, 700, "历史深处的回音", 22, char_space=6.0)
    rule_x = 40 + 22 + 3
    page = first_page(write_pdf(tmp_path / "spaced.pdf", [[title, Rule(rule_x, 600, rule_x, 720)]]))
    assert [line.text.replace(" ", "") for line in build_lines(page)] == [title.text]


def test_columns_a_gutter_narrower_than_a_space_apart_are_read_one_after_the_other(tmp_path):
    # a 0.4 em gutter: every row leaves the very same gap, a word space in running text does not
    text = COLUMN_ONE + COLUMN_TWO + COLUMN_ONE
    path = write_pdf(tmp_path / "narrower.pdf", [split_columns([40, 40 + 12 * 9 + 3.6], 700, 12, text)])
    assert all(len(line.text) <= 12 for line in build_lines(first_page(path)))
    assert only_document(path).raw.replace("\n", "") == text


def test_a_column_with_punctuation_hung_into_the_gutter_is_read_before_the_shorter_column_beside_it(tmp_path):
    gutter = 6.3
    left = column(40, 700, 12, COLUMN_ONE * 3)
    left[2] = Text(left[2].x, left[2].y, left[2].text + "，", left[2].size)
    right = column(40 + 12 * 9 + gutter, 700, 12, COLUMN_TWO * 2)
    items = [Text(40, 730, LEFT_TITLE, 16), *left, *right]
    layout = analyse_page(first_page(write_pdf(tmp_path / "hung.pdf", [items])))
    texts = [block.text() for block in layout.blocks]
    assert texts[0] == LEFT_TITLE
    assert texts.index("".join(line.text for line in left)) < texts.index(COLUMN_TWO * 2)


def test_a_bracketed_byline_under_a_centred_headline_lets_it_own_the_columns_level_with_its_own(tmp_path):
    # dateline and `（记者 …）` under a headline centred over three columns push the columns out
    # of the headline's reach; the byline ends in a bracket, not a sentence: it is the lead
    body = (COLUMN_ONE + COLUMN_TWO) * 2
    columns = split_columns([40, 170, 300], 640, 12, body)
    items = [
        Text(140, 700, DISPLACED_TITLE, 18),
        Text(190, 680, "本报郑州1月3日电", 9, 3.0),
        Text(210, 667, "（记者 戴鹏）", 9),
    ]
    layout = analyse_page(first_page(write_pdf(tmp_path / "lead.pdf", [[*items, *columns]])))
    assert {block.module for block in layout.blocks} == {0}
    assert "".join(block.text() for block in layout.blocks[2:]) == body


def test_a_name_line_on_a_baseline_of_its_own_a_narrow_gutter_from_a_column_is_a_line_of_its_own(tmp_path):
    # a 0.8 em gutter; the right story's lines stand on baselines of their own (no row shows the
    # gutter), its name line 2.5 points off the baseline of the left column's line beside it
    left = column(40, 700, 12, COLUMN_ONE * 2)
    right_x = 40 + 12 * 9 + 7.2
    items = [*left, Text(right_x, 725, RIGHT_TITLE, 16), Text(right_x, left[1].y + 2.5, "罗昌爱", 9)]
    items += column(right_x, left[1].y - 7, 12, COLUMN_TWO)
    lines = [line.text for line in build_lines(first_page(write_pdf(tmp_path / "name.pdf", [items])))]
    assert "罗昌爱" in lines
    assert left[1].text in lines


def test_a_column_starting_on_the_line_of_a_storys_columns_joins_it_rather_than_a_headline_lower_beside(tmp_path):
    # left story: headline over two columns; its third column starts on their line and breaks off
    # mid-sentence; another headline, 2 em lower, stands right of it with its own column under it
    body = (COLUMN_ONE * 4)[:106]
    columns = split_columns([40, 166, 292], 660, 12, body)
    other = [Text(416, 660 - 14, RIGHT_TITLE, 14), *column(416, 620, 12, COLUMN_TWO)]
    layout = analyse_page(
        first_page(write_pdf(tmp_path / "level.pdf", [[Text(40, 690, LEFT_TITLE, 16), *columns, *other]]))
    )
    modules = {round(block.box[0]): block.module for block in layout.blocks if block.role == "body"}
    assert modules[40] == modules[166] == modules[292] != modules[416]


def test_a_column_starting_level_with_the_top_of_a_storys_photo_goes_on_that_story(tmp_path):
    # headline over a photo two columns wide, the caption and two columns under it; the third
    # column runs beside the photo from its top
    text = (COLUMN_ONE + COLUMN_TWO) * 12
    first = column(40, 530, 12, text[:118])
    second = column(166, 530, 12, text[118:236])
    beside = column(292, 690, 12, text[236:498])
    items = [Text(60, 712, LEAD_TITLE, 12), Picture(40, 560, 274, 699), Text(40, 548, "图为新年第一天的街景。", 8)]
    layout = analyse_page(first_page(write_pdf(tmp_path / "photo.pdf", [[*items, *first, *second, *beside]])))
    modules = {round(block.box[0]): block.module for block in layout.blocks if block.role == "body"}
    assert modules[40] == modules[166] == modules[292]


def test_a_name_line_set_apart_over_its_column_is_a_block_of_its_own(tmp_path):
    # the name line stands 1.35 lines over the column's first line, flush with its left edge
    body = column(40, 680, 12, COLUMN_ONE + COLUMN_TWO)
    items = [Text(40, 720, LEFT_TITLE, 16), Text(40, 680 + 1.35 * 13, "罗昌爱", 9), *body]
    layout = analyse_page(first_page(write_pdf(tmp_path / "name.pdf", [items])))
    assert [block.text() for block in layout.blocks] == [LEFT_TITLE, "罗昌爱", "".join(line.text for line in body)]


def test_a_story_begun_beside_its_headline_a_narrow_gutter_away_with_punctuation_hung_into_it(tmp_path):
    # the first column's hung comma reaches past the headline's left edge, a 0.8 em gutter away
    lines = column(40, 700, 12, DISPLACED_BODY)
    first, rest = lines[:6], lines[6:]
    first[2] = Text(first[2].x, first[2].y, first[2].text + "，", first[2].size, first[2].char_space)
    right_x = 40 + 12 * 9 + 7.2
    items = [*first, Text(right_x, 700 - 18 + 0.88 * 18, DISPLACED_TITLE, 18)]
    items += [
        Text(right_x + line.x - 40, 660 - 13 * row, line.text, line.size, line.char_space)
        for row, line in enumerate(rest)
    ]
    layout = analyse_page(first_page(write_pdf(tmp_path / "hung.pdf", [items])))
    assert {block.module for block in layout.blocks} == {0}
    assert layout.blocks[0].text() == DISPLACED_TITLE


def test_headlines_of_two_stories_side_by_side_in_sizes_of_their_own_are_two_lines(tmp_path):
    # 5 % apart in size, on one row, 0.75 em of the larger apart: closer than a gutter, one line
    # of print keeps one size
    left = Text(40, 700, LEFT_TITLE, 19.5)
    right = Text(40 + 19.5 * len(LEFT_TITLE) + 15.5, 699, RIGHT_TITLE, 20.5)
    lines = build_lines(first_page(write_pdf(tmp_path / "heads.pdf", [[left, right]])))
    assert sorted(line.text for line in lines) == sorted([LEFT_TITLE, RIGHT_TITLE])


def test_headlines_of_two_stories_in_sizes_of_their_own_a_sixth_of_an_em_apart_are_two_lines(tmp_path):
    # 8 % apart in size, baselines 2 points apart, 3.6 points between the last and first
    # characters: the cells of one printed line touch, so the gap parts two lines
    left = Text(40, 700, LEFT_TITLE, 20.2)
    right = Text(40 + 20.2 * len(LEFT_TITLE) + 3.6, 698, RIGHT_TITLE, 21.8)
    lines = build_lines(first_page(write_pdf(tmp_path / "close_heads.pdf", [[left, right]])))
    assert sorted(line.text for line in lines) == sorted([LEFT_TITLE, RIGHT_TITLE])


@pytest.mark.parametrize("mark", ["，", "·"])
def test_a_comma_overlapping_the_next_columns_first_character_ends_its_line(tmp_path, mark):
    # a 0.8 em gutter; a line set a little tight hangs its comma (or the middle dot of
    # `中国梦·劳动美`, which never opens a line either) 7.6 points past the column's end, its cell
    # running 0.4 points into the next column's first character (cells of one line never overlap)
    second_x = 40 + 12 * 9 + 7.2
    left = column(40, 700, 12, COLUMN_ONE + COLUMN_TWO)
    right = column(second_x, 700, 12, COLUMN_TWO + COLUMN_ONE)
    tight = Text(40, left[2].y, left[2].text + mark, 9, (12 * 9 + 7.6 - 13 * 9) / 12)
    lines = [
        line.text
        for line in build_lines(first_page(write_pdf(tmp_path / "tight.pdf", [[*left[:2], tight, *left[3:], *right]])))
    ]
    assert tight.text in lines
    assert all(len(line) <= 13 for line in lines)


def test_a_full_stop_hung_across_a_columns_end_touching_the_next_columns_first_character_ends_its_line(tmp_path):
    # a 0.7 em gutter; a line set tight hangs its full stop from before the column's end to the
    # next column's first character, touching it
    second_x = 40 + 12 * 9 + 6.3
    left = column(40, 700, 12, COLUMN_ONE + COLUMN_TWO)
    right = column(second_x, 700, 12, COLUMN_TWO + COLUMN_ONE)
    tight = Text(40, left[2].y, left[2].text + "。", 9, (12 * 9 + 6.3 - 13 * 9) / 12)
    items = [*left[:2], tight, *left[3:], *right]
    lines = [line.text for line in build_lines(first_page(write_pdf(tmp_path / "touching.pdf", [items])))]
    assert tight.text in lines
    assert all(len(line) <= 13 for line in lines)


def test_marks_hung_past_a_columns_end_before_the_next_columns_indented_line_end_their_line(tmp_path):
    # a 0.7 em gutter; a line ends `——` hung two marks past the column's end, and the next
    # column's line on that row opens a paragraph indented: the gap between is narrower than a
    # gutter but stands right after the hung marks
    second_x = 40 + 12 * 9 + 6.3
    left = column(40, 700, 12, COLUMN_ONE + COLUMN_TWO)
    right = column(second_x, 700, 12, COLUMN_TWO + "\n" + COLUMN_ONE)
    opening = next(row for row, line in enumerate(right) if row and line.x > second_x)
    left[opening] = Text(40, left[opening].y, left[opening].text + "——", 9)
    lines = [line.text for line in build_lines(first_page(write_pdf(tmp_path / "dashes.pdf", [[*left, *right]])))]
    assert left[opening].text in lines
    assert right[opening].text in lines


def test_a_second_mark_hung_past_a_columns_end_onto_the_next_columns_edge_stays_on_its_line(tmp_path):
    # a 1 em gutter; the middle column is set on baselines of its own, the outer two share
    # theirs; a line of the first hangs `”。` past the column's end, the full stop's cell
    # starting right where the middle column's lines start: closing punctuation never opens a
    # line (行首禁则), so the row is not cut before it
    second_x = 40 + 12 * 9 + 9
    left = column(40, 700, 12, COLUMN_ONE + COLUMN_TWO)
    right = column(second_x, 700 - 6.5, 12, COLUMN_TWO + COLUMN_ONE)
    third = column(2 * second_x - 40, 700, 12, COLUMN_TWO + COLUMN_TWO)
    left[2] = Text(40, left[2].y, left[2].text[:-1] + "了”。", 9)
    items = [*left, *right, *third]
    lines = [line.text for line in build_lines(first_page(write_pdf(tmp_path / "marks.pdf", [items])))]
    assert left[2].text in lines
    assert not any(line.startswith("。") for line in lines)


def test_only_one_column_beside_a_headline_is_the_story_begun_beside_it(tmp_path):
    # the headline stands over the last of three columns; the middle one starts beside it; the
    # first, another story's without a headline, also breaks off level with the headline's top
    headless = column(40, 700, 12, COLUMN_ONE * 3)[:5]
    beside = column(166, 700, 12, COLUMN_TWO * 3)[:5]
    items = [*headless, *beside, Text(292, 692, RIGHT_TITLE, 12), *column(292, 670, 12, COLUMN_ONE)]
    layout = analyse_page(first_page(write_pdf(tmp_path / "beside.pdf", [items])))
    modules = {round(block.box[0]): block.module for block in layout.blocks}
    assert modules[166] == modules[292] != modules[40]


def test_a_photo_set_under_a_storys_byline_goes_with_the_story(tmp_path):
    # headline, byline, then the picture: the picture is out of the headline's reach, not the byline's
    items = [Text(40, 720, LEAD_TITLE, 20), Text(80, 696, "国家税务总局局长 项怀诚", 9), Picture(40, 585, 200, 675)]
    items += [Text(40, 575, "图为新年第一天的街景。", 8), *column(40, 555, 12, COLUMN_ONE)]
    layout = analyse_page(first_page(write_pdf(tmp_path / "photo.pdf", [items])))
    assert {block.module for block in layout.blocks} == {0}


def test_a_headless_story_whose_first_column_opens_with_a_name_line_runs_on_into_the_next(tmp_path):
    # the second column starts level with the first column's text, under its name line
    text = COLUMN_ONE * 2
    first = column(40, 687, 12, text[:46])
    second = column(166, 687, 12, text[46:])
    items = [Text(40, 700, "方山县 蒋林", 9), *first, *second, *column(40, 560, 12, COLUMN_TWO)]
    layout = analyse_page(first_page(write_pdf(tmp_path / "name.pdf", [items])))
    modules = {block.text()[:4]: block.module for block in layout.blocks}
    assert modules["方山县 "] == modules[text[46:50]] != modules[COLUMN_TWO[:4]]


def test_a_headless_story_over_columns_goes_on_into_a_column_opening_a_paragraph(tmp_path):
    # three columns start level; the second ends a paragraph on a short line at its foot, the
    # third opens the next paragraph indented and is no longer; another story stands under the
    # first column, so the third is not read right after the second
    text = COLUMN_ONE * 3
    first = column(40, 700, 12, text[:46])
    rows = [text[46:58], text[58:70], text[70:82], "第二段到此。"]
    second = [Text(166, 700 - 13 * row, line, 9) for row, line in enumerate(rows)]
    third = column(292, 700, 12, COLUMN_TWO[:34])
    below = [Text(40, 620, RIGHT_TITLE, 12), *column(40, 600, 12, COLUMN_TWO)]
    layout = analyse_page(first_page(write_pdf(tmp_path / "poured.pdf", [[*first, *second, *third, *below]])))
    modules = {round(block.box[0]): block.module for block in layout.blocks if block.box[3] > 690}
    assert modules[40] == modules[166] == modules[292]


def test_a_headless_story_over_columns_goes_on_into_the_next_column_after_a_subhead_at_a_columns_foot(tmp_path):
    # the second column's last line is a subhead (`二、坚持改革`: short, no sentence end); the
    # third column opens its first paragraph indented
    text = COLUMN_ONE * 3
    first = column(40, 700, 12, text[:46])
    second = [Text(166, 700 - 13 * row, text[46 + 12 * row : 58 + 12 * row], 9) for row in range(3)]
    second.append(Text(166 + 2 * 9, 700 - 13 * 3, "二、坚持改革", 9))
    third = column(292, 700, 12, COLUMN_TWO[:34])
    below = [Text(40, 620, RIGHT_TITLE, 12), *column(40, 600, 12, COLUMN_TWO)]
    layout = analyse_page(first_page(write_pdf(tmp_path / "subhead.pdf", [[*first, *second, *third, *below]])))
    modules = {round(block.box[0]): block.module for block in layout.blocks if block.box[3] > 690}
    assert modules[40] == modules[166] == modules[292]


def test_a_column_level_with_the_columns_under_a_storys_photo_caption_goes_on_that_story(tmp_path):
    # headline, a picture over three columns, its caption under the first two; the third column
    # starts level with them, beyond the caption's width and a little too far under the picture
    # to hang from it
    text = COLUMN_ONE * 6
    items = [Text(40, 740, LEAD_TITLE, 20), Picture(40, 620, 400, 720), Text(40, 608, CAPTION, 8)]
    items += split_columns([40, 166, 292], 585, 12, text)
    items += [Text(40, 500, RIGHT_TITLE, 14), *column(40, 480, 12, COLUMN_TWO)]
    layout = analyse_page(first_page(write_pdf(tmp_path / "photo_row.pdf", [items])))
    modules = {round(block.box[0]): block.module for block in layout.blocks if block.box[3] > 590}
    assert modules[40] == modules[166] == modules[292]
    assert next(block.role for block in layout.blocks if block.module == modules[40]) == "headline"


def test_a_column_level_with_a_short_storys_columns_but_reaching_past_the_headline_under_them_is_not_its(tmp_path):
    # story A over two short columns, story B's headline under them; the third column starts
    # level with A's columns and runs down past B's headline: A's rectangle would cover it
    items = [Text(40, 720, LEFT_TITLE, 16), *split_columns([40, 166], 700, 12, COLUMN_ONE * 2)]
    items += [Text(40, 640, RIGHT_TITLE, 16), *column(40, 620, 12, COLUMN_TWO)]
    items += column(292, 700, 12, COLUMN_TWO * 4)
    layout = analyse_page(first_page(write_pdf(tmp_path / "rectangle.pdf", [items])))
    module_of = {round(block.box[0]): block.module for block in layout.blocks if block.box[3] > 690}
    titles = {block.text(): block.module for block in layout.blocks if block.role == "headline"}
    assert module_of[40] == module_of[166] == titles[LEFT_TITLE]
    assert module_of[292] != titles[LEFT_TITLE]


def test_a_column_going_on_the_broken_off_column_to_its_left_is_not_the_start_of_the_story_headed_beside_it(
    tmp_path,
):
    # a story without headline over two balanced columns, the first breaking off mid-sentence
    # and the second going on unindented; a headline over the third column stands level with
    # their tops
    first = column(40, 700, 12, COLUMN_ONE * 4)[:5]
    rest = (COLUMN_ONE * 4)[len("".join(line.text for line in first)) :]
    second = [Text(166, 700 - 13 * row, rest[12 * row : 12 * row + 12], 9) for row in range(5)]
    items = [*first, *second, Text(292, 692, RIGHT_TITLE, 12), *column(292, 670, 12, COLUMN_TWO * 2)[:3]]
    layout = analyse_page(first_page(write_pdf(tmp_path / "goes_on.pdf", [items])))
    module_of = {round(block.box[0]): block.module for block in layout.blocks if block.role == "body"}
    assert not first[-1].text.endswith("。") and not second[-1].text.endswith("。")
    assert module_of[40] == module_of[166] != module_of[292]


def test_a_column_left_of_a_storys_first_row_starting_off_its_line_is_another_story(tmp_path):
    # a headline over columns two and three; a story without headline in column one starts
    # 0.9 em under their first line
    items = [Text(166, 720, RIGHT_TITLE, 16), *split_columns([166, 292], 700, 12, COLUMN_ONE * 2)]
    items += column(40, 692, 12, COLUMN_TWO * 2)
    layout = analyse_page(first_page(write_pdf(tmp_path / "left_off_line.pdf", [items])))
    module_of = {round(block.box[0]): block.module for block in layout.blocks if block.role == "body"}
    assert module_of[166] == module_of[292] != module_of[40]


def test_a_column_beside_a_headline_set_over_the_storys_photo_is_the_storys_start(tmp_path):
    # the headline stands over a picture across columns two and three; the story's last lines
    # run under the picture's caption, indented; column one starts level with the headline and
    # ends level with those lines
    beside = column(40, 727, 12, COLUMN_ONE * 5)[:12]
    items = [Text(180, 720, RIGHT_TITLE, 16), Picture(180, 600, 414, 700), Text(180, 590, CAPTION, 8)]
    items += [*beside, Text(198, 576, "第四，网络远程教育", 9), Text(306, 576, "有助于学生记忆。", 9)]
    layout = analyse_page(first_page(write_pdf(tmp_path / "over_photo.pdf", [items])))
    module_of = {block.text()[:4]: block.module for block in layout.blocks}
    assert module_of[beside[0].text[:4]] == module_of[RIGHT_TITLE[:4]] == module_of["第四，网"]


def test_a_byline_centred_over_the_middle_column_and_wider_than_it_is_read_first(tmp_path):
    # headline over three columns; the byline stands right over the middle column, reaching
    # past both its edges; the three columns start on one row under it
    body = (COLUMN_ONE + COLUMN_TWO) * 2
    byline = Text(150, 700 + 16, "本报记者 白庆春、王肇星、王瑶", 9)
    items = [Text(100, 740, LEAD_TITLE, 16), byline, *split_columns([40, 166, 292], 700, 12, body)]
    raw = only_document(write_pdf(tmp_path / "wide_byline.pdf", [items])).raw
    assert byline.x < 166 and byline.x + 9 * 15 > 166 + 108
    assert raw.index(byline.text) < raw.index(body[:6])
    assert body in raw.replace("\n", "")


def test_a_photos_title_is_not_the_kicker_of_a_headline_set_under_it(tmp_path):
    # picture, its title and caption; a story's larger headline starts two lines lower, under them
    items = [Picture(166, 640, 400, 720), Text(166, 628, "棉堆如山喜煞人", 10), Text(250, 628, "新疆棉花再获丰收。", 8)]
    items += [Text(100, 592, LEAD_TITLE, 18), *split_columns([40, 166, 292], 570, 12, COLUMN_ONE * 3)]
    layout = analyse_page(first_page(write_pdf(tmp_path / "title.pdf", [items])))
    roles = {block.text(): (block.role, block.module) for block in layout.blocks}
    assert roles[LEAD_TITLE][0] == "headline"
    assert roles["棉堆如山喜煞人"][1] != roles[LEAD_TITLE][1]
    assert {block.module for block in layout.blocks if block.role == "body"} == {roles[LEAD_TITLE][1]}


def test_a_byline_set_apart_over_a_story_without_headline_is_its_own_block_in_the_storys_module(tmp_path):
    # the byline stands 1.2 lines over the story's first column; the story runs over two columns
    text = COLUMN_ONE * 2
    items = [Text(40, 700 + 1.2 * 13, "□ 特约评论员 晓王", 9)]
    items += split_columns([40, 166], 700, 12, text)
    items += [Text(40, 600, RIGHT_TITLE, 14), *column(40, 580, 12, COLUMN_TWO)]
    layout = analyse_page(first_page(write_pdf(tmp_path / "byline.pdf", [items])))
    texts = [block.text() for block in layout.blocks]
    assert texts[0] == "□ 特约评论员 晓王"
    assert "".join(texts[1:3]) == text
    assert layout.blocks[0].module == layout.blocks[1].module == layout.blocks[2].module


def test_a_column_beside_a_headline_ending_level_with_the_storys_foot_above_a_jump_line_is_its_start(tmp_path):
    # the first column ends a sentence level with the foot of the column under the headline; a
    # jump line stands under that column
    text = (COLUMN_ONE * 3)[:81]
    beside = column(40, 700, 12, text[:68])
    under = column(166, 674, 12, COLUMN_TWO * 2)[:4]
    jump = Text(166 + 6 * 9, under[-1].y - 14, "（下转第12版）", 9)
    items = [*beside, Text(166, 694, RIGHT_TITLE, 14), *under, jump]
    layout = analyse_page(first_page(write_pdf(tmp_path / "jump.pdf", [items])))
    assert beside[-1].text.endswith("。") and beside[-1].y == under[-1].y
    assert {block.module for block in layout.blocks} == {0}


def test_two_balanced_columns_without_headline_are_one_story_across_a_paragraph_break(tmp_path):
    # both start and end level; the first ends a paragraph on a short line, the second opens the
    # next one indented; another story stands under the first column
    text = COLUMN_ONE * 3
    rows = [text[:12], text[12:24], text[24:36], "第一段到此。"]
    first = [Text(40, 700 - 13 * row, line, 9) for row, line in enumerate(rows)]
    second = column(166, 700, 12, (COLUMN_TWO * 2)[:46])
    below = [Text(40, 620, RIGHT_TITLE, 14), *column(40, 600, 12, COLUMN_TWO)]
    layout = analyse_page(first_page(write_pdf(tmp_path / "balanced.pdf", [[*first, *second, *below]])))
    assert len(first) == len(second)
    modules = {round(block.box[0]): block.module for block in layout.blocks if block.box[3] > 690}
    assert modules[40] == modules[166]


@pytest.mark.parametrize(("extra_em", "same_story"), [(0.0, True), (0.13, False), (0.45, False)])
def test_a_story_without_headline_stacked_off_the_grid_under_another_is_a_story_of_its_own(
    tmp_path, extra_em, same_story
):
    # the headed story ends a sentence; the next text in the column opens indented either on the
    # story's grid (its next paragraph) or set a little further down (another story)
    story = column(40, 676, 12, COLUMN_ONE)
    below = column(40, story[-1].y - 13 - extra_em * 9, 12, COLUMN_TWO)
    items = [Text(40, 700, LEFT_TITLE, 16), *story, *below]
    layout = analyse_page(first_page(write_pdf(tmp_path / "stacked.pdf", [items])))
    module_of = {line.text: block.module for block in layout.blocks for line in block.lines}
    assert story[-1].text.endswith("。")
    assert (module_of[below[0].text] == module_of[story[0].text]) is same_story
    assert (module_of[below[0].text] == module_of[LEFT_TITLE]) is same_story


def test_a_kicker_goes_with_the_headline_right_under_it_not_with_the_page_date_further_up(tmp_path):
    # the page's date in the header band stands within reach of the big headline too; the kicker
    # between them is the nearer and stacks with it
    items = [
        Text(40, 806, "1998年1月1日", 11),
        Rule(38, 790, 560, 791),
        Text(40, 766, "吴城镇", 11.5),
        Text(40, 727, "集中学习宣传思想工作", 35),
        *column(40, 700, 20, COLUMN_ONE),
    ]
    layout = analyse_page(first_page(write_pdf(tmp_path / "kicker.pdf", [items])))
    roles = {block.text(): block.role for block in layout.blocks}
    assert roles["吴城镇"] == "kicker"
    assert roles["集中学习宣传思想工作"] == "headline"


def test_a_short_kicker_set_a_point_larger_than_a_long_headline_is_still_the_kicker(tmp_path):
    # the headline is shrunk to fit its column, so the three-character kicker's type is larger
    items = [
        Text(40, 760, "汾阳：", 11),
        Text(40, 744, "聚焦高质量发展锻造新时代教师队伍", 10.4),
        *column(40, 720, 20, COLUMN_ONE),
    ]
    layout = analyse_page(first_page(write_pdf(tmp_path / "small_headline.pdf", [items])))
    roles = [(block.role, block.text()) for block in layout.blocks]
    assert roles[:2] == [("kicker", "汾阳："), ("headline", "聚焦高质量发展锻造新时代教师队伍")]


def test_a_column_set_a_little_apart_under_a_dateline_and_bracketed_byline_goes_on_their_story(tmp_path):
    # the byline ends in a bracket, not a sentence: the text under it is the same story's
    items = [
        Text(40, 720, LEFT_TITLE, 16),
        Text(40, 696, "新华社东京１月４日电讯稿", 9),
        Text(58, 683, "（记者 刘文玉）", 9),
        *column(40, 683 - 17, 12, COLUMN_ONE),
    ]
    layout = analyse_page(first_page(write_pdf(tmp_path / "byline_lead.pdf", [items])))
    assert {block.module for block in layout.blocks} == {0}


def test_a_byline_set_over_the_gutter_is_not_the_first_line_of_the_column_under_it(tmp_path):
    # the writer's name stands a line over the two columns' gutter, reaching into both; column two
    # opens level with column one on a short line ending the paragraph run on from column one
    left = column(40, 700, 12, COLUMN_ONE * 2)[:5]
    right = [Text(158, 700, "牌新型婴儿奶粉", 9), *column(158, 687, 12, COLUMN_TWO)]
    byline = Text(144, 714, "政文", 9)
    items = [Text(40, 730, LEFT_TITLE, 16), byline, *left, *right]
    layout = analyse_page(first_page(write_pdf(tmp_path / "gutter_byline.pdf", [items])))
    block_of = {line.text: block for block in layout.blocks for line in block.lines}
    assert byline.x < 40 + 12 * 9 < 158 < byline.x + 2 * 9
    assert [line.text for line in block_of["政文"].lines] == ["政文"]
    assert block_of["牌新型婴儿奶粉"] is block_of[right[1].text]
    raw = only_document(write_pdf(tmp_path / "gutter_byline_doc.pdf", [items])).raw.replace("\n", "")
    assert left[-1].text + "牌新型婴儿奶粉" in raw


def test_a_name_line_set_a_little_apart_over_its_column_keeps_out_of_the_column_text(tmp_path):
    # the writer's name stands 1.07 lines over the column; the column runs on the page's grid
    items = [Text(40, 730, LEFT_TITLE, 16), Text(40, 700 + 13 * 1.07, "本报记者祝谦", 9)]
    items += [Text(58, 700, "１９９７年１２月３１日", 9), *column(40, 687, 12, "夜，" + COLUMN_ONE * 2)]
    layout = analyse_page(first_page(write_pdf(tmp_path / "name_line.pdf", [items])))
    block_of = {line.text: block for block in layout.blocks for line in block.lines}
    assert [line.text for line in block_of["本报记者祝谦"].lines] == ["本报记者祝谦"]
    assert block_of["１９９７年１２月３１日"] is block_of[items[3].text]


def test_a_byline_set_across_the_rule_between_two_columns_under_the_headline_is_read_first(tmp_path):
    # four narrow ruled columns under a centred headline; the byline, centred on the headline's
    # axis and wider than a column, starts in the second column and runs on across the rule
    body = (COLUMN_ONE + COLUMN_TWO) * 2
    xs = [40, 121, 202, 283]
    byline = Text(130, 700 + 16, "□ 特约评论员 王燕华", 9)
    items = [Text(96, 740, LEAD_TITLE[:10], 16), byline, *split_columns(xs, 700, 7, body)]
    items += [Rule(x - 9, 300, x - 9, 712) for x in xs[1:]]
    raw = only_document(write_pdf(tmp_path / "ruled_byline.pdf", [items])).raw
    assert 121 < byline.x < 121 + 63 < byline.x + 9 * 9
    assert raw.index(byline.text) < raw.index(body[:4])
    assert body in raw.replace("\n", "")


def test_a_column_under_a_photos_caption_level_with_a_headline_beside_it_is_that_storys_start(tmp_path):
    # a story's headline over its photo; under the caption a new row of stories: the middle
    # column starts level with the headline set over the right column, one gutter left of it,
    # and breaks off mid-sentence: that story begins beside its headline
    begun = (COLUMN_ONE * 2)[:58]
    items = [Text(40, 740, LEFT_TITLE, 16), Picture(40, 560, 400, 720), Text(40, 548, CAPTION, 8)]
    items += [*column(166, 530, 12, begun), Text(292, 530, RIGHT_TITLE, 14), *column(292, 510, 12, COLUMN_TWO)]
    layout = analyse_page(first_page(write_pdf(tmp_path / "under_photo.pdf", [items])))
    module_of = {block.text()[:4]: block.module for block in layout.blocks}
    assert not begun.endswith(SENTENCE_ENDS)
    assert module_of[begun[:4]] == module_of[RIGHT_TITLE[:4]] != module_of[LEFT_TITLE[:4]]


def test_a_mark_set_a_hair_into_the_next_character_at_a_paragraphs_indent_does_not_cut_the_line(tmp_path):
    # short paragraphs opening indented 2 em; a line set a little tight has its `、` run 0.2
    # points into the character standing where the indented lines start: text runs through
    # that place in the rows around, so it is an indent, not a column's edge
    paragraph = "苏丹政府努力消除障碍，大力复兴经济。"
    lines = column(40, 700, 12, "\n".join([paragraph] * 8))
    tight = [Text(40, lines[5].y, "济、", 9), Text(40 + 2 * 9 - 0.2, lines[5].y, "恢复农业以求自给争", 9)]
    lines[5:6] = tight
    texts = [line.text for line in build_lines(first_page(write_pdf(tmp_path / "indent.pdf", [lines])))]
    assert lines[4].x == lines[7].x == 40 + 2 * 9
    assert "济、恢复农业以求自给争" in texts


def test_a_column_closed_by_a_tail_byline_does_not_run_on_into_the_column_beside_it(tmp_path):
    # two stories without headline side by side, starting level; the first column's last line
    # is full and ends a sentence, its writer's name in brackets set flush right under it; the
    # second column opens a paragraph: the byline closed the first story
    first = column(40, 700, 12, (COLUMN_ONE * 3)[:93] + "。")
    byline = Text(40 + 12 * 9 - 5 * 9, first[-1].y - 13, "（彭珮云）", 9)
    second = column(166, 700, 12, COLUMN_TWO * 2)
    below = [Text(40, 560, RIGHT_TITLE, 14), *column(40, 540, 12, RIGHT_BODY)]
    layout = analyse_page(first_page(write_pdf(tmp_path / "tail.pdf", [[*first, byline, *second, *below]])))
    module_of = {block.text()[:4]: block.module for block in layout.blocks}
    assert len(first[-1].text) == 12 and first[-1].text.endswith("。")
    assert module_of[first[0].text[:4]] == module_of["（彭珮云"] != module_of[second[0].text[:4]]


def test_a_mark_hung_into_the_next_columns_first_letter_in_a_two_row_strip_ends_its_line(tmp_path):
    # a story set in a strip two rows deep over two columns a 0.95 em gutter apart; in the first
    # row a serial comma hangs past the column's end, its cell running 0.4 points into the next
    # column's first letter; the second row shows the gutter at the same place
    gutter = 0.95 * 9
    second_x = 40 + 12 * 9 + gutter
    hung = Text(40, 700, "去年底安徽省把个体私营经、", 9, char_space=(gutter + 0.4 - 9) / 12)
    rows = [hung, Text(40, 687, "省委六届七次全会计划工作", 9)]
    rows += [Text(second_x, 700, "会议四个会套在一起开省委", 9), Text(second_x, 687, "记卢荣景省长回良玉强调大", 9)]
    texts = [line.text for line in build_lines(first_page(write_pdf(tmp_path / "strip.pdf", [rows])))]
    assert sorted(texts) == sorted(row.text for row in rows)
