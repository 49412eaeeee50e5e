"""Tiny newspaper pages as real PDFs for the PDF tests, set with reportlab's built-in CID font.

Pages are written by hand from their parts (justified columns, headlines, rules, pictures,
fake bold drawn the ways typesetters do), so each test knows exactly what was printed where.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
PAGE = (595.0, 842.0)
STRIKE_OFFSET = 0.3
"""How far apart a fake-bold font's two strikes are (points)."""

pdfmetrics.registerFont(UnicodeCIDFont(FONT))


@dataclass
class Text:
    x: float
    y: float
    text: str
    size: float = 9.0
    char_space: float = 0.0
    doubled: str | None = None
    """Fake bold: `line` (the whole line drawn twice), `glyph` (each glyph twice), `run` (runs of two
    twice), each copy its own text object; or `inline` (each glyph twice inside one text object)."""


@dataclass
class Rule:
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class Picture:
    x0: float
    y0: float
    x1: float
    y1: float


Item = "Text | Rule | Picture | Frame"


def column(x: float, top: float, chars: int, text: str, size: float = 9.0, lead: float = 13.0) -> list[Text]:
    """Paragraphs (one per input line) set justified in a column `chars` characters wide, first lines indented."""
    lines: list[Text] = []
    y = top
    for paragraph in text.split("\n"):
        rest, first = paragraph, True
        while rest:
            room = chars - 2 if first else chars
            piece, rest = rest[:room], rest[room:]
            indent = 2 * size if first else 0.0
            spare = chars * size - indent - pdfmetrics.stringWidth(piece, FONT, size)
            space = spare / (len(piece) - 1) if rest and len(piece) > 1 else 0.0
            lines.append(Text(x + indent, y, piece, size, space))
            y -= lead
            first = False
    return lines


def write_pdf(
    path: Path, pages: list[list[Item]], size: tuple[float, float] = PAGE, password: str | None = None
) -> Path:
    encrypt = None
    if password is not None:
        from reportlab.lib.pdfencrypt import StandardEncryption

        encrypt = StandardEncryption(password, canPrint=1)
    pdf = canvas.Canvas(str(path), pagesize=size, encrypt=encrypt)
    for items in pages:
        for item in items:
            _draw(pdf, item)
        pdf.showPage()
    pdf.save()
    return path


def _draw(pdf: canvas.Canvas, item: Item) -> None:
    if isinstance(item, Rule):
        pdf.setLineWidth(0.8)
        pdf.line(item.x0, item.y0, item.x1, item.y1)
    elif isinstance(item, Frame):
        pdf.setLineWidth(0.6)
        pdf.rect(item.x0, item.y0, item.x1 - item.x0, item.y1 - item.y0, stroke=1, fill=0)
    elif isinstance(item, Picture):
        pdf.setFillGray(0.6)
        pdf.rect(item.x0, item.y0, item.x1 - item.x0, item.y1 - item.y0, stroke=0, fill=1)
        pdf.setFillGray(0)
    else:
        pdf.setFont(FONT, item.size)
        if item.doubled is None:
            pdf.drawString(item.x, item.y, item.text, charSpace=item.char_space)
        elif item.doubled == "inline":
            text = pdf.beginText(item.x, item.y)
            text.setFont(FONT, item.size)
            for char in item.text:
                for space in (STRIKE_OFFSET - pdfmetrics.stringWidth(char, FONT, item.size), item.char_space):
                    text.setCharSpace(space)
                    text.textOut(char)
            pdf.drawText(text)
        elif item.doubled == "line":
            for dx in (0.0, STRIKE_OFFSET):
                pdf.drawString(item.x + dx, item.y, item.text, charSpace=item.char_space)
        else:
            step = 1 if item.doubled == "glyph" else 2
            advance = item.size + item.char_space
            for start in range(0, len(item.text), step):
                piece = item.text[start : start + step]
                for dx in (0.0, STRIKE_OFFSET):
                    pdf.drawString(item.x + start * advance + dx, item.y, piece, charSpace=item.char_space)


LEAD_TITLE = "全市教育系统召开基层党建述职评议会议"
LEAD_BODY = (
    "本报讯（记者 张立新）2月5日，市教育系统抓基层党建工作述职评议会议召开。会议全面落实中央、省委和市委"
    "关于基层党建工作的决策部署，进一步压实管党治党政治责任。\n"
    "会议听取了吕梁师范高等专科学校、吕梁卫校、吕梁农校等市直学校党组织书记的现场述职。大家紧扣履职尽责"
    "情况，实事求是总结成绩，深入剖析存在问题，清晰明确整改方向。"
)
LEFT_TITLE = "离石一中签约仪式举行"
LEFT_BODY = "2020年12月31日，离石一中和朝阳小学举行深度合作签约仪式。双方就教育工作开展长期的合作。\n（吴夏峰 张晋晋）"
RIGHT_TITLE = "农产品加工助农增收"
RIGHT_BODY = (
    "吴城镇农产品公司今年收购土豆三千吨，带动周边农户二百余户增收。公司负责人说，明年还将扩大规模。\n（记者 王建国）"
)
CAPTION = "吴城镇农产品公司员工正在加工土豆。刘和平摄"
HEADER = "吕梁日报  2024年2月5日  星期一  第3版"
FOOTER = "责任编辑：李明  版式：赵亮"


def split_columns(x_positions: list[float], top: float, chars: int, text: str) -> list[Text]:
    """One body text flowed over several columns of equal length, lines on shared baselines."""
    lines = column(x_positions[0], top, chars, text)
    per_column = -(-len(lines) // len(x_positions))
    placed: list[Text] = []
    for number, x in enumerate(x_positions):
        for row, line in enumerate(lines[number * per_column : (number + 1) * per_column]):
            placed.append(Text(x + line.x - x_positions[0], top - 13.0 * row, line.text, line.size, line.char_space))
    return placed


def sample_page() -> list[Item]:
    """A page header over a rule, a lead story over two columns, a rule, two stories side by side
    with level headlines, a picture with its caption, and a footer."""
    items: list[Item] = [Text(40, 815, HEADER, 10), Rule(30, 808, 565, 808)]
    items.append(Text(60, 770, LEAD_TITLE, 22, doubled="line"))
    items += split_columns([40, 310], 735, 28, LEAD_BODY)
    items.append(Rule(30, 650, 565, 650))
    items.append(Text(40, 620, LEFT_TITLE, 18))
    items += column(40, 592, 28, LEFT_BODY)
    items.append(Text(310, 620, RIGHT_TITLE, 18))
    items += column(310, 592, 28, RIGHT_BODY)
    items.append(Picture(40, 400, 280, 520))
    items.append(Text(40, 388, CAPTION, 9))
    items.append(Text(40, 20, FOOTER, 8))
    return items


@dataclass
class Frame:
    x0: float
    y0: float
    x1: float
    y1: float


BRIEFS = (
    ("不忘藏北人民的拉萨市民", "本报讯 1月1日，64辆满载拉萨人民捐助的物资运往那曲灾区。（李舸）"),
    ("拉萨海关追回被盗国宝", "本报讯 西藏拉萨的一座寺庙日前举行佛像交接仪式，喜迎该寺的镇寺之宝。（王桦）"),
)
DISPLACED_TITLE = "塔里木河流域水资源管理条例施行"
DISPLACED_BODY = (
    "我国第一部对流域水资源实施管理的地方性法规，于新疆维吾尔自治区人大常委会第三十次会议审议通过，"
    "关注塔里木河命运的各界人士，闻讯后感叹塔里木河有救了。塔里木河是我国最长的内陆河，河水沿塔克拉玛干"
    "沙漠北缘流入罗布泊，中上游竞相开荒，水土矛盾日益尖锐，致使下游耕地减少，草地沙化，胡杨林面积锐减。"
)


def brief_box(x: float, top: float) -> list[Item]:
    """A framed column of two briefs under a centred label, each brief with a title a little larger than the text."""
    items: list[Item] = [Text(x + 38, top - 24, "简讯", 12)]
    y = top - 50
    for title, body in BRIEFS:
        items.append(Text(x + 6, y, "■" + title, 9.5))
        lines = column(x + 6, y - 14, 12, body)
        items += lines
        y = lines[-1].y - 22
    items.append(Frame(x, y + 8, x + 120, top))
    return items


def displaced_story() -> list[Item]:
    """A story whose text starts in the first column, level with its headline over the next two."""
    lines = column(40, 700, 12, DISPLACED_BODY)
    first, rest = lines[:6], lines[6:]
    items: list[Item] = [*first, Text(200, 700, DISPLACED_TITLE, 18)]
    for row, line in enumerate(rest):
        items.append(Text(180 + line.x - 40, 660 - 13 * row, line.text, line.size, line.char_space))
    return items
