"""Segmentation on cleaned text built from the seed pages (quoted below), and on the real seeds."""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import json
import re
from array import array
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.stages.cleanup import Cleanup, CleanupOptions
from pipeline.stages.segment import Segment, SegmentOptions
from pipeline.types import Article, Document, Geometry, Layout, Marker, OffsetMap, PrintedLine
from pipeline.typography import printed_widths

ROOT = Path(__file__).resolve().parent.parent
_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])[ \t]+|[ \t]+(?=[{_CJK}])")
_JUMP = re.compile(r"^（上接第?\S+版）$")


def page(*blocks: str) -> Document:
    """A document as cleanup hands it over, from printed blocks of a seed page.

    Each block is one paragraph as printed (its raw lines joined with `\\n`; a headline, deck or
    author line is a block of its own, as cleanup keeps them); the raw text separates blocks
    with a blank line like the seeds. Cleaned text drops the line breaks
    inside a block and the spaces next to Chinese characters, keeping a raw offset for every
    character; a `（上接1版）` block becomes a continuation marker and a block starting with a
    space opens a new page, as in the seeds.
    """
    raw_parts: list[str] = []
    chars: list[str] = []
    positions = array("q")
    markers: list[Marker] = []
    at = 0
    for number, block in enumerate(blocks):
        if number:
            raw_parts.append("\n\n")
            at += 2
        raw_parts.append(block)
        if number and block.startswith(" "):
            markers.append(Marker("page_break", "", len(chars), at, at))
        if _JUMP.match(block.strip()):
            markers.append(Marker("continuation", block.strip(), len(chars), at, at + len(block)))
            at += len(block)
            continue
        if chars:
            chars.append("\n")
            positions.append(at - 2)
        kept = set(range(len(block))) - {i for m in _SPACE_NEAR_CJK.finditer(block) for i in range(*m.span())}
        for index, char in enumerate(block):
            if index in kept and char != "\n" and not (char == " " and index == 0):
                chars.append(char)
                positions.append(at + index)
        at += len(block)
    raw = "".join(raw_parts)
    doc = Document("page", raw, "page.txt", "".join(chars), OffsetMap(positions), markers=markers)
    doc.layout = printed_layout(doc)
    return doc


def printed_layout(doc: Document) -> Layout:
    """The printed lines behind a hand-cleaned page: each raw line, its width, its dropped spaces."""
    positions = list(doc.offsets.positions())
    kept = [index for index, char in enumerate(doc.text) if char != "\n"]
    gaps = {
        right
        for left, right in itertools.pairwise(kept)
        if any(char in " \t" for char in doc.raw[positions[left] + 1 : positions[right]])
    }
    lines = []
    line_start = 0
    for line in doc.raw.split("\n"):
        line_end = line_start + len(line)
        if line.strip() and bisect.bisect_left(positions, line_start) < bisect.bisect_left(positions, line_end):
            start, end = bisect.bisect_left(positions, line_start), bisect.bisect_left(positions, line_end)
            width = float(printed_widths([line.strip()])[0])
            removed = tuple(sorted(gap for gap in gaps if start <= gap < end))
            lines.append(PrintedLine(line_start, line_end, width, start=start, end=end, removed_spaces=removed))
        line_start = line_end + 1
    return Layout(lines=lines)


@pytest.fixture(scope="module")
def segment() -> Segment:
    return Segment(SegmentOptions())


def run(segment: Segment, doc: Document) -> list[Article]:
    segment.process(doc)
    return doc.articles


def test_headlines_printed_at_the_end_of_the_page_go_to_the_bodies_that_share_their_names(segment):
    articles = run(
        segment,
        page(
            "本报讯 近日，城北街道办，东泰\n能源集团、金晖煤业联合工会在吕梁\n如意湖公园举办迎新年健步走活动。",
            "（王艳）",
            (
                "本报讯 2020 年 12 月 31 日，离石\n"
                "一中和朝阳小学举行深度合作签约仪\n"
                "式。双方就“零学困”教育工作开展长\n"
                "期的合作。"
            ),
            "（吴夏峰 张晋晋）",
            "本报讯 近日，离石区统一战线同\n心书画院举行成立揭牌仪式暨首届书\n画作品展。",
            "（王燕华）",
            "离石区统一战线同心书画院举行",
            "成立揭牌仪式暨首届书画作品展",
            "城北街道开展“迎新年”健步走活动",
            "离石一中和朝阳小学举行",
            "深度合作签约仪式",
        ),
    )
    assert [(a.title, a.authors) for a in articles] == [
        ("城北街道开展“迎新年”健步走活动", ["王艳"]),
        ("离石一中和朝阳小学举行深度合作签约仪式", ["吴夏峰", "张晋晋"]),
        ("离石区统一战线同心书画院举行成立揭牌仪式暨首届书画作品展", ["王燕华"]),
    ]
    assert articles[0].text.startswith("近日，城北街道办，东泰能源集团")
    assert "start:benbaoxun" in articles[1].cues
    assert "end:byline" in articles[1].cues
    assert any(cue.startswith("title:displaced-matched") for cue in articles[1].cues)


def test_a_deck_and_an_author_line_stay_with_their_headline(segment):
    articles = run(
        segment,
        page(
            "曾经的离石区农业农村贫穷落后、\n状况堪忧。产业扶贫取得重大进展和显著成效。",
            "产 业 扶 贫 是 稳 定 脱 贫 的 根 本 之\n策。自扶贫工作开展以来，离石区结合\n实际，壮大特色产业。",
            "（王晶晶）",
            "装备完善的实验室、标准化的体育\n场、拔地而起的教学楼……近年来，离石\n区每一所学校都焕然一新。",
            "回眸近年来离石区教育事业的\n发展轨迹，有太多的精彩使人感到欣慰。",
            "栉风沐雨砥砺前行",
            "——离石区教育发展工作综述",
            "□ 王燕华",
            "产业扶贫结硕果",
            "——离石区产业助力脱贫攻坚工作综述",
            "□ 刘一荪",
        ),
    )
    assert [(a.title, a.subtitle, a.authors) for a in articles] == [
        ("产业扶贫结硕果", "——离石区产业助力脱贫攻坚工作综述", ["刘一荪", "王晶晶"]),
        ("栉风沐雨砥砺前行", "——离石区教育发展工作综述", ["王燕华"]),
    ]


def test_a_jump_head_goes_to_the_continued_body_it_names_not_to_the_one_below_it(segment):
    articles = run(
        segment,
        page(
            " 顽强拼搏 真抓实干 奋力谱写中国式现代化吕梁新篇章",
            "（上接1版）",
            "习近平总书记在中共中央政治局常委、\n全国政协主席王沪宁陪同下，健步走上主席台。",
            "王沪宁向西藏自治区赠送习近平总书\n记题词“共建中华民族共同体 书写美丽西藏新篇章”的贺匾。",
            "新华社拉萨8月23日电",
            "“共建中华民族共同体 书写美丽西藏新篇章”",
            "（上接1版）",
            (
                "全会号召，全市上下要顽强拼搏、真抓\n"
                "实干，加快建设美丽幸福吕梁，为奋力\n"
                "谱写三晋大地推进中国式现代化新篇章作\n"
                "出吕梁贡献！"
            ),
        ),
    )
    assert [(a.title, a.dateline, a.meta.get("continued_from")) for a in articles] == [
        ("“共建中华民族共同体书写美丽西藏新篇章”", "新华社拉萨8月23日电", "1版"),
        ("顽强拼搏真抓实干奋力谱写中国式现代化吕梁新篇章", None, "1版"),
    ]
    assert "start:continuation" in articles[1].cues


def test_a_section_head_opens_an_article_even_without_a_byline_above(segment):
    articles = run(
        segment,
        page(
            "以高质量党建引领教育事业高质量发展",
            "——全市教育系统抓基层党建工作述职评议会议召开",
            "2月5日,市教育系统抓基层党建工作述职评议会议召开。会议深入学习贯彻习近平总书记关于党的建设的重要思想。",
            "汾阳:",
            "聚焦高质量发展 锻造新时代教师队伍",
            "近日,一场以“面向未来,构建教育高质量发展新生态”为主题的教育高质量发展专题讲座在汾阳市第五高级中学举行。",
        ),
    )
    assert [(a.title, a.subtitle) for a in articles] == [
        ("以高质量党建引领教育事业高质量发展", "——全市教育系统抓基层党建工作述职评议会议召开"),
        ("聚焦高质量发展锻造新时代教师队伍", "汾阳:"),
    ]
    assert articles[1].text.startswith("近日,一场以")


def test_subheads_inside_an_article_stay_in_its_body(segment):
    articles = run(
        segment,
        page(
            "教育是最大的民生工程。教育兴则\n离石兴，教育强则离石强。",
            "“筑基织网”：",
            "抓基础破难题，全区教育教学\n质量稳步提升",
            "桃李不言，下自成蹊。这几年，在离石\n区城乡一座座崭新的现代化教学楼拔地而\n起。",
            "2.1强化融合意识，树立正确观念",
            "国有企业要加强对管理人员和员工的思想教育。",
            "凝心聚力 高质量推进各项任务\n落实落地",
            "全会号召，全市上下要顽强拼搏、真抓\n实干。",
        ),
    )
    assert len(articles) == 1
    paragraphs = articles[0].text.split("\n")
    assert "“筑基织网”：" in paragraphs
    assert "抓基础破难题，全区教育教学质量稳步提升" in paragraphs
    assert "2.1强化融合意识，树立正确观念" in paragraphs
    assert "凝心聚力高质量推进各项任务落实落地" in paragraphs
    assert articles[0].title is None


def test_two_articles_run_together_are_split_where_their_displaced_headlines_part(segment):
    articles = run(
        segment,
        page(
            (
                "汾阳杏花村经济技术开发区成立两年来，不\n"
                "断加强党的建设，2019 年主要产品白酒产量 15.44\n"
                "万千升，同比增长 13.2%。开发区各项指标进入全省第一方阵。"
            ),
            "一、加强党建，以“党建+”模式开拓工\n作新局面",
            (
                "汾阳杏花村开发区积极加强党组织建设，形成\n"
                "“市委-党工委-党支部”一体化组织形式，以“党建+”模式践行“四为四高两同步”。"
            ),
            (
                "总之，汾阳杏花村经济技术开发区定位目标\n"
                "就是以白酒及其相关产业为主，努力践行“四为四高两同步”总体\n"
                "思路，开发区正在向着全省一流目标迈进。"
            ),
            (
                "教育是国之大计、党之大计。近年来，吕梁市教育学院坚持把服务全市基础教育\n"
                "作为全部工作的重要任务来抓，牵线英杰中学、交口县第三中学（以\n"
                "下简称交口三中）教育“联姻”。"
            ),
            "一、现实与背景",
            (
                "交口县曾经是省定贫困县，全县教育事业长期\n"
                "相对滞后。吕梁教育学院与交口三中结对帮扶，交口三中教学质量快速提升。"
            ),
            (
                "（一） 提高政治站位是确保帮扶合作有效开\n"
                "展的根本保障。吕梁教育学院与交口三中的帮扶合作为我们提供了有益启示。 （执笔整理：吕梁\n"
                "市委政研室 白庆春 王肇星 王瑶）"
            ),
            "用教育帮扶托起明天的希望",
            "——吕梁教育学院与交口三中帮扶合作的调查与思考",
            "践行“四为四高两同步”打造全省一流开发区",
            "□ 汾阳杏花村经济技术开发区党工委书记、管委会主任 吴晓东",
        ),
    )
    assert [(a.title, a.authors) for a in articles] == [
        ("践行“四为四高两同步”打造全省一流开发区", ["吴晓东"]),
        ("用教育帮扶托起明天的希望", ["白庆春", "王肇星", "王瑶"]),
    ]
    assert articles[0].text.endswith("开发区正在向着全省一流目标迈进。")
    assert articles[1].text.startswith("教育是国之大计")
    assert articles[1].text.endswith("提供了有益启示。")
    assert "start:content-split" in articles[1].cues


def test_photo_captions_become_caption_records_with_the_photographer(segment):
    articles = run(
        segment,
        page(
            "我州不断完善安全生产治理体\n系、提高安全生产治理能力，扎实做\n好安全生产各项工作。",
            "秋日的早晨，河北省遵化市小厂乡云雾飘渺，\n晨光中的古长城、五彩斑斓的秋叶，交相辉映，壮\n美如画。",
            "图为 10 月 21 日在河北省遵化市小厂乡拍摄的\n古长城晨景。 （新华社发 刘满仓 摄）",
            "秋晨长城美如画",
            "西属巴街道养驴场。 刘和平 摄",
        ),
    )
    assert [(a.kind, a.title, a.authors) for a in articles] == [
        ("article", None, []),
        ("caption", "秋晨长城美如画", ["刘满仓"]),
        ("caption", None, ["刘和平"]),
    ]
    assert articles[1].text == (
        "秋日的早晨，河北省遵化市小厂乡云雾飘渺，晨光中的古长城、五彩斑斓的秋叶，交相辉映，壮美如画。\n"
        "图为10月21日在河北省遵化市小厂乡拍摄的古长城晨景。"
    )
    assert articles[2].text == "西属巴街道养驴场。"


def test_a_caption_title_above_a_wider_caption_is_not_read_as_a_subhead(segment):
    articles = run(
        segment,
        page(
            "我州不断完善安全生产治理体\n系、提高安全生产治理能力，扎实做\n好安全生产各项工作，切实保障了人\n民群众的生命财产安全。",
            "秋晨长城美如画",
            "秋日的早晨，河北省遵化市小厂乡云雾飘渺，\n晨光中的古长城、五彩斑斓的秋叶，交相辉映，壮\n美如画。",
            "图为 10 月 21 日在河北省遵化市小厂乡拍摄的\n古长城晨景。 （新华社发 刘满仓 摄）",
        ),
    )
    assert [(a.kind, a.title) for a in articles] == [("article", None), ("caption", "秋晨长城美如画")]
    assert articles[0].text.endswith("民群众的生命财产安全。")


def test_agency_datelines_and_affiliations_close_an_article(segment):
    articles = run(
        segment,
        page(
            "2010 年以来，上海、北京等省\n市不断深化教育援青工作，让高原牧区的孩子\n绽放更加绚烂多彩的梦想。",
            "（新华社西宁10月21日电）",
            "党建引领下国有企业思想政治工作与生产经营的融合，是企业\n实现高质量发展的必然选择。",
            "（作者单位：山西焦煤山煤国际庄子河煤业有限公司）",
        ),
    )
    assert [(a.dateline, a.meta) for a in articles] == [
        ("新华社西宁10月21日电", {}),
        (None, {"affiliation": "山西焦煤山煤国际庄子河煤业有限公司"}),
    ]
    assert "end:dateline" in articles[0].cues
    assert "end:affiliation" in articles[1].cues


def test_jump_lines_record_where_an_article_goes_on_and_where_it_came_from(segment):
    articles = run(
        segment,
        page(
            "全会号召，全市上下要顽强拼搏、真抓\n实干，加快建设美丽幸福吕梁。",
            "（下转2版）",
            "（上接第一版）",
            "强化安全宣传教育。通过线上线\n下相结合和群众喜闻乐见的形式组\n织开展各具特色的主题活动。",
        ),
    )
    assert [a.meta for a in articles] == [{"continued_to": "2版"}, {"continued_from": "第一版"}]
    assert "end:jump" in articles[0].cues
    assert "start:continuation" in articles[1].cues


def test_a_headline_above_an_opening_dateline_still_heads_the_body_below(segment):
    articles = run(
        segment,
        page(
            "栉风沐雨砥砺前行",
            "新华社北京10月21日电",
            "产业工人是工人阶级的主体力\n量，是创造社会财富的中坚力量。",
        ),
    )
    assert [(a.title, a.dateline) for a in articles] == [("栉风沐雨砥砺前行", "新华社北京10月21日电")]
    assert any(cue.startswith("title:adjacent(") for cue in articles[0].cues)


def test_a_document_title_keeps_its_issuer_line_and_its_date_line(segment):
    articles = run(
        segment,
        page(
            "产业工人是工人阶级的主体力\n量。为推动产业工人队伍建设改革走深走实，现提出如\n下意见。",
            "（新华社北京10月21日电）",
            "中共中央 国务院",
            "关于深化产业工人队伍建设改革的意见",
            "（2024年10月12日）",
        ),
    )
    assert [(a.title, a.subtitle, a.dateline) for a in articles] == [
        ("中共中央国务院关于深化产业工人队伍建设改革的意见", "（2024年10月12日）", "新华社北京10月21日电"),
    ]


def test_a_headline_with_no_body_on_the_page_is_kept_as_other(segment):
    articles = run(
        segment,
        page(
            "本报讯 近日，吴城镇党委召开中\n心理论组学习会议，集中学习了《论党\n的宣传思想工作》。",
            "（王艳）",
            "城北街道开展“迎新年”健步走活动",
        ),
    )
    assert [(a.kind, a.title) for a in articles] == [("article", None), ("other", "城北街道开展“迎新年”健步走活动")]
    assert articles[1].cues == ["title:no-body-on-page"]


def test_article_text_maps_back_to_the_raw_characters(segment):
    doc = page(
        "本报讯 近日，城北街道办，东泰\n能源集团、金晖煤业联合工会在吕梁\n如意湖公园举办迎新年健步走活动。",
        "活动现场，尽管天气寒冷，但是丝\n毫没有降低现场的火热气氛。",
        "（王艳）",
    )
    (article,) = run(segment, doc)
    assert len(article.offsets) == len(article.text)
    for index, char in enumerate(article.text):
        raw_char = doc.raw[article.offsets.raw_index(index)]
        assert raw_char == char or (char == "\n" and raw_char == "\n")
    assert doc.raw[slice(*article.source_span())].startswith("近日")


def test_a_line_break_between_parted_paragraphs_maps_to_a_raw_line_break(segment):
    # A headline line and a dateline joined into one paragraph are parted at the printed line;
    # with no body paragraph the document is one article, and its `\n` maps to the raw break.
    doc = page("离石区统一战线同心书画院举行\n新华社拉萨8月23日电")
    (article,) = run(segment, doc)
    assert article.text == "离石区统一战线同心书画院举行\n新华社拉萨8月23日电"
    assert [doc.raw[article.offsets.raw_index(i)] for i in range(len(article.text))] == list(article.text)


def test_text_without_cues_is_one_article(segment):
    plain = "今天，城北街道开展了健步走活动，150余人参加。大家纷纷表示收获很大。"
    (article,) = run(segment, Document.from_raw("plain", plain, "plain.txt"))
    assert (article.kind, article.title, article.text) == ("article", None, plain)
    (sentence,) = run(segment, Document.from_raw("s2", "城北街道开展健步走活动", "s.jsonl:2"))
    assert sentence.text == "城北街道开展健步走活动"
    (trailing,) = run(segment, Document.from_raw("t", "城北街道开展健步走活动\n\n", "t.txt"))
    assert trailing.text == "城北街道开展健步走活动"


def _seed_articles(name: str, segment: Segment) -> list[Article]:
    path = ROOT / "seeds" / f"{name}.txt"
    doc = Document.from_raw(name, path.read_text(encoding="utf-8"), str(path))
    Cleanup(CleanupOptions()).process(doc)
    return run(segment, doc)


def _gold(name: str) -> list[dict]:
    lines = (ROOT / "gold" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_every_article_of_seed_004_carries_its_own_headline(segment):
    name = "004_40259cb2cda64e73"
    fields = ("kind", "title", "subtitle", "authors")
    predicted = [(*(getattr(a, f) for f in fields), a.text[:20]) for a in _seed_articles(name, segment)]
    assert predicted == [(*(g[f] for f in fields), g["text"][:20]) for g in _gold(name)]


def test_reporter_lines_and_a_lead_on_its_own_line_give_authors_not_title_text(segment):
    articles = run(
        segment,
        page(
            "离石一中和朝阳小学举行深度合作签约仪式",
            "本报记者 吴夏峰 通讯员 张晋晋",
            "本报讯（记者 王艳）",
            "“零学困”教育教学模式是切合当\n下离石基础教育阶段转型发展的一种\n模式。",
            "（来源：离石区融媒体中心）",
        ),
    )
    (article,) = articles
    assert (article.title, article.authors) == ("离石一中和朝阳小学举行深度合作签约仪式", ["吴夏峰", "张晋晋", "王艳"])
    assert article.text == "“零学困”教育教学模式是切合当下离石基础教育阶段转型发展的一种模式。"
    assert article.meta == {"source": "离石区融媒体中心"}


def test_a_sentence_that_starts_with_a_reporter_word_is_body_text_not_a_reporter_line(segment):
    # `记者看到，…` reads on as a sentence; a reporter line holds role words and names only.
    articles = run(
        segment,
        page(
            "本报讯 近日，城北街道办，东泰\n能源集团、金晖煤业联合工会在吕梁\n如意湖公园举办迎新年健步走活动。",
            "记者看到，活动现场尽管天气寒冷，但",
            "丝毫没有降低现场的火热气氛。",
            "（王艳）",
        ),
    )
    assert [(a.title, a.authors) for a in articles] == [(None, ["王艳"])]
    assert articles[0].text.split("\n")[1] == "记者看到，活动现场尽管天气寒冷，但"


def test_a_two_character_name_padded_with_a_space_is_one_name(segment):
    # Typesetters pad a two-character name (`郝 峰`) to line it up with three-character ones.
    articles = run(
        segment,
        page(
            "本报记者 郝 峰 通讯员 张晋晋",
            "本报讯 近日，城北街道办，东泰\n能源集团、金晖煤业联合工会在吕梁\n如意湖公园举办迎新年健步走活动。",
            "（王 艳 吴夏峰）",
        ),
    )
    assert [a.authors for a in articles] == [["郝峰", "张晋晋", "王艳", "吴夏峰"]]


def test_lines_of_a_wrapped_column_with_commas_are_body_text_not_headlines(segment):
    # Each printed line of the column is its own paragraph, as for a page taken one line per paragraph.
    articles = run(
        segment,
        page(
            "城北街道开展“迎新年”健步走活动",
            "活动现场，尽管天气寒冷，但是丝",
            "毫没有降低现场的火热气氛。活动开",
            "始后，大家沿着既定路线，迈着矫健的",
            "步伐快步向前，大家一路相互加油鼓",
            "劲，最终全部顺利地走向终点。",
            "（王艳）",
        ),
    )
    assert [(a.kind, a.title) for a in articles] == [("article", "城北街道开展“迎新年”健步走活动")]
    assert articles[0].text.split("\n")[0] == "活动现场，尽管天气寒冷，但是丝"


def test_a_headline_with_a_comma_set_apart_from_the_column_stays_a_headline(segment):
    # Its two lines are nearly as wide, but the second holds no punctuation: a headline, not running text.
    articles = run(
        segment,
        page(
            "健步走迎新年，凝心又聚力",
            "城北街道职工尽显风采",
            "本报讯 近日，城北街道办，东泰\n能源集团、金晖煤业联合工会在吕梁\n如意湖公园举办迎新年健步走活动。",
            "（王艳）",
        ),
    )
    assert [a.title for a in articles] == ["健步走迎新年，凝心又聚力城北街道职工尽显风采"]


def test_two_headlines_joined_into_one_paragraph_part_at_the_printed_line_that_names_another_body(segment):
    articles = run(
        segment,
        page(
            "本报讯 近日，城北街道办，东泰\n能源集团、金晖煤业联合工会在吕梁\n如意湖公园举办迎新年健步走活动。",
            "（王艳）",
            (
                "本报讯 2020 年 12 月 31 日，离石\n一中和朝阳小学举行深度合作签约仪\n"
                "式。双方就“零学困”教育工作开展长\n期的合作。"
            ),
            "（吴夏峰 张晋晋）",
            "城北街道开展“迎新年”健步走活动\n离石一中和朝阳小学举行\n深度合作签约仪式",
        ),
    )
    assert [a.title for a in articles] == ["城北街道开展“迎新年”健步走活动", "离石一中和朝阳小学举行深度合作签约仪式"]


def test_headline_lines_joined_past_the_headline_length_are_still_headlines(segment):
    # Three printed headline lines, 44 characters joined: the length limit holds per printed line.
    articles = run(
        segment,
        page(
            "本报讯 近日，城北街道办，东泰\n能源集团、金晖煤业联合工会在吕梁\n如意湖公园举办迎新年健步走活动。",
            "（王艳）",
            "本报讯 近日，离石区统一战线同\n心书画院举行成立揭牌仪式暨首届书\n画作品展。",
            "（王燕华）",
            "离石区统一战线同心书画院举行\n成立揭牌仪式暨首届书画作品展\n城北街道开展“迎新年”健步走活动",
        ),
    )
    assert [a.title for a in articles] == [
        "城北街道开展“迎新年”健步走活动",
        "离石区统一战线同心书画院举行成立揭牌仪式暨首届书画作品展",
    ]


def test_a_headline_joined_to_the_lead_below_it_is_parted_at_the_printed_line_of_the_lead(segment):
    # `本报讯` only ever opens a paragraph, so the printed line above it is not part of the body.
    articles = run(
        segment,
        page(
            (
                "城北街道开展“迎新年”健步走活动\n"
                "本报讯 近日，城北街道办，东泰\n能源集团、金晖煤业联合工会在吕梁\n如意湖公园举办迎新年健步走活动。"
            ),
            "（王艳）",
        ),
    )
    assert [(a.title, a.authors) for a in articles] == [("城北街道开展“迎新年”健步走活动", ["王艳"])]
    assert articles[0].text.startswith("近日，城北街道办")


def test_cue_lines_joined_to_headline_lines_are_parted_at_their_printed_lines(segment):
    # A byline filling whole printed lines, a dateline alone on its line and a kicker over a title
    # stand apart from the headline lines next to them even when they reach segmentation joined;
    # the headline then heads the body printed under it.
    articles = run(
        segment,
        page(
            "党建引领下国有企业思想政治工作与生产经营的融合，是企业\n实现高质量发展的必然选择。",
            "（执笔整理：吕梁\n市委政研室 白庆春 王肇星 王瑶）\n用教育帮扶托起明天的希望",
            "王沪宁向西藏自治区赠送习近平总书\n记题词的贺匾。",
            "新华社拉萨8月23日电\n吴城镇\n集中学习《论党的宣传思想工作》",
            "本报讯 近日，吴城镇党委召开中\n心理论组学习会议，集中学习了《论党\n的宣传思想工作》。",
        ),
    )
    assert [(a.title, a.subtitle, a.authors, a.dateline) for a in articles] == [
        (None, None, ["白庆春", "王肇星", "王瑶"], None),
        ("用教育帮扶托起明天的希望", None, [], "新华社拉萨8月23日电"),
        ("集中学习《论党的宣传思想工作》", "吴城镇", [], None),
    ]


def test_a_cue_in_parentheses_split_over_two_paragraphs_is_one_byline(segment):
    blocks = (
        "加大对优秀教师的选树表彰力度，积极营造广大教师学习先\n进、争当先进的良好氛围。",
        "（执笔整理：吕梁",
        "市委政研室 白庆春 王肇星 王瑶）",
        "用教育帮扶托起明天的希望",
    )
    articles = run(segment, page(*blocks))
    assert [(a.kind, a.title, a.authors) for a in articles] == [
        ("article", None, ["白庆春", "王肇星", "王瑶"]),
        ("other", "用教育帮扶托起明天的希望", []),
    ]
    # Without the rule `whole_parenthesized_cues` the two halves are text, and the names are lost.
    halves = run(Segment(SegmentOptions(disable=["whole_parenthesized_cues"])), page(*blocks))
    assert all(not article.authors for article in halves)
    assert "end:byline" in articles[0].cues


def test_wire_copy_end_marks_and_editor_lines_are_kept_out_of_the_text(segment):
    # `（完）` ends wire copy; `本版编辑：` is page furniture like `责任编辑：`.
    articles = run(
        segment,
        page(
            "2010 年以来，上海、北京等省\n市不断深化教育援青工作。（完）",
            "■ 本报记者 王艳",
            "本报讯 近日，城北街道办，东泰\n能源集团、金晖煤业联合工会在吕梁\n如意湖公园举办迎新年健步走活动。",
            "（完）",
            "本版编辑：吴夏峰",
        ),
    )
    assert [(a.text, a.authors) for a in articles] == [
        ("2010年以来，上海、北京等省市不断深化教育援青工作。", []),
        ("近日，城北街道办，东泰能源集团、金晖煤业联合工会在吕梁如意湖公园举办迎新年健步走活动。", ["王艳"]),
    ]
    assert "end:end-mark" in articles[1].cues


def test_a_marked_paragraph_that_reads_as_a_sentence_is_not_an_author_line(segment):
    articles = run(
        segment,
        page(
            "本报讯 近日，城北街道办，东泰\n能源集团、金晖煤业联合工会在吕梁\n如意湖公园举办迎新年健步走活动。",
            "□ 城北街道全体会员、东泰能源集团、金晖煤业负责人共计 150 余人参加活动。",
            "（王艳）",
        ),
    )
    assert [a.authors for a in articles] == [["王艳"]]
    assert articles[0].text.endswith("□城北街道全体会员、东泰能源集团、金晖煤业负责人共计150余人参加活动。")


def test_a_deck_joined_to_the_next_headline_still_closes_its_own_headline(segment):
    articles = run(
        segment,
        page(
            (
                "汾阳杏花村经济技术开发区成立两年来，不\n"
                "断加强党的建设，努力践行“四为四高两同步”总体思路，开发区正在向着全省一流目标迈进。"
            ),
            "（吴晓东）",
            "教育是国之大计、党之大计。吕梁市教育学院牵线英杰中学、交口县第三中学教育“联姻”，开展帮扶合作。",
            "（执笔整理：吕梁市委政研室 白庆春 王肇星 王瑶）",
            "用教育帮扶托起明天的希望",
            "——吕梁教育学院与交口三中帮扶合作的调查与思考\n践行“四为四高两同步”打造全省一流开发区",
        ),
    )
    assert [(a.title, a.subtitle) for a in articles] == [
        ("践行“四为四高两同步”打造全省一流开发区", None),
        ("用教育帮扶托起明天的希望", "——吕梁教育学院与交口三中帮扶合作的调查与思考"),
    ]


def test_a_paper_s_own_dateline_opens_an_article_like_an_agency_one(segment):
    # `本报北京10月21日电` is issuer, place, date and 电 like `新华社西宁10月21日电`; `本报讯` is not a dateline.
    articles = run(
        segment,
        page(
            "本报北京10月21日电（记者 王艳） 2010 年以来，上海、北京等省\n市不断深化教育援青工作。",
            "本报讯 近日，城北街道办，东泰\n能源集团、金晖煤业联合工会在吕梁\n如意湖公园举办迎新年健步走活动。",
        ),
    )
    assert [(a.dateline, a.authors) for a in articles] == [("本报北京10月21日电", ["王艳"]), (None, [])]
    assert articles[0].text == "2010年以来，上海、北京等省市不断深化教育援青工作。"
    assert "start:dateline" in articles[0].cues


_SEED_LINES = [
    line
    for path in sorted((ROOT / "seeds").glob("*.txt"))
    for line in path.read_text(encoding="utf-8").splitlines()
    if line.strip()
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([*_SEED_LINES, ""]), min_size=1, max_size=30), st.booleans())
def test_any_mix_of_seed_lines_segments_into_records_that_map_to_raw(segment, lines, squeeze_spaces):
    text = "\n".join(lines)
    doc = Document.from_raw("mix", text.replace(" ", "") if squeeze_spaces else text, "mix.txt")
    articles = run(segment, doc)
    assert articles
    for article in articles:
        assert len(article.offsets) == len(article.text)
        assert all(doc.raw[article.offsets.raw_index(i)] == char for i, char in enumerate(article.text))


def test_a_name_printed_under_a_headline_without_a_role_word_is_its_author():
    body = "本报讯 去年年末，一幢幢新竣工的楼房拔地而起，居民拿到了钥匙。"
    doc = Document.from_raw("page", "南昌拆迁户喜迁新居\n余清楚\n\n" + body, "p")
    Cleanup(CleanupOptions()).process(doc)
    segment = Segment(SegmentOptions())
    segment.process(doc)
    (article,) = doc.articles
    assert (article.title, article.authors) == ("南昌拆迁户喜迁新居", ["余清楚"])


def test_a_name_alone_over_running_text_stays_a_headline():
    doc = Document.from_raw("page", "徐虎\n\n荣誉全国劳动模范，工作单位上海西部企业集团，退休后办学校，当老师。", "p")
    Cleanup(CleanupOptions()).process(doc)
    Segment(SegmentOptions()).process(doc)
    (article,) = doc.articles
    assert (article.title, article.authors) == ("徐虎", [])


def test_a_post_before_a_name_makes_an_author_line_and_chinese_numeral_datelines_are_datelines():
    body = "本报讯 近日，柳林镇新建的社区服务中心投入使用，居民办事更方便了。"
    raw = f"营造温馨舒适的家园\n柳林镇党委 吴亚明\n\n{body}\n\n（本报大连十二月三十一日电）"
    doc = Document.from_raw("page", raw, "p")
    Cleanup(CleanupOptions()).process(doc)
    Segment(SegmentOptions()).process(doc)
    (article,) = doc.articles
    assert (article.title, article.authors) == ("营造温馨舒适的家园", ["吴亚明"])
    assert article.dateline == "本报大连十二月三十一日电"


def test_the_bullet_before_a_briefs_title_is_not_part_of_the_title():
    body = "本报讯 郑州市日前开工建设日处理能力十万吨的污水处理厂。"
    doc = Document.from_raw("page", "▲郑州建大型污水处理厂\n\n" + body, "p")
    Cleanup(CleanupOptions()).process(doc)
    Segment(SegmentOptions()).process(doc)
    assert [article.title for article in doc.articles] == ["郑州建大型污水处理厂"]


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("本报记者 王锦鹄毛磊", ["王锦鹄", "毛磊"]),
        ("记者 刘澜涛何其芳", ["刘澜涛", "何其芳"]),
        ("本报记者 潘跃王萍", ["潘跃", "王萍"]),
    ],
)
def test_names_printed_without_a_space_are_cut_where_each_part_starts_with_a_surname(byline, authors):
    body = "本报讯 济南市公安局交警支队日前召开表彰大会，表彰一年来涌现的先进集体和个人。"
    doc = Document.from_raw("page", f"济南交警带头人\n{byline}\n\n{body}", "p")
    Cleanup(CleanupOptions()).process(doc)
    Segment(SegmentOptions()).process(doc)
    (article,) = doc.articles
    assert (article.title, article.authors) == ("济南交警带头人", authors)


def test_a_sentence_after_a_role_word_is_not_cut_into_names():
    body = "记者从商务部获悉，今年前11个月全国实际使用外资同比增长。"
    doc = Document.from_raw("page", f"外资稳中有进\n\n{body}", "p")
    Cleanup(CleanupOptions()).process(doc)
    Segment(SegmentOptions()).process(doc)
    (article,) = doc.articles
    assert (article.title, article.authors, article.text) == ("外资稳中有进", [], body)


def test_a_commentary_signed_by_the_papers_commentator_has_that_line_out_of_its_title():
    body = "做任何工作一定要从当地实际出发，这是一个老问题，也是一个新问题。"
    doc = Document.from_raw("page", f"论“从当地实\n\n际出发”\n本报评论员\n\n{body}", "p")
    Cleanup(CleanupOptions()).process(doc)
    Segment(SegmentOptions()).process(doc)
    (article,) = doc.articles
    assert (article.title, article.authors, article.text) == ("论“从当地实际出发”", [], body)


def cleaned_and_segmented(raw: str) -> Document:
    doc = Document.from_raw("page", raw, "page.txt")
    Cleanup(CleanupOptions()).process(doc)
    Segment(SegmentOptions()).process(doc)
    assert doc.failure is None
    return doc


def test_a_page_of_only_figures_and_punctuation_never_glues_two_figures_into_one():
    seed = (Path(__file__).resolve().parent.parent / "seeds" / "002_16a3edb67855dc3f.txt").read_text(encoding="utf-8")
    lines = (re.sub(r"[^0-9.,%:\-—]+", " ", line).strip() for line in seed.splitlines())
    raw = "\n".join(line for line in lines if line)  # the seed's figures, as a page of tables prints them
    figures = re.compile(r"\d+(?:\.\d+)?")
    printed = set(figures.findall(raw))
    doc = cleaned_and_segmented(raw)
    assert len(doc.articles) > 3
    for article in doc.articles:
        assert set(figures.findall(article.title or "")) <= printed, article.title
        assert set(figures.findall(article.text)) <= printed


def test_an_english_headline_keeps_the_spaces_between_its_words():
    raw = (
        "BEIJING, Jan. 2 -- The company said it would add 300 new\n"
        "jobs.\n"
        "Beijing is the capital of China, and the company plans to grow its\n"
        "workforce there over the next two years\n"
    )
    titles = [article.title for article in cleaned_and_segmented(raw).articles if article.title]
    assert titles and all("thereover" not in title for title in titles)
    assert "workforce there over the next two years" in titles


def test_a_dateline_and_a_reporter_line_each_on_a_line_of_its_own_open_the_article_below(segment):
    articles = run(
        segment,
        page(
            "香港特区政府宣布，明年将继续加\n大对公屋建设的投入。",
            "新华社香港1月3日电",
            "（记者 孙承斌）",
            "香港特区第一届立法会选举日期日益临\n近，各界人士积极参与选民登记。",
        ),
    )
    assert [(a.dateline, a.authors) for a in articles] == [(None, []), ("新华社香港1月3日电", ["孙承斌"])]
    assert articles[1].text.startswith("香港特区第一届立法会")


def _printed_as(doc: Document, roles: list[str]) -> Document:
    """The page as a PDF reader saw it: each printed line set in the type of its role."""
    assert doc.layout is not None and len(doc.layout.lines) == len(roles)
    doc.layout.lines = [
        dataclasses.replace(
            line, geometry=Geometry(page=0, bbox=(50.0, 700.0 - 20 * n, 300.0, 716.0 - 20 * n), role=role)
        )
        for n, (line, role) in enumerate(zip(doc.layout.lines, roles, strict=True))
    ]
    return doc


@pytest.mark.parametrize(
    ("writer_line", "authors"),
    [
        ("钟行", ["钟行"]),
        ("粒砂", ["粒砂"]),
        ("孝义市文联陈漓高", ["陈漓高"]),
        ("国家税务总局党组书记、副局长项怀诚", ["项怀诚"]),
        ("深圳机场集团公司 吴建飞", ["吴建飞"]),
        ("陶立华王力", ["陶立华", "王力"]),
        ("支林飞  戚德良", ["支林飞", "戚德良"]),
    ],
)
def test_a_line_in_body_type_under_a_headline_is_its_writer_not_title_text(segment, writer_line, authors):
    doc = page(
        "国商银行倒闭风波",
        writer_line,
        "1991年，国际商业信贷银行因亏损严重、有欺\n诈行为和涉嫌参与犯罪活动，被多国金融当局关闭。",
    )
    articles = run(segment, _printed_as(doc, ["headline", "body", "body", "body"]))
    assert [(a.title, a.authors) for a in articles] == [("国商银行倒闭风波", authors)]


def test_a_writer_with_posts_listed_by_enumeration_commas_is_named_only_with_listed_posts():
    def writers(disable: list[str]) -> list[tuple[str | None, list[str]]]:
        doc = page(
            "公平税负增强国力",
            "国家税务总局党组书记、副局长项怀诚",
            "今年，人民日报推出财税金融版，这是普及财税\n金融知识、增强全社会风险意识的一件大好事。",
        )
        articles = run(Segment(SegmentOptions(disable=disable)), _printed_as(doc, ["headline", "body", "body", "body"]))
        return [(a.title, a.authors) for a in articles]

    assert writers([]) == [("公平税负增强国力", ["项怀诚"])]
    assert writers(["listed_posts"]) == [("公平税负增强国力", [])]


def _articles_of(raw: str) -> list[Article]:
    doc = Document.from_raw("page", raw, "p")
    Cleanup(CleanupOptions()).process(doc)
    Segment(SegmentOptions()).process(doc)
    return doc.articles


def test_reporters_named_before_a_reporting_verb_in_the_lead_are_the_authors_not_text():
    raw = (
        "春运首日客流平稳\n\n本报北京1月10日讯 记者王立、吴平报道：记者从铁道部获\n悉，春运首日全国铁路发送"
        "旅客\n二百三十万人，客流平稳有序。\n\n本报广州1月10日讯 记者李刚 赵明报道：广州站今天\n加开临客十二对。"
    )
    articles = _articles_of(raw)
    assert [(a.authors, a.dateline) for a in articles] == [(["王立", "吴平"], None), (["李刚", "赵明"], None)]
    assert [a.text[:6] for a in articles] == ["记者从铁道部", "广州站今天加"]


def test_reporters_in_parentheses_opening_the_text_under_a_dateline_line_are_its_lead():
    raw = (
        "南昌拆迁户喜迁新居\n\n本报南昌1月4日电\n（记者 余清楚） 去年\n年末，在南昌市的\n居民区里，一幢幢\n"
        "新竣工的楼房拔地\n而起。\n\n本报讯 南京长江大\n桥铁路桥大修工程\n一月四日竣工。"
    )
    first, second = _articles_of(raw)
    assert (first.title, first.dateline, first.authors) == ("南昌拆迁户喜迁新居", "本报南昌1月4日电", ["余清楚"])
    assert first.text.startswith("去年年末，在南昌市")
    assert second.text.startswith("南京长江大桥")


def test_a_lead_whose_reporters_wrap_onto_a_line_starting_with_a_space_stays_one_paragraph():
    raw = (
        "本报成都1月3日电（记者\n 罗茂城  刘裕国）近两年，凡\n到成都做客的中外来宾无不赞\n叹：成都市容整洁有序。\n\n"
        "成都历史上是有名的商业\n文化城市。"
    )
    (article,) = _articles_of(raw)
    assert (article.dateline, article.authors) == ("本报成都1月3日电", ["罗茂城", "刘裕国"])
    assert article.text.startswith("近两年，凡到成都做客的")


def test_a_headline_printed_in_fake_bold_between_two_bodies_is_no_subhead():
    column_a = "成都历史上是有名的商业\n文化城市，一向因水而兴，\n因水而荣，两江环抱，带\n来勃勃生机。\n\n"
    column_b = "决议号召越共全党和全国\n人民努力奋斗，实现越共\n八大通过的发展目标，稳\n步迈向二十一世纪。\n"
    raw = column_a + "越越共共发发表表八八届届\n\n四四中中全全会会决决议议\n\n" + column_b
    doc = Document.from_raw("page", raw, "p")
    Cleanup(CleanupOptions()).process(doc)
    Segment(SegmentOptions()).process(doc)
    assert [a.title for a in doc.articles] == [None, "越共发表八届四中全会决议"]
    Segment(SegmentOptions(disable=["bold_heads"])).process(doc)
    assert [a.title for a in doc.articles] == [None]


@pytest.mark.parametrize(
    ("byline", "names", "rule"),
    [
        ("（荆轲龚自珍）", ["荆轲", "龚自珍"], "byline_name_runs"),
        ("（德鲁克何加正）", ["德鲁克", "何加正"], "byline_name_runs"),
        ("（戴高乐贝福荣座山雕）", ["戴高乐", "贝福荣", "座山雕"], "three_character_runs"),
        ("（雷洁琼曼德拉）", ["雷洁琼", "曼德拉"], "three_character_runs"),
    ],
)
def test_names_in_a_closing_byline_whatever_their_surnames_and_spacing(byline, names, rule):
    raw = f"本报讯 南京长江大桥铁路桥大修工程日前竣工，列车通过大桥的时速由一百二十公里提高到一百四十公里。{byline}"
    assert [a.authors for a in _articles_of(raw)] == [names]
    doc = Document.from_raw("page", raw, "p")
    Cleanup(CleanupOptions()).process(doc)
    Segment(SegmentOptions(disable=[rule])).process(doc)
    assert [a.authors for a in doc.articles] != [names]


def test_a_role_word_run_into_a_name_at_a_line_end_parts_the_names_of_a_lead():
    # The lead's reporters wrap onto a second line; the line break left no space after `谷源洋`.
    lead = "本报讯（记者 林仁碧 通讯员 谷源洋\n本报记者 贾励）中国政府向马达加斯加政府赠送药品。"
    assert [a.authors for a in run(Segment(SegmentOptions()), page(lead))] == [["林仁碧", "谷源洋", "贾励"]]
    joined = run(Segment(SegmentOptions(disable=["roles_inside_tokens"])), page(lead))
    assert [a.authors for a in joined] == [["林仁碧", "谷源洋本报记者", "贾励"]]


def test_a_post_run_into_a_name_under_a_headline_is_the_author_line():
    raw = (
        "坚定信心稳步前进\n\n财政部部长兼国家税务总局局长刘仲藜\n\n一九九七年财政工作取得了新的成绩，财政收\n"
        "入稳定增长，支出结构进一步优化，为经济发\n展提供了有力保障。"
    )
    (article,) = _articles_of(raw)
    assert (article.title, article.authors) == ("坚定信心稳步前进", ["刘仲藜"])


def test_the_rest_of_a_role_word_wrapped_onto_the_credit_line_is_no_name(segment):
    # `本报记` ends the caption's last line, `者 张如亮 摄` is the next one.
    doc = page("在全国乒乓球锦标赛男子单打比赛中，江苏新秀张勇将奥运冠军刘国梁拉下马。本报记", "者 张如亮 摄")
    assert [(a.kind, a.authors) for a in run(segment, doc)] == [("caption", ["张如亮"])]
    doc = page("在全国乒乓球锦标赛男子单打比赛中，江苏新秀张勇将奥运冠军刘国梁拉下马。本报记", "者 张如亮 摄")
    assert [a.authors for a in run(Segment(SegmentOptions(disable=["role_fragments"])), doc)] == [["者", "张如亮"]]


def test_two_reports_in_one_box_column_with_no_cue_between_them_are_parted_where_the_topic_changes():
    # Each paragraph a box of its own (a blank line before it): the report on German post reform
    # repeats its words across its three boxes; the report on Russian border troops shares none.
    raw = (
        "本报讯 德国自一日起取消了已有一百二十五年历史的联邦邮电部，使九年前开始的邮电系统改革进入全新阶段。\n\n"
        "德国邮电部决定从一九八九年七月一日起实施邮电改革方案，将邮政总局改为三个独立的国有企业。\n\n"
        "一九九五年，德国第二套邮电改革措施出台，核心是将三个国有企业逐步转变为控股公司。\n\n"
        "俄罗斯边防局发表通告说，该局管辖下的边防军将从今年起改组为边防警卫队。\n\n"
        "俄边防军改组的重要内容是裁减人员，同时强调，边防军改组以不损害其战斗力为前提。\n\n"
        "据悉，俄罗斯边防警卫队今后主要负责看守陆地边界和海上边界，打击走私和非法越境活动。"
    )
    articles = _articles_of(raw)
    assert [a.text[:6] for a in articles] == ["德国自一日起", "俄罗斯边防局"]
    assert articles[1].cues[0] == "start:topic-change"
    doc = Document.from_raw("page", raw, "p")
    Cleanup(CleanupOptions()).process(doc)
    Segment(SegmentOptions(disable=["topic_split"])).process(doc)
    assert len(doc.articles) == 1


@pytest.mark.parametrize(
    ("writers", "names"),
    [("支林飞  戚德良", ["支林飞", "戚德良"]), ("陶立华王力", ["陶立华", "王力"]), ("粒砂", ["粒砂"])],
)
def test_names_in_plain_type_under_a_fake_bold_headline_are_its_authors_whatever_their_surnames(writers, names):
    # The headline is printed twice (fake bold), the writers' line once. `陶立华王力` also cuts as
    # `陶立` and `华王力`: 王 is the commoner surname.
    raw = (
        f"以色列外长宣布辞职\n以色列外长宣布辞职\n\n{writers}\n\n"
        "以色列外长利维四日宣布，他决定辞职，\n以抗议现政府提出的年度财政预算方案。\n"
    )
    (article,) = _articles_of(raw)
    assert (article.title, article.authors) == ("以色列外长宣布辞职", names)
    doc = Document.from_raw("page", raw, "p")
    Cleanup(CleanupOptions()).process(doc)
    Segment(SegmentOptions(disable=["plain_under_bold"])).process(doc)
    assert [a.authors for a in doc.articles] != [names]


@pytest.mark.parametrize(
    ("marked", "title", "authors"),
    [("■拉萨海关追回被盗国宝", "拉萨海关追回被盗国宝", []), ("■ 王建新", None, ["王建新"])],
)
def test_a_square_bullet_opens_a_briefs_title_unless_names_follow_it(marked, title, authors):
    body = "本报讯 这尊佛像在被盗四年后由拉萨海关从美国追回，日前交还卓玛拉康寺。"
    (article,) = _articles_of(f"{marked}\n\n{body}")
    assert (article.title, article.authors) == (title, authors)


def test_title_lines_of_two_headlines_written_in_turn_go_back_to_their_headline():
    # Two two-line headlines side by side, extracted line by line across both.
    raw = (
        "较强冷空气将影响\n\n全国排球联赛才战两轮\n\n我国大部地区\n\n"
        "本报讯 据中央气象台提供的信息，本月上旬影响我国的冷空气势力将加强，较强冷空气将影响我国大部地区。\n\n"
        "受较强冷空气影响，我国大部地区有五级到六级偏北风，大部地区日平均气温将下降五到十度。\n\n"
        "十六支参赛队皆有败绩\n\n"
        "本报讯 上届全国排球联赛冠军四川男排，在第二轮首场角逐中惨败给江苏队，十六支参赛队两轮过后无一全胜。\n"
    )
    titles = [a.title for a in _articles_of(raw) if a.kind == "article"]
    assert titles == ["较强冷空气将影响我国大部地区", "十六支参赛队皆有败绩"]
    doc = Document.from_raw("page", raw, "p")
    Cleanup(CleanupOptions()).process(doc)
    # Without the rule (and without `wrapped_title_lines`, which would join the line above).
    Segment(SegmentOptions(disable=["joined_title_lines", "wrapped_title_lines"])).process(doc)
    assert next(a.title for a in doc.articles if a.kind == "article") == "我国大部地区"


def test_a_pen_name_under_a_deck_is_the_writer_not_a_new_headline():
    # `塞夫` starts with no common surname; under a deck, which ends the headline, it is the writer.
    raw = (
        "历史深处的回音\n——读《中国历代智囊人物丛书》\n塞夫\n\n"
        "翻读由解放军出版社新近出版的《中国历代智囊人物丛书》，心中漾起一股激情，对中国历史上众多智囊人物有了全新的理解。\n"
    )
    (article,) = _articles_of(raw)
    assert (article.title, article.subtitle, article.authors) == (
        "历史深处的回音",
        "——读《中国历代智囊人物丛书》",
        ["塞夫"],
    )
    doc = Document.from_raw("page", raw, "p")
    Cleanup(CleanupOptions()).process(doc)
    Segment(SegmentOptions(disable=["names_under_decks"])).process(doc)
    assert [a.authors for a in doc.articles if a.kind == "article"] != [["塞夫"]]


def test_a_byline_printed_apart_from_any_body_signs_the_nearest_unsigned_article_instead_of_being_a_record():
    # The byline stands above the page's first headline, away from the report it signs (an
    # extractor printed it out of its column); the report itself carries no names.
    raw = (
        "（记者 董伟）\n\n黑龙江省领导走访慰问困难职工\n\n顶着寒风，黑龙江省各级领导组成若干慰问小组，\n"
        "深入企业和农村看望困难职工，帮助他们解决生产\n生活中的实际困难，过好新春佳节。"
    )
    (article,) = _articles_of(raw)
    assert (article.title, article.authors) == ("黑龙江省领导走访慰问困难职工", ["董伟"])
    assert "authors:stray-byline" in article.cues
    doc = Document.from_raw("page", raw, "p")
    Cleanup(CleanupOptions()).process(doc)
    Segment(SegmentOptions(disable=["stray_bylines"])).process(doc)
    assert [(a.kind, a.authors) for a in doc.articles] == [("other", ["董伟"]), ("article", [])]


def test_a_bare_headline_line_left_without_a_body_rejoins_its_titled_neighbour_instead_of_being_a_record():
    # `深化改革防范` / `风险`: the first half points to the report above (which talks of 深化改革)
    # and the second to the report below; the break falls between words, so `words_across_lines`
    # does not join them, but the half left without a body is the other half of the title below.
    raw = (
        "青年志愿者新年送温暖\n\n共青团中央组织青年志愿者开展新年服务活动，深化\n改革开放以来志愿服务不断发展，深化改革也给志愿\n"
        "者带来新的机遇，志愿者为孤寡老人送去温暖。\n\n深化改革防范\n\n风险\n\n中国人民银行行长戴相龙\n\n"
        "感谢《人民日报》多年来对金融工作的支持。今年\n金融工作要防范和化解金融风险，防范风险是金融\n工作的生命线，各级银行要把防范风险放在首位。"
    )
    assert [(a.kind, a.title) for a in _articles_of(raw)] == [
        ("article", "青年志愿者新年送温暖"),
        ("article", "深化改革防范风险"),
    ]
    doc = Document.from_raw("page", raw, "p")
    Cleanup(CleanupOptions()).process(doc)
    Segment(SegmentOptions(disable=["wrapped_title_lines"])).process(doc)
    assert [(a.kind, a.title) for a in doc.articles][1:] == [("other", "深化改革防范"), ("article", "风险")]


def _in_one_module(doc: Document, roles: list[str]) -> Document:
    """The page as a PDF reader saw it: every printed line in one article module, set in its role's type."""
    _printed_as(doc, roles)
    assert doc.layout is not None
    doc.layout.lines = [
        dataclasses.replace(line, geometry=dataclasses.replace(line.geometry, module=0)) for line in doc.layout.lines
    ]
    return doc


def test_a_second_dispatch_under_one_headline_stays_in_its_story_on_a_page_read_from_its_geometry():
    # An editor's note and the dispatch it introduces print under one headline in one module: the
    # dispatch's dateline is part of the story's text, not the lead of a headless second record.
    blocks = (
        "宁夏农业产业化铺筑致富路",
        "每个地方，不管是东部还是西部，都有\n自己的优势。农业就是宁夏的一大优势。",
        "本报银川1月2日电 记者胡继鸿报道：宁夏回\n族自治区积极探索和推进农业产业化的路子。",
    )
    roles = ["headline", "body", "body", "body", "body"]
    (story,) = run(Segment(SegmentOptions()), _in_one_module(page(*blocks), roles))
    assert story.title == "宁夏农业产业化铺筑致富路"
    assert story.text.endswith("优势。\n本报银川1月2日电记者胡继鸿报道：宁夏回族自治区积极探索和推进农业产业化的路子。")
    apart = run(Segment(SegmentOptions(disable=["dispatches_in_story"])), _in_one_module(page(*blocks), roles))
    assert [a.dateline for a in apart] == [None, "本报银川1月2日电"]


def test_a_dispatch_after_a_body_in_extracted_text_still_opens_its_own_record(segment):
    # Without the page's geometry a headline over the dispatch may be printed anywhere else.
    articles = run(
        segment,
        page(
            "宁夏农业产业化铺筑致富路",
            "每个地方，不管是东部还是西部，都有\n自己的优势。农业就是宁夏的一大优势。",
            "本报银川1月2日电 记者胡继鸿报道：宁夏回\n族自治区积极探索和推进农业产业化的路子。",
        ),
    )
    assert [a.dateline for a in articles] == [None, "本报银川1月2日电"]


def test_a_closing_dateline_broken_over_two_paragraphs_closes_its_story_and_leaves_no_record(segment):
    # `（本` ends the last line of running text and `报郑州1月3日电）` fills the next one: one cue.
    blocks = (
        "依托传统农业跳出传统农业",
        "棚外零下数度，棚内花鲜菜绿。在河南焦作市，这种动辄几亩的大棚随处可见，\n同时表现出良好的生态和环境潜能。（本",
        "报郑州1月3日电）",
        "京城“网络”热",
        "目前，了解、学习电脑网络知识成为京城人又一新时尚。",
    )
    articles = run(segment, page(*blocks))
    assert [(a.title, a.dateline) for a in articles] == [
        ("依托传统农业跳出传统农业", "本报郑州1月3日电"),
        ("京城“网络”热", None),
    ]
    assert articles[0].text.endswith("环境潜能。")
    apart = run(Segment(SegmentOptions(disable=["parenthesized_tails"])), page(*blocks))
    assert apart[0].text.endswith("（本") and apart[0].dateline is None


def test_a_short_line_in_body_type_after_running_text_of_its_module_ends_that_text_not_a_headline():
    # The story's part on this page stops mid-sentence: its last paragraph's first line has no
    # punctuation, but it is printed in the running text's type, so it is no headline.
    blocks = (
        "各国政要发表新年贺词",
        "桥本表示相信，在自民党提出的稳定金融对策和2万\n亿日元特别减税措施发挥作用后，日本经济就会出现复苏。",
        "韩国总统金泳三和当选总统金大",
    )
    roles = ["headline", "body", "body", "body"]
    (story,) = run(Segment(SegmentOptions()), _in_one_module(page(*blocks), roles))
    assert (story.title, story.kind) == ("各国政要发表新年贺词", "article")
    assert story.text.endswith("就会出现复苏。\n韩国总统金泳三和当选总统金大")
    apart = run(Segment(SegmentOptions(disable=["body_type_after_text"])), _in_one_module(page(*blocks), roles))
    assert [(a.kind, a.title) for a in apart][1:] == [("other", "韩国总统金泳三和当选总统金大")]


def test_list_items_in_body_type_under_a_lead_in_line_of_their_story_are_its_text_not_headlines():
    # A story lists products one a line under `抽查合格的产品有：` (a subhead by its shape): in the
    # running text's type and module they are its text, not a row of headlines.
    blocks = (
        "婴幼儿配方乳粉：质量问题严重",
        "婴幼儿乳粉是直接关系到婴幼儿健康的重要产品。国家技术监督局日前组织了\n一次抽查。",
        "抽查合格的产品有：",
        "石家庄乳业（集团）公司“三鹿”助长奶粉",
        "哈尔滨森永乳品有限公司“森永”牌婴儿奶粉",
        "黑龙江味全乳品有限公司“味全龙”牌助长奶粉",
        "上海光明乳业有限公司“光明”牌婴儿助长奶粉",
        "本次抽查结果表明：进口婴幼儿配方乳粉产品的抽样合格率相对较高。",
    )
    roles = ["headline", "body", "body", "body", "body", "body", "body", "body", "body"]
    (story,) = run(Segment(SegmentOptions()), _in_one_module(page(*blocks), roles))
    assert story.title == "婴幼儿配方乳粉：质量问题严重"
    assert "“三鹿”助长奶粉\n哈尔滨森永" in story.text
    apart = run(Segment(SegmentOptions(disable=["body_type_after_text"])), _in_one_module(page(*blocks), roles))
    assert len(apart) > 1


def test_running_text_above_a_caption_in_the_same_width_stays_in_its_story_when_the_page_shows_its_type():
    # The story's last paragraph and the caption under it are printed as wide, but the PDF sets
    # the caption in its own type: the width alone would read the paragraph into the caption.
    blocks = (
        "南京：给特困户解决困难",
        "南京市各级党委、政府以及工会、劳动等部门体察民情民意，\n切实帮助群众解决各种实际困难，尽快实现再就业。",
        "为了抓好节日期间的送温暖工作，市委、市政府主要领导带队，\n组织有关部门分成六路，为困难企业和贫困户帮扶解困。",
        "元旦前夕，在哈尔滨松花江江面上修建的“冰雪游乐中心”对\n外开放。图为游乐中心正门———中国古典式冰建筑“友谊门”。",
        "周确 摄",
    )
    roles = ["headline", "body", "body", "body", "body", "caption", "caption", "caption"]
    story, caption = run(Segment(SegmentOptions()), _in_one_module(page(*blocks), roles))
    assert story.text.endswith("为困难企业和贫困户帮扶解困。")
    assert (caption.kind, caption.authors) == ("caption", ["周确"])
    assert caption.text.startswith("元旦前夕")
    merged = run(Segment(SegmentOptions(disable=["caption_type"])), _in_one_module(page(*blocks), roles))[-1]
    assert merged.kind == "caption" and "为了抓好节日期间" in merged.text


def test_a_line_an_indent_narrower_than_the_running_text_under_it_opens_that_paragraph_not_a_headline(segment):
    # Extraction parted a paragraph's first line from the rest; it has no punctuation, but it is
    # exactly the two-character indent narrower than the column of running text under it.
    blocks = (
        "今年的财政工作要贯彻“稳中求进”的方针，继续加强财政管理\n和完善深化财税改革的工作力度。（记者 潘驰）",
        "由于今年涉及经济发展全局和社",
        "会稳定的重点工作较多，任务难度较\n大，对财政的保障程度要求很高，中\n央和地方财政所面临的减收增支压力\n是近几年所没有的。",
    )
    signed, article = run(segment, page(*blocks))
    assert (signed.authors, article.title) == (["潘驰"], None)
    assert article.text.startswith("由于今年涉及经济发展全局和社\n会稳定")
    apart = run(Segment(SegmentOptions(disable=["indented_first_lines"])), page(*blocks))
    assert "由于今年涉及经济发展全局和社" in [a.title for a in apart]


@pytest.mark.parametrize(
    ("disable", "titles"),
    [
        ([], [None, "居委会来了新主任福州140余名下岗职工到街区当家"]),
        (["words_across_lines"], ["居委会来了新主任福州140余名下岗职", "工到街区当家"]),
    ],
)
def test_a_headline_broken_inside_a_word_goes_on_on_the_next_line(disable: list[str], titles: list[str | None]):
    # Fake-bold headline lines (each printed twice) are paragraphs of their own; `福/州` and
    # `职/工` are broken words, so the lines are one headline even though the first two share
    # more with the brief above than with the body below.
    raw = (
        "本报讯 新来的居委会主任走访了全部\n住户，居委会为老人送去了米面，新主\n任还请来医生为大家义诊。\n\n"
        "居委会来了新主任福\n居委会来了新主任福\n\n州１４０余名下岗职\n州１４０余名下岗职\n\n工到街区当家\n工到街区当家\n"
        "本 报 福 州 １ 月 ３ 日 电\n\n（记者 江宝章）\n\n"
        "去年年底，２０位中年人走进\n市总工会大楼，这次他们不是来求\n助，而是作为新上任的街区当家人\n来参加培训。\n"
    )
    doc = Document.from_raw("page", raw, "p")
    Cleanup(CleanupOptions()).process(doc)
    Segment(SegmentOptions(disable=disable)).process(doc)
    assert [article.title for article in doc.articles] == titles


@pytest.mark.parametrize(("disable", "expected"), [([], (None, ["张向东"])), (["names_over_leads"], ("张向东", []))])
def test_a_name_line_over_a_report_opening_with_a_lead_is_its_reporter(disable: list[str], expected: tuple):
    # The report's headline stands elsewhere on the page; a report's headline is never a bare name.
    raw = (
        "今年全县共新修乡村公路八十公里。\n（李明）\n\n张向东\n本报讯 驻县武警某中队时刻牢记\n"
        "自身职责，训练不忘帮扶群众。该中\n队在抓好训练的同时，始终把为民\n服务放在首位。\n"
    )
    doc = Document.from_raw("page", raw, "p")
    Cleanup(CleanupOptions()).process(doc)
    Segment(SegmentOptions(disable=disable)).process(doc)
    report = next(article for article in doc.articles if article.text.startswith("驻县武警"))
    assert (report.title, report.authors) == expected


@pytest.mark.parametrize(
    ("disable", "expected"), [([], [(None, ["龙晓勤", "刘磊"])]), (["names_in_body_type"], [("龙晓勤刘磊", [])])]
)
def test_a_name_line_in_body_type_over_running_text_is_its_writers_line(disable: list[str], expected: list):
    # The story's headline stands elsewhere on the page; in the running text's own type the line
    # of names at its head is no title.
    doc = page(
        "龙晓勤 刘磊",
        "截至去年年底，利用中国政府提供的无\n息贷款援建的十一个项目已交给当地政府。",
    )
    articles = run(Segment(SegmentOptions(disable=disable)), _printed_as(doc, ["body", "body", "body"]))
    assert [(a.title, a.authors) for a in articles] == expected


def _set_in_one_column(doc: Document, roles: list[str], space_before: dict[int, float]) -> Document:
    """The page as a PDF reader saw it: one module, one column of 9-point type on a 14-point pitch,
    with `space_before[n]` points of extra space above printed line `n`."""
    assert doc.layout is not None and len(doc.layout.lines) == len(roles)
    lines, top = [], 700.0
    for n, (line, role) in enumerate(zip(doc.layout.lines, roles, strict=True)):
        top -= 14.0 + space_before.get(n, 0.0)
        geometry = Geometry(page=0, bbox=(50.0, top, 176.0, top + 9.0), font_size=9.0, role=role, module=0)
        lines.append(dataclasses.replace(line, geometry=geometry))
    doc.layout.lines = lines
    return doc


_STORY_WITH_A_SECOND_REPORT = (
    "北京举行新年音乐会",
    "本报讯（本报记者金克尔）党和国家领导人\n一起欣赏了新年音乐会的精彩节目。",
    "本报北京12月31日讯新华社记者陈雁、本报\n记者何加正报道：新年音乐会今晚举行。",
)
_STORY_ROLES = ["headline", "body", "body", "body", "body"]


def test_a_second_lead_on_the_running_texts_leading_is_the_next_paragraph_of_its_story():
    # A story's second report opens with its own lead, set on the text's own line pitch.
    doc = _set_in_one_column(page(*_STORY_WITH_A_SECOND_REPORT), _STORY_ROLES, {})
    (story,) = run(Segment(SegmentOptions()), doc)
    assert (story.title, story.authors) == ("北京举行新年音乐会", ["金克尔"])
    assert story.text.endswith("精彩节目。\n本报北京12月31日讯新华社记者陈雁、本报记者何加正报道：新年音乐会今晚举行。")
    doc = _set_in_one_column(page(*_STORY_WITH_A_SECOND_REPORT), _STORY_ROLES, {})
    apart = run(Segment(SegmentOptions(disable=["leads_on_leading"])), doc)
    assert [a.authors for a in apart] == [["金克尔"], ["陈雁", "何加正"]]


def test_a_lead_set_apart_by_a_little_space_opens_the_next_brief_of_a_brief_column():
    # A brief column sets each item apart by a little space over the text's pitch (here 2 points).
    doc = _set_in_one_column(page(*_STORY_WITH_A_SECOND_REPORT), _STORY_ROLES, {3: 2.0})
    briefs = run(Segment(SegmentOptions()), doc)
    assert [a.authors for a in briefs] == [["金克尔"], ["陈雁", "何加正"]]


def _placed(doc: Document, boxes: list[tuple[str, tuple[float, float, float, float], float]]) -> Document:
    """The page as a PDF reader saw it: one article module, each printed line with its role, box and type size."""
    assert doc.layout is not None and len(doc.layout.lines) == len(boxes)
    doc.layout.lines = [
        dataclasses.replace(line, geometry=Geometry(page=0, bbox=bbox, font_size=size, role=role, module=0))
        for line, (role, bbox, size) in zip(doc.layout.lines, boxes, strict=True)
    ]
    return doc


_STORY_BESIDE_A_HEADLINE = (
    "伊拉克外交官在安曼遭枪击",
    "中国政府向马达加斯加政府赠送药品的交接\n仪式12月30日在塔那那利佛举行。",
    "新华社安曼1月3日电",
    "（记者夏林）伊拉克驻约旦的一名外交官3日早\n晨在约旦首都安曼遭不明身份的枪手袭击。",
)
_BESIDE_BOXES = [
    ("headline", (460.0, 165.0, 670.0, 240.0), 30.0),
    ("body", (342.0, 255.0, 437.0, 265.5), 10.5),
    ("body", (321.0, 237.0, 437.0, 247.5), 10.5),
    ("body", (482.0, 140.0, 577.0, 150.5), 10.5),
    ("body", (461.0, 122.0, 577.0, 132.5), 10.5),
    ("body", (461.0, 104.0, 577.0, 114.5), 10.5),
]


@pytest.mark.parametrize(
    ("disable", "expected"),
    [
        ([], [(None, []), ("伊拉克外交官在安曼遭枪击", ["夏林"])]),
        (["leads_under_headlines"], [("伊拉克外交官在安曼遭枪击", [])]),
    ],
)
def test_a_lead_printed_right_under_a_headline_opens_its_story_not_the_story_set_beside_it(disable, expected):
    # The module holds a headless story set beside the headline, which the reader takes in first;
    # the headline's own story begins with the dateline printed right under it.
    doc = _placed(page(*_STORY_BESIDE_A_HEADLINE), _BESIDE_BOXES)
    articles = run(Segment(SegmentOptions(disable=disable)), doc)
    assert [(a.title, a.authors) for a in articles] == expected
    assert articles[0].text.startswith("中国政府向马达加斯加")


def test_text_beside_a_headline_that_stops_mid_sentence_goes_on_past_the_lead_under_the_headline():
    # The story's first column stands beside its headline and runs on at the head of the next
    # column, under the headline, where its lead is printed (`leads_between_columns`).
    blocks = list(_STORY_BESIDE_A_HEADLINE)
    blocks[1] = "中国政府向马达加斯加政府赠送药品的交接\n仪式12月30日在塔那那利佛举行，特困职工子"
    (story,) = run(Segment(SegmentOptions()), _placed(page(*blocks), _BESIDE_BOXES))
    assert (story.title, story.authors) == ("伊拉克外交官在安曼遭枪击", ["夏林"])


@pytest.mark.parametrize(("disable", "records"), [([], 1), (["datelines_over_text"], 2)])
def test_a_bare_dateline_on_its_own_line_over_a_dispatch_opens_no_record_in_its_story(disable, records):
    # An editor's note and the dispatch it introduces under one headline: the dispatch's bare
    # dateline stands on a line of its own; bare, it opens the text under it, not closes the note.
    blocks = (
        "编辑点评：",
        "每个地方，不管是东部还是西部，都有\n自己的优势。农业就是宁夏的一大优势。",
        "本报银川1月2日电",
        "记者胡继鸿报道：宁夏回族自治区积极\n探索和推进农业产业化的路子。",
    )
    roles = ["headline", "body", "body", "body", "body", "body"]
    articles = run(Segment(SegmentOptions(disable=disable)), _in_one_module(page(*blocks), roles))
    assert len(articles) == records
    assert articles[0].title == "编辑点评："
    assert articles[-1].text.endswith("探索和推进农业产业化的路子。")


def test_a_line_in_body_type_after_a_headlines_writers_is_its_story_not_a_second_headline():
    # The reader took the first line of the story's second column, a subhead in the text's type,
    # right after the writers' line under the display headline: it is no headline of its own.
    blocks = (
        "济南交警带头人",
        "本报记者 王锦鹄 毛磊",
        "重塑交警新形象",
        "1995年10月16日，当济南市公安局副局长李长水\n接过题词时，这位老公安热泪盈眶。",
    )
    roles = ["headline", "body", "body", "body", "body"]
    (story,) = run(Segment(SegmentOptions()), _in_one_module(page(*blocks), roles))
    assert (story.title, story.authors) == ("济南交警带头人", ["王锦鹄", "毛磊"])
    assert story.text.startswith("重塑交警新形象\n1995年10月16日")
    apart = run(Segment(SegmentOptions(disable=["body_type_under_bylines"])), _in_one_module(page(*blocks), roles))
    assert [(a.kind, a.title) for a in apart] == [("other", "济南交警带头人"), ("article", "重塑交警新形象")]


@pytest.mark.parametrize(("disable", "records"), [([], 1), (["display_stacks"], 2)])
def test_two_decks_printed_one_under_the_other_in_one_module_are_one_headline(disable: list[str], records: int):
    # One module, one story: the second deck in display type does not start a headline of its own
    # that would claim part of the story's text.
    blocks = (
        "中国人民银行一项调查表明千户大型企业实力增强",
        "运作呈现五个特点：●产销利润同步增长",
        "——●亏损状况有所改善●兼并重组步伐加快",
        "□施明慎",
        "据中国人民银行调查，去年千户大型企业的\n运作轨迹呈现出如下特点：产销利润同步增长。",
        "企业亏损状况有所改善。千户大型企业的亏损\n面为百分之十五，兼并重组步伐加快。",
    )
    roles = ["headline", "deck", "deck", "body", "body", "body", "body", "body"]
    articles = run(Segment(SegmentOptions(disable=disable)), _in_one_module(page(*blocks), roles))
    assert len(articles) == records
    assert articles[0].title == "中国人民银行一项调查表明千户大型企业实力增强"
    if records == 1:
        assert articles[0].authors == ["施明慎"]
        assert articles[0].subtitle == "运作呈现五个特点：●产销利润同步增长——●亏损状况有所改善●兼并重组步伐加快"


@pytest.mark.parametrize(
    ("disable", "records"), [([], [(None, [])]), (["asides"], [(None, ["汇丰", "渣打"]), (None, [])])]
)
def test_names_in_parentheses_filling_a_line_inside_a_sentence_are_an_aside_not_a_byline(disable, records):
    # Justified running text can fill a whole printed line with an aside in parentheses; the line
    # above stops mid-sentence, so the parentheses close no article.
    block = (
        "香港的联系汇率制较为特别，原因在于它是由发钞\n制度形成的。香港三家发钞银行\n"
        "（汇丰、渣打、中银集团）\n在发钞之前，应先向外汇基金缴交等值美元。"
    )
    doc = _in_one_module(page(block), ["body"] * 4)
    articles = run(Segment(SegmentOptions(disable=disable)), doc)
    assert [(a.title, a.authors) for a in articles] == records
    if not disable:
        assert "发钞银行（汇丰、渣打、中银集团）在发钞之前" in articles[0].text


_BRIEF_UNDER_A_BRIEF = (
    "云南全面完成党报党刊发行任务",
    "本报昆明1月2日电（记者云宣新）截至去年\n年底，云南省全面完成了党报发行任务。",
    "本报讯日前，北京市第二中级人民法院和\n南苑乡三方达成共识。（晓王）",
)


@pytest.mark.parametrize(
    ("disable", "expected"),
    [([], [("云南全面完成党报党刊发行任务", ["云宣新"]), (None, ["晓王"])]), (["dated_reports"], None)],
)
def test_a_bare_lead_set_tight_under_a_brief_opens_the_next_brief(disable: list[str], expected: list | None):
    # A tight brief column sets the next item on the text's own pitch; its bare `本报讯` names no
    # place or date, as a further report of one story does, so it is a brief of its own.
    doc = _set_in_one_column(page(*_BRIEF_UNDER_A_BRIEF), _STORY_ROLES, {})
    articles = run(Segment(SegmentOptions(disable=disable)), doc)
    if expected is None:
        (merged,) = articles
        assert merged.text.endswith("党报发行任务。\n本报讯日前，北京市第二中级人民法院和南苑乡三方达成共识。")
    else:
        assert [(a.title, a.authors) for a in articles] == expected


def test_a_signed_list_item_closing_a_story_is_its_last_sentence_not_a_subhead():
    blocks = (
        "埃及政府加强旅游景点的保护",
        "本报讯 由于1997年在埃及的开罗和卢克索市连续发生恶性恐\n怖袭击外国游客事件，埃及政府近日增加警力。",
        "1、图为在埃及科普特教区旅游点值勤的警察。（刘盛威）",
    )
    (story,) = run(Segment(SegmentOptions()), page(*blocks))
    assert story.authors == ["刘盛威"]
    assert story.text.endswith("增加警力。\n1、图为在埃及科普特教区旅游点值勤的警察。")
    unsigned = run(Segment(SegmentOptions(disable=["tails_close_text"])), page(*blocks))
    assert all(article.authors == [] for article in unsigned)


def _place(doc: Document, lines: list[tuple[str, int, bool, float]]) -> Document:
    """The page as a PDF reader saw it: each printed line's (role, module, whether a paragraph
    begins, left edge), 9-point type on a 14-point pitch, one under the other."""
    assert doc.layout is not None and len(doc.layout.lines) == len(lines)
    doc.layout.lines = [
        dataclasses.replace(
            line,
            geometry=Geometry(
                page=0,
                bbox=(left, 700.0 - 14 * n, 176.0, 709.0 - 14 * n),
                font_size=9.0,
                role=role,
                module=module,
                paragraph_start=begins,
            ),
        )
        for n, (line, (role, module, begins, left)) in enumerate(zip(doc.layout.lines, lines, strict=True))
    ]
    return doc


def _read_as(doc: Document, lines: list[tuple[str, int, bool]]) -> Document:
    """Each printed line's (role, module, whether a paragraph begins), all flush with the column."""
    return _place(doc, [(role, module, begins, 50.0) for role, module, begins in lines])


def test_a_dateline_broken_over_a_line_end_stays_one_lead_where_no_paragraph_begins():
    # `（上接3版）本报比勒` / `陀利亚12月30日电…`: the place name's tail does not open a paragraph.
    blocks = ("本报比勒\n陀利亚12月30日电中国国务院副总\n理兼外交部长钱其琛在这里举行记者招待会。",)
    read = [("body", 0, True), ("body", 0, False), ("body", 0, False)]
    (story,) = run(Segment(SegmentOptions()), _read_as(page(*blocks), read))
    assert (story.title, story.dateline) == (None, "本报比勒陀利亚12月30日电")
    parted = run(Segment(SegmentOptions(disable=["leads_across_lines"])), _read_as(page(*blocks), read))
    assert parted[0].title == "本报比勒"


def test_a_body_under_a_headline_of_its_module_goes_to_no_headline_of_another_module():
    # A story listing a photo's title (`4、科技确保粮丰收`) is no body for that photo title, printed
    # over its caption in a module of its own.
    blocks = (
        "1、大江截流展宏图",
        "本报太原12月31日讯 记者龚雯报道：\n2、棉堆如山喜煞人",
        "3、百年老矿创新绩",
        "4、科技确保粮丰收",
        "河南省滑县大力弘扬中华民族尊老敬\n老的传统美德，为老人办理优待证。",
        "科技确保粮丰收",
        "在遭受严重自然灾害的情况下，依靠科\n技减灾保证农业生产，吉林省粮食丰收。",
        "（蒋林摄）",
    )
    read = [("headline", 0, True), ("body", 0, True), ("body", 0, False), ("body", 0, True), ("body", 0, True)]
    read += [("body", 0, True), ("body", 0, False), ("headline", 1, True), ("caption", 1, True)]
    read += [("caption", 1, False), ("caption", 1, True)]
    articles = run(Segment(SegmentOptions()), _read_as(page(*blocks), read))
    assert [(a.kind, a.title) for a in articles] == [("article", "1、大江截流展宏图"), ("caption", "科技确保粮丰收")]
    crossed = run(Segment(SegmentOptions(disable=["own_module_heads"])), _read_as(page(*blocks), read))
    assert ("article", "科技确保粮丰收") in [(a.kind, a.title) for a in crossed]


def test_names_of_any_surname_in_body_type_over_running_text_are_its_byline_not_its_title():
    # Two names, one of them with a rare surname (`果`), at the head of a story whose headline stands elsewhere.
    blocks = ("李源潮 果永毅", "强化安全宣传教育。通过线上线下相\n结合的形式组织开展各具特色的主题活动。")
    read = [("body", 0, True), ("body", 0, True), ("body", 0, False)]
    (story,) = run(Segment(SegmentOptions()), _read_as(page(*blocks), read))
    assert (story.title, story.authors) == (None, ["李源潮", "果永毅"])
    titled = run(Segment(SegmentOptions(disable=["any_names_in_body_type"])), _read_as(page(*blocks), read))
    assert titled[0].title == "李源潮果永毅"


def test_a_headline_over_text_of_its_module_goes_to_no_headless_story_of_another_module():
    # A headless story set under the one above shares words with a headline two modules on; that
    # headline stands over text of its own module and names that text.
    blocks = (
        "蒙古国会选举结束",
        "本报讯 蒙古国会选举昨日结束，投票顺利。",
        "本报讯 截至1997年底，中国科技进展十大项目中有三项在蒙古合作完成，科技进展显著。",
        "1997中国十大科技进展",
        "本报讯 两院院士投票评出年度成果，水稻育种名列第一。",
    )
    read = [("headline", 0, True), ("body", 0, True), ("body", 1, True), ("headline", 2, True), ("body", 2, True)]
    articles = run(Segment(SegmentOptions()), _read_as(page(*blocks), read))
    assert [a.title for a in articles] == ["蒙古国会选举结束", None, "1997中国十大科技进展"]
    crossed = run(Segment(SegmentOptions(disable=["own_module_titles"])), _read_as(page(*blocks), read))
    assert crossed[1].title == "1997中国十大科技进展"


def test_a_lone_short_token_in_body_type_over_a_benbaoxun_lead_is_the_briefs_writer():
    # `晓王` (no common surname) on its own line in the text's type over a brief: its writer, not its title.
    blocks = ("晓王", "本报讯 日前，吕梁市举办迎新春书画展，展出作品二百余幅。")
    read = [("body", 0, True), ("body", 0, True)]
    (brief,) = run(Segment(SegmentOptions()), _read_as(page(*blocks), read))
    assert (brief.title, brief.authors) == (None, ["晓王"])
    titled = run(Segment(SegmentOptions(disable=["names_over_briefs"])), _read_as(page(*blocks), read))
    assert titled[0].title == "晓王"


_ONE_STORY_TURNING_TO_A_NEW_SUBJECT = (
    "欧洲两国改革迈出新步",
    "本报讯 德国自一日起取消了已有一百二十五年历史的联邦邮电部，使九年前开始的邮电系统改革进入全新阶段。",
    "德国邮电部决定从一九八九年七月一日起实施邮电改革方案，将邮政总局改为三个独立的国有企业。",
    "一九九五年，德国第二套邮电改革措施出台，核心是将三个国有企业逐步转变为控股公司。",
    "俄罗斯边防局发表通告说，该局管辖下的边防军将从今年起改组为边防警卫队。",
    "俄边防军改组的重要内容是裁减人员，同时强调，边防军改组以不损害其战斗力为前提。",
    "据悉，俄罗斯边防警卫队今后主要负责看守陆地边界和海上边界，打击走私和非法越境活动。",
)


def _boxed(doc: Document, read: list[tuple[str, int, bool]]) -> Document:
    """The page read as `_read_as`, each printed line a box of its own (a blank line above it)."""
    doc = _read_as(doc, read)
    assert doc.layout is not None
    doc.layout.lines = [dataclasses.replace(line, blank_before=1) for line in doc.layout.lines]
    return doc


@pytest.mark.parametrize(("second_module", "records"), [(0, 1), (1, 2)])
def test_a_topic_change_inside_one_headed_module_parts_no_story(second_module: int, records: int):
    # Make-up sets a story in a module under its own headline: where its paragraphs turn from
    # Germany to Russia with no headline between, it is still that story. The same turn across
    # a module boundary parts two stories.
    read = [("headline", 0, True)] + [("body", 0, True)] * 3 + [("body", second_module, True)] * 3
    articles = run(Segment(SegmentOptions()), _boxed(page(*_ONE_STORY_TURNING_TO_A_NEW_SUBJECT), read))
    assert len(articles) == records
    assert articles[0].title == "欧洲两国改革迈出新步"
    if records == 1:
        assert "进入全新阶段。\n德国邮电部" in articles[0].text and articles[0].text.endswith("非法越境活动。")
    parted = run(
        Segment(SegmentOptions(disable=["topics_in_headed_modules"])),
        _boxed(page(*_ONE_STORY_TURNING_TO_A_NEW_SUBJECT), [("headline", 0, True)] + [("body", 0, True)] * 6),
    )
    assert [a.text[:6] for a in parted] == ["德国自一日起", "俄罗斯边防局"]


def _set_at(doc: Document, lines: list[tuple[str, int, float]]) -> Document:
    """Each printed line's (role, module, left edge); a paragraph's first line is indented two em
    (18 points)."""
    return _place(doc, [(role, module, True, left) for role, module, left in lines])


_STORY_BROKEN_BY_A_PHOTO = (
    "古城清真寺揽胜",
    "伊斯坦布尔最大的清真寺叫苏利曼清真\n寺，建在小山上，里面由四只大石柱",
    "支撑着。窗户上画着花和经文，是伊斯坦布\n尔所有清真寺中工笔最细腻的。",
)


@pytest.mark.parametrize(("indent", "records"), [(0.0, 1), (18.0, 2)])
def test_a_headless_module_opening_mid_paragraph_goes_on_the_story_left_mid_sentence(indent: float, records: int):
    # The story's column stops mid-sentence at a photo; its rest is set past the photo as a module of
    # its own, its first line flush with the line under it: no paragraph begins there. Indented,
    # the same line opens a paragraph: a headless story of its own.
    read = [("headline", 0, 50.0), ("body", 0, 68.0), ("body", 0, 50.0), ("body", 1, 50.0 + indent), ("body", 1, 50.0)]
    articles = run(Segment(SegmentOptions()), _set_at(page(*_STORY_BROKEN_BY_A_PHOTO), read))
    assert len(articles) == records
    assert articles[0].title == "古城清真寺揽胜"
    if records == 1:
        assert "四只大石柱支撑着。窗户上" in articles[0].text
    parted = run(Segment(SegmentOptions(disable=["continued_columns"])), _set_at(page(*_STORY_BROKEN_BY_A_PHOTO), read))
    assert [a.title for a in parted] == ["古城清真寺揽胜", None]


def _sized(doc: Document, lines: list[tuple[str, float]]) -> Document:
    """The page as a PDF reader saw it: each printed line's (role, type size), one module, one column."""
    assert doc.layout is not None and len(doc.layout.lines) == len(lines)
    doc.layout.lines = [
        dataclasses.replace(
            line,
            geometry=Geometry(
                page=0, bbox=(50.0, 700.0 - 20 * n, 176.0, 700.0 - 20 * n + size), font_size=size, role=role, module=0
            ),
        )
        for n, (line, (role, size)) in enumerate(zip(doc.layout.lines, lines, strict=True))
    ]
    return doc


@pytest.mark.parametrize(
    ("head_size", "title"), [(18.0, "●克隆羊多利火星登陆原子激光震惊世界"), (8.9, "克隆羊多利火星登陆原子激光震惊世界")]
)
def test_a_bullet_opening_a_headline_in_display_type_is_part_of_its_title(head_size: float, title: str):
    # A story's own headline can open with a bullet; a brief's run-in title, set at the text's own size
    # in a box, has one put before it by the make-up, which is no part of the title.
    blocks = ("●克隆羊多利火星登陆原子激光震惊世界", "本报讯 五百多位院士评出了一九九七年\n世界和中国十大科技进展。")
    read = [("headline", head_size), ("body", 8.5), ("body", 8.5)]
    (story,) = run(Segment(SegmentOptions()), _sized(page(*blocks), read))
    assert story.title == title
    stripped = run(Segment(SegmentOptions(disable=["display_bullets"])), _sized(page(*blocks), read))
    assert stripped[0].title == "克隆羊多利火星登陆原子激光震惊世界"


def test_a_line_in_headline_type_over_a_lead_is_its_title_even_when_it_reads_as_a_name():
    # `贺新年` starts with a common surname and is three characters long, like a reporter's name.
    blocks = ("贺新年", "本报讯（本报记者 秦陶）河北省蔚县剪纸历史悠久，\n它出自民间扎根于劳动人民之中。")
    (story,) = run(Segment(SegmentOptions()), _printed_as(page(*blocks), ["headline", "body", "body"]))
    assert (story.title, story.authors) == ("贺新年", ["秦陶"])
    disabled = Segment(SegmentOptions(disable=["headline_type_names"]))
    (signed,) = run(disabled, _printed_as(page(*blocks), ["headline", "body", "body"]))
    assert (signed.title, signed.authors) == (None, ["贺新年", "秦陶"])


def test_a_name_line_inside_a_sentence_cut_by_a_column_break_is_the_writer_not_text():
    # The writer's name is set at the head of the story's second column; extraction reads it
    # between the two halves of the sentence the column break cuts.
    blocks = (
        "本报讯 受伤人员中有的手臂或手指被炸掉，有\n的眼睛被炸伤，\n薛原",
        "有的被大火烧伤。目前所有受伤人员正在医\n院接受治疗。",
    )
    read = [("body", 0, True), ("body", 0, False), ("body", 0, False), ("body", 0, True), ("body", 0, False)]
    (story,) = run(Segment(SegmentOptions()), _read_as(page(*blocks), read))
    assert story.authors == ["薛原"]
    assert "有的眼睛被炸伤，有的被大火烧伤。" in story.text
    (kept,) = run(Segment(SegmentOptions(disable=["writers_between_columns"])), _read_as(page(*blocks), read))
    assert (kept.authors, "薛原" in kept.text) == ([], True)


def test_a_line_with_a_clause_of_a_word_or_two_around_its_comma_is_running_text_not_a_headline(segment):
    # A column's last line read apart from its paragraph: `报道说，` opens it as no headline does.
    blocks = ("外国船长在华遵纪守法", "本报讯 记者从交通部获悉，去年来华的外国船舶增多。", "报道说，这些国籍不同的船长")
    articles = run(segment, page(*blocks))
    assert [(a.kind, a.title) for a in articles] == [("article", "外国船长在华遵纪守法")]
    assert articles[0].text.endswith("报道说，这些国籍不同的船长")
    parted = run(Segment(SegmentOptions(disable=["short_clauses"])), page(*blocks))
    assert ("other", "报道说，这些国籍不同的船长") in [(a.kind, a.title) for a in parted]


def test_a_headline_pausing_with_a_comma_between_two_phrases_stays_a_headline(segment):
    blocks = ("携手创文明，我们在行动", "本报讯 近日，城北街道开展文明创建志愿服务活动。")
    assert [a.title for a in run(segment, page(*blocks))] == ["携手创文明，我们在行动"]


def test_a_lead_read_inside_a_sentence_cut_by_a_column_break_is_the_storys_own_lead():
    # The dateline and reporter are set at the head of the story's second column; extraction reads
    # them where the first column's last sentence breaks off.
    blocks = (
        "昆明：实施优惠政策12项",
        "特困职工可缓交住房公积金，免交现住房新增租金；特困职工子",
        "本报昆明1月3日电",
        "（记者 张帆）",
        "女就读小学、初中，可免交学杂费。",
    )
    read = [("headline", 0, True), ("body", 0, True), ("body", 0, False), ("body", 0, True), ("body", 0, True)]
    (story,) = run(Segment(SegmentOptions()), _read_as(page(*blocks), read))
    assert (story.title, story.dateline, story.authors) == ("昆明：实施优惠政策12项", "本报昆明1月3日电", ["张帆"])
    assert "特困职工子女就读小学" in story.text
    (lost,) = run(Segment(SegmentOptions(disable=["leads_between_columns"])), _read_as(page(*blocks), read))
    assert (lost.dateline, lost.authors) == (None, [])


def test_a_marked_headline_of_nine_characters_is_no_run_of_three_names(segment):
    # `■` marks both a brief's title and a writer's line; a nine-character token there is a title,
    # not three names run together (three-character runs are cut only inside a byline).
    blocks = ("■特型演员出版书画集", "本报讯 曾在多部影片中扮演毛泽东的特型演员近日出版了书画集。")
    (story,) = run(segment, page(*blocks))
    assert (story.title, story.authors) == ("特型演员出版书画集", [])


@pytest.mark.parametrize(("rest", "joined"), [("记。", "完成登记。"), ("”", "完成登记。”")])
def test_a_module_of_one_line_too_short_for_a_story_ends_the_story_before_it(rest: str, joined: str):
    # The story's last words fall past a photo as a module of one line: no line under it shows an indent.
    body = (
        "本报讯 他呼吁合资格的选民不要放弃权利，争取在截止日期前完成登"
        if rest == "记。"
        else "本报讯 他呼吁：“争取在截止日期前完成登记。"
    )
    blocks = ("香港市民踊跃登记", body, rest)
    read = [("headline", 0, 50.0), ("body", 0, 68.0), ("body", 1, 50.0)]
    articles = run(Segment(SegmentOptions()), _set_at(page(*blocks), read))
    assert [a.title for a in articles] == ["香港市民踊跃登记"]
    assert articles[0].text.endswith(joined)
    parted = run(Segment(SegmentOptions(disable=["continued_columns"])), _set_at(page(*blocks), read))
    assert len(parted) == 2


@pytest.mark.parametrize(("disable", "authors"), [([], ["戴相龙"]), (["wrapped_posts"], [])])
def test_a_writers_post_wrapped_over_two_body_type_lines_under_a_headline_is_the_author_line(disable, authors):
    # `中国人民银行行长戴相龙` does not fit the column: the post runs onto a second line with the name.
    blocks = (
        "深化改革防范风险",
        "中国人民银行",
        "行长戴相龙",
        "感谢《人民日报》多年来对金融工作的支持，\n祝贺贵报增设财税金融版。",
    )
    roles = ["headline", "body", "body", "body", "body"]
    (story,) = run(Segment(SegmentOptions(disable=disable)), _in_one_module(page(*blocks), roles))
    assert (story.title, story.authors) == ("深化改革防范风险", authors)
    assert story.text.startswith("感谢《人民日报》") == bool(authors)


@pytest.mark.parametrize(
    ("disable", "authors"), [([], ["赖林嵩", "周美林", "范双民", "张振明"]), (["indented_name_runs"], [])]
)
def test_an_indented_run_of_names_under_a_headline_is_the_author_line_not_its_first_paragraph(disable, authors):
    # The writers' line is indented like a paragraph's first line and its names print without
    # spaces: by width alone it reads as the story's first line.
    blocks = (
        "谱写脱贫致富新篇章",
        "——吕梁扶贫开发与计划生育相结合工作纪实",
        "赖林嵩周美林范双民张振明",
        "山西省吕梁地区是个贫困大区。\n全区有九个县是贫困县，国家重",
    )
    roles = ["headline", "deck", "body", "body", "body"]
    (story,) = run(Segment(SegmentOptions(disable=disable)), _in_one_module(page(*blocks), roles))
    assert (story.title, story.authors) == ("谱写脱贫致富新篇章", authors)
    assert story.text.startswith("山西省吕梁地区") == bool(authors)


@pytest.mark.parametrize(("disable", "records"), [([], 1), (["dashed_lines_in_text"], 2)])
def test_a_dashed_line_in_body_type_after_running_text_is_the_storys_text_not_a_deck(disable, records):
    # The story's last item of a list opens with a dash; set in the text's type after its
    # running text, it is no deck of a second headline.
    blocks = (
        "栉风沐雨砥砺前行",
        "——离石区教育发展工作综述",
        "□王燕华",
        "2019年引进优质教育资源，采用托管模式，\n由新学道管理团队接管袁家庄中学；",
        "——2020年将离石一中确定为市区共建综合改革",
    )
    roles = ["headline", "deck", "body", "body", "body", "body"]
    articles = run(Segment(SegmentOptions(disable=disable)), _in_one_module(page(*blocks), roles))
    assert len(articles) == records
    assert (articles[0].title, articles[0].subtitle) == ("栉风沐雨砥砺前行", "——离石区教育发展工作综述")
    assert articles[0].text.endswith("市区共建综合改革") == (records == 1)
