from hypothesis import given
from hypothesis import strategies as st

from pipeline.types import Document, OffsetMap


def test_crlf_becomes_lf_and_offsets_point_into_the_decoded_raw_text():
    raw = "本报讯 近日，城北街道办\r\n举办迎新年健步走活动。\r\n"
    doc = Document.from_raw("d", raw, "d.txt")
    assert "\r" not in doc.text
    assert doc.text == "本报讯 近日，城北街道办\n举办迎新年健步走活动。\n"
    assert [raw[doc.offsets.raw_index(i)] for i in range(len(doc.text))] == list(doc.text)
    start = doc.text.index("举办")
    assert raw[slice(*doc.offsets.raw_span(start, start + 2))] == "举办"


def test_raw_span_covers_characters_moved_together():
    positions = OffsetMap([0, 1, 5, 6])
    assert positions.raw_span(1, 3) == (1, 6)
    assert positions.raw_span(2, 2) == (5, 5)


@given(st.lists(st.integers(min_value=0, max_value=10_000), max_size=50), st.data())
def test_compose_maps_through_both_layers(outer_positions, data):
    outer = OffsetMap(outer_positions)
    inner_positions = data.draw(st.lists(st.integers(0, max(len(outer_positions) - 1, 0)), max_size=30))
    if not outer_positions:
        inner_positions = []
    composed = outer.compose(OffsetMap(inner_positions))
    assert [composed.raw_index(i) for i in range(len(composed))] == [outer_positions[i] for i in inner_positions]


def test_whole_document_becomes_one_article_without_a_segmentation_stage():
    doc = Document.from_raw("d", "新增义务教育学位6600个。", "d.txt")
    (article,) = doc.ensure_articles()
    assert article.text == doc.text
    assert article.source_span() == (0, len(doc.raw))
