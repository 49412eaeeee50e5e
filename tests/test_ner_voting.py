"""The document vote: one label per name, careful propagation, bylines and datelines as evidence."""

from __future__ import annotations

from pipeline.ner.voting import ArticleMentions, VoteSettings, common_short_words, dateline_place, vote
from pipeline.types import Token


def words_of(text: str, *pieces: str) -> list[Token]:
    """Tokens for `pieces` laid end to end over `text` (their concatenation must be the text)."""
    assert "".join(pieces) == text
    tokens, cursor = [], 0
    for piece in pieces:
        tokens.append(Token(piece, cursor, cursor + len(piece), "n"))
        cursor += len(piece)
    return tokens


def found(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[str, str]]:
    return [(text[start:end], label) for start, end, label in spans]


def test_a_name_gets_the_label_most_of_its_confident_mentions_give_in_the_whole_document() -> None:
    first = "林芝市召开会议，林芝各界参加。"
    second = "林芝的旅游收入增长。"
    articles = [
        ArticleMentions(
            first,
            words_of(first, "林芝市", "召开", "会议", "，", "林芝", "各界", "参加", "。"),
            [(0, 3, "LOC", 0.95), (8, 10, "LOC", 0.9)],
        ),
        ArticleMentions(second, words_of(second, "林芝", "的", "旅游", "收入", "增长", "。"), [(0, 2, "ORG", 0.6)]),
    ]
    voted = vote(articles)
    assert found(second, voted[1]) == [("林芝", "LOC")]
    assert found(first, voted[0]) == [("林芝市", "LOC"), ("林芝", "LOC")]


def test_a_confident_name_is_marked_where_missed_but_only_on_word_boundaries() -> None:
    text = "许四连带头致富。村民都说许四连能干，许四连续三年获奖不算。"
    words = words_of(
        text,
        "许四连",
        "带头",
        "致富",
        "。",
        "村民",
        "都",
        "说",
        "许四连",
        "能干",
        "，",
        "许四",
        "连续",
        "三年",
        "获奖",
        "不",
        "算",
        "。",
    )
    voted = vote([ArticleMentions(text, words, [(0, 3, "PER", 0.97)])])
    assert found(text, voted[0]) == [("许四连", "PER"), ("许四连", "PER")]


def test_an_unsure_name_is_not_propagated() -> None:
    text = "高扬带队。高扬的旗帜。"
    words = words_of(text, "高扬", "带队", "。", "高扬", "的", "旗帜", "。")
    voted = vote([ArticleMentions(text, words, [(0, 2, "PER", 0.55)])], VoteSettings(propagate_confidence=0.9))
    assert found(text, voted[0]) == [("高扬", "PER")]


def test_two_character_common_words_are_never_propagated_however_confident() -> None:
    assert "幸福" in common_short_words() and "格桑" not in common_short_words()
    text = "幸福村的村民过上了幸福生活。"
    words = words_of(text, "幸福", "村", "的", "村民", "过上", "了", "幸福", "生活", "。")
    voted = vote([ArticleMentions(text, words, [(0, 2, "LOC", 0.99)])])
    assert found(text, voted[0]) == [("幸福", "LOC")]


def test_byline_names_are_evidence_for_persons_in_the_text() -> None:
    text = "记者王艳在现场看到，王艳采访了村民。"
    words = words_of(text, "记者", "王艳", "在", "现场", "看到", "，", "王艳", "采访", "了", "村民", "。")
    voted = vote([ArticleMentions(text, words, [(2, 4, "LOC", 0.5)], authors=["王艳"])])
    assert found(text, voted[0]) == [("王艳", "PER"), ("王艳", "PER")]


def test_the_dateline_names_a_place() -> None:
    assert dateline_place("新华社西宁10月21日电") == "西宁"
    assert dateline_place("新华社北京１月２日电") == "北京"
    assert dateline_place(None) is None
    text = "西宁市民积极参与，西宁的街道整洁。"
    words = words_of(text, "西宁", "市民", "积极", "参与", "，", "西宁", "的", "街道", "整洁", "。")
    voted = vote([ArticleMentions(text, words, [], dateline="新华社西宁10月21日电")])
    assert found(text, voted[0]) == [("西宁", "LOC"), ("西宁", "LOC")]


def test_names_the_user_fixed_keep_their_label_against_the_vote() -> None:
    text = "汾酒集团发布公告。汾酒集团增长。"
    words = words_of(text, "汾酒", "集团", "发布", "公告", "。", "汾酒", "集团", "增长", "。")
    spans = [(0, 4, "LOC", 0.9), (9, 13, "LOC", 0.9)]
    voted = vote([ArticleMentions(text, words, spans)], fixed={"汾酒集团": "ORG"})
    assert found(text, voted[0]) == [("汾酒集团", "ORG"), ("汾酒集团", "ORG")]
