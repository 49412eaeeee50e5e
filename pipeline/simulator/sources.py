"""Articles to set into simulated pages, read from gold files or a People's Daily corpus.

A `Story` holds what a typesetter gets: headline parts, the lead (dateline or `本报讯`), the
authors and the body paragraphs, with the entities as offsets into the body. Everything is
derived conservatively: an article whose parts cannot be told apart cleanly is skipped, so a
wrong reading never becomes gold.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import typography

#: Full-width digits and Latin letters, `％` and `．` map one to one onto their half-width forms
#: (the gold convention); every other character, full-width punctuation included, stays.
_HALF_WIDTH = {
    code: code - typography.FULL_TO_HALF_OFFSET
    for first, last in zip(typography.FULL_WIDTH_ALNUM[::3], typography.FULL_WIDTH_ALNUM[2::3], strict=True)
    for code in range(ord(first), ord(last) + 1)
}
_HALF_WIDTH |= {ord("％"): ord("%"), ord("．"): ord("."), ord("／"): ord("/")}

_DIGIT = "0-9０-９一二三四五六七八九十〇"
_DATE = rf"[{_DIGIT}]{{1,3}}月[{_DIGIT}]{{1,3}}日"
#: `新华社北京１月２日电（记者张三）`, `本报牡丹江１月６日电`: issuer, place, date, `电`.
_WIRE_LEAD = re.compile(rf"^(新华社|本报|中新社)([^\s，。、（）０-９0-9]{{1,8}}?)({_DATE})电")
#: `本报讯`, `本报北京１月５日讯`, optionally `记者某某报道：` after it.
_LOCAL_LEAD = re.compile(rf"^本报(?:([^\s，。、（）０-９0-9]{{1,8}}?)({_DATE}))?讯")
_REPORTED = re.compile(r"^(?:本报记者|新华社记者|记者)([^，。：“”（）]{2,24}?)报道：")
_PAREN_NAMES = re.compile(r"^（(?:记者|本报记者|新华社记者)?([^（）]{2,24})）")
_TAIL_PARENS = re.compile(r"（([^（）]{1,20})）$")
_PHOTO_CREDIT = re.compile(r"（(?:新华社记者|本报记者|记者)?([^（）]{2,4})摄）$")
_PICTURE_NOTE = re.compile(r"（(?:附)?图片(?:[０-９0-9]+张)?）")
_INNER_CREDIT = re.compile(r"^（[^（）]*）$|^.{0,6}：$")
_SENTENCE_END = "。！？…”」）；"


def half_width(text: str) -> str:
    """The gold form of printed text: full-width digits and letters half-width, length kept."""
    return text.translate(_HALF_WIDTH)


@dataclass(frozen=True)
class Lead:
    """How an article opens: `新华社北京1月2日电` (a dateline) or `本报讯` (`place`/`date` empty)."""

    issuer: str
    place: str = ""
    date: str = ""
    wire: bool = False

    @property
    def dateline(self) -> str | None:
        """The gold dateline: only the `…电` forms are datelines, `本报讯` and `本报…讯` are not."""
        return half_width(f"{self.issuer}{self.place}{self.date}电") if self.wire else None


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    label: str


@dataclass
class Story:
    """One article as the typesetter receives it; `paragraphs` keep the source's characters."""

    story_id: str
    split: str
    title: str | None
    paragraphs: list[str]
    kicker: str | None = None
    deck: str | None = None
    lead: Lead | None = None
    authors: list[str] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    facts: list[dict] | None = None  # whole-article facts without offsets (gold folders)
    fact_spans: list[tuple[int, int, dict]] | None = None  # facts at body offsets (corpus + fact gold)
    byline_line: str | None = None  # the source's own name line under the headline, printed as is
    date: str = ""
    paper: str | None = None

    @property
    def body(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass
class Caption:
    """A photo caption with its photographers, from a corpus caption or a gold caption record."""

    caption_id: str
    split: str
    text: str
    authors: list[str]
    title: str | None = None
    entities: list[Entity] = field(default_factory=list)


@dataclass
class Pool:
    """Everything one split's pages are made of."""

    split: str
    stories: list[Story] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    names: list[str] = field(default_factory=list)


def split_of_date(date: str) -> str:
    """Corpus days 01-05 are `tune`, 06-10 are `report` (the day is the last two digits)."""
    return "tune" if int(date[-2:]) <= 5 else "report"


def split_of_doc(doc_id: str) -> str:
    """Gold documents go to `tune` or `report` by a stable hash of their id."""
    return "tune" if zlib.crc32(doc_id.encode("utf-8")) % 2 == 0 else "report"


def _person_spans(entities: list[dict]) -> set[str]:
    return {e["text"] for e in entities if e["label"] == "PER"}


def _names_in(text: str, persons: set[str]) -> list[str] | None:
    """`陈雁、何加正` → both, when every part is a person the corpus tagged; else None."""
    parts = [p for p in re.split(r"[、，\s]+", text) if p]
    return parts if parts and all(p in persons for p in parts) else None


_SIGNATURE = re.compile(r"^(?:本报)?(?:特约)?(?:评论员|编辑部|观察员)$")
"""An author line that names no person (`本报评论员`): a byline with no authors, never a deck."""
_ROLE = re.compile(r"^(?:本报|新华社)?(?:驻[^记]{1,6})?(?:特约)?记者")


def _concatenated_names(text: str, persons: set[str]) -> list[str] | None:
    """`廖玒陈智霞` → both, when the text is tagged names printed side by side, else None."""
    if not text:
        return []
    for size in (3, 2, 4):
        if text[:size] in persons and (rest := _concatenated_names(text[size:], persons)) is not None:
            return [text[:size], *rest]
    return None


def _post_and_name(line: str, persons: set[str]) -> list[str]:
    """`本报记者陈兴贵`, `本报记者廖玒陈智霞`, `水利部部长钮茂生`: the names (role or post dropped)."""
    if len(line) > 24:
        return []
    role = _ROLE.match(line)
    names = _concatenated_names(line[role.end() :] if role else line, persons)
    if names:
        return names
    ending = [person for person in persons if line.endswith(person) and len(person) >= 2]
    return [max(ending, key=len)] if ending and not role else []


def _is_headline(paragraph: str) -> bool:
    return 2 <= len(paragraph) <= 40 and not any(mark in paragraph for mark in "。？；")


def story_from_corpus(record: dict, facts: list[dict] | None = None) -> Story | Caption | None:
    """A corpus article as a Story (or a photo-only item as a Caption), None when unclear.

    Headline paragraphs are the short ones before the first paragraph that reads as body text
    (a lead, a sentence end or length): one is the title, two are title and deck, three are
    kicker, title and deck; a title with `——` inside prints its second half as the deck.
    A lead opening the first body paragraph is taken out and kept as the Lead; `（名字）` closing
    the last one, when the corpus tagged every name in it, gives the authors. Photo captions
    (`…（新华社记者某某摄）`) are left out of the body.
    """
    text, article_id = record["text"], record["id"]
    date = article_id.split("-")[1]
    split = split_of_date(date)
    persons = _person_spans(record.get("entities", []))
    paragraphs = text.split("\n")
    starts, offset = [], 0
    for paragraph in paragraphs:
        starts.append(offset)
        offset += len(paragraph) + 1

    head_count = 0
    while head_count < len(paragraphs) and _is_headline(paragraphs[head_count]):
        if _WIRE_LEAD.match(paragraphs[head_count]) or _LOCAL_LEAD.match(paragraphs[head_count]):
            break
        head_count += 1
    if head_count == len(paragraphs) or head_count > 3:
        return None
    heads = [_PICTURE_NOTE.sub("", p) for p in paragraphs[:head_count]]
    if any(not h or "（" in h for h in heads):
        return None
    byline_line, line_authors = None, []
    if len(heads) >= 2 and _SIGNATURE.match(heads[-1]):
        byline_line = heads.pop()
    elif len(heads) >= 2 and any(person in heads[-1] for person in persons):
        byline_line = heads.pop()
        line_authors = _names_in(byline_line, persons) or _post_and_name(byline_line, persons)
        if not line_authors:
            return None
    if any(person in head for head in heads for person in persons if len(person) > 1):
        return None
    body_spans: list[tuple[int, int]] = []  # (start, end) in the corpus text
    for index in range(head_count, len(paragraphs)):
        paragraph = paragraphs[index]
        if _PHOTO_CREDIT.search(paragraph) or _PICTURE_NOTE.search(paragraph):
            continue
        if "（" in paragraph and ("摄" in paragraph or "照片" in paragraph):
            return None
        if _INNER_CREDIT.match(paragraph) and index < len(paragraphs) - 1:
            return None  # a byline or a `图片：` line inside: several pieces in one corpus article
        body_spans.append((starts[index], starts[index] + len(paragraph)))
    if not body_spans:
        return None

    lead, authors, cut = None, [], 0
    first_start, first_end = body_spans[0]
    first = text[first_start:first_end]
    if wire := _WIRE_LEAD.match(first):
        lead = Lead(wire.group(1), wire.group(2), wire.group(3), wire=True)
        cut = wire.end()
    elif local := _LOCAL_LEAD.match(first):
        lead = Lead("本报", local.group(1) or "", local.group(2) or "")
        cut = local.end()
    elif re.match(r"^据?(新华社|本报|中新社)", first):
        return None
    if lead is not None:
        rest = first[cut:]
        if byline := _REPORTED.match(rest) or _PAREN_NAMES.match(rest):
            found = _names_in(byline.group(1), persons)
            if found is None:
                return None
            authors, cut = found, cut + byline.end()
        first_start += cut
    body_spans[0] = (first_start, first_end)

    last_start, last_end = body_spans[-1]
    if line_authors:
        if authors:
            return None
        authors = line_authors
    if tail := _TAIL_PARENS.search(text[last_start:last_end]):
        found = _names_in(tail.group(1), persons)
        if found is None:
            return None
        if authors:
            return None
        authors = found
        body_spans[-1] = (last_start, last_start + tail.start())
    body_spans = [(s, e) for s, e in body_spans if e > s]
    if not body_spans or sum(e - s for s, e in body_spans) < 30:
        return None
    if text[body_spans[-1][1] - 1] not in _SENTENCE_END or any("图片" in h for h in heads):
        return None

    entities, body_offset = [], 0
    for start, end in body_spans:
        for entity in record.get("entities", []):
            if start <= entity["start"] and entity["end"] <= end:
                entities.append(
                    Entity(entity["start"] - start + body_offset, entity["end"] - start + body_offset, entity["label"])
                )
        body_offset += end - start + 1
    entities.sort(key=lambda e: (e.start, e.end))
    fact_spans = None
    if facts is not None:
        fact_spans, body_offset = [], 0
        for start, end in body_spans:
            for fact in facts:
                if start <= fact["start"] and fact["end"] <= end:
                    fact_spans.append((fact["start"] - start + body_offset, fact["end"] - start + body_offset, fact))
            body_offset += end - start + 1

    kicker = deck = None
    if len(heads) == 3:
        kicker, title, deck = heads
    elif len(heads) == 2:
        title, deck = heads
    elif len(heads) == 1:
        title = heads[0]
        if "——" in title[1:]:
            title, _, rest = title.partition("——")
            deck = "——" + rest if rest else None
    else:
        title = None
    return Story(
        story_id=article_id,
        split=split,
        title=title,
        kicker=kicker,
        deck=deck,
        lead=lead,
        authors=authors,
        byline_line=byline_line,
        paragraphs=[text[s:e] for s, e in body_spans],
        entities=entities,
        fact_spans=fact_spans,
        date=date,
        paper="人民日报",
    )


_NUMBERED = re.compile(r"^[１-９0-9]{1,2}、")


def caption_from_corpus(record: dict) -> Iterator[Caption]:
    """Every `…（新华社记者某某摄）` paragraph of an article whose photographer the corpus tagged.

    Photo pages number their pictures (`１、大江截流展宏图` over `…（李舸摄）`): the number is
    dropped and such a line right above the caption becomes the caption's title.
    """
    persons = _person_spans(record.get("entities", []))
    split = split_of_date(record["id"].split("-")[1])
    paragraphs = record["text"].split("\n")
    start = 0
    for index, paragraph in enumerate(paragraphs):
        credit = _PHOTO_CREDIT.search(paragraph)
        numbered = _NUMBERED.match(paragraph)
        skip = numbered.end() if numbered else 0
        text = paragraph[skip : credit.start()] if credit else ""
        clean = 8 <= len(text) <= 120 and "（" not in text and text == text.strip()
        if credit and credit.group(1) in persons and clean:
            entities = [
                Entity(e["start"] - start - skip, e["end"] - start - skip, e["label"])
                for e in record.get("entities", [])
                if start + skip <= e["start"] and e["end"] <= start + skip + len(text)
            ]
            title = None
            if index and (heading := _NUMBERED.match(paragraphs[index - 1])) and _is_headline(paragraphs[index - 1]):
                title = half_width(paragraphs[index - 1][heading.end() :]) or None
            yield Caption(f"{record['id']}-c{index}", split, text, [credit.group(1)], title, entities)
        start += len(paragraph) + 1


def _locate_entities(text: str, entities: list[dict]) -> list[Entity] | None:
    """Gold entities carry no offsets: find each in order after the previous one."""
    located, cursor = [], 0
    for entity in entities:
        where = text.find(entity["text"], cursor)
        if where < 0:
            where = text.find(entity["text"])
        if where < 0:
            return None
        located.append(Entity(where, where + len(entity["text"]), entity["label"]))
        cursor = where + len(entity["text"])
    return sorted(located, key=lambda e: (e.start, e.end))


def _records(path: Path, required: tuple[str, ...], problems: list[str]) -> Iterator[dict]:
    """The JSON objects of a jsonl file; a bad line is one problem naming the file and line, and skipped."""
    try:
        content = path.read_text(encoding="utf-8")
    except OSError as error:
        problems.append(f"{path}: cannot read: {error.strerror}")
        return
    except UnicodeDecodeError:
        problems.append(f"{path}: not UTF-8 text")
        return
    for number, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(f"{path}:{number}: invalid JSON ({error.msg})")
            continue
        missing = [key for key in required if not isinstance(record, dict) or key not in record]
        if missing:
            problems.append(f"{path}:{number}: missing {', '.join(missing)}")
            continue
        yield record


def gold_folder(argument: str | Path) -> tuple[Path, str | None]:
    """`gold:tune` → all of the folder's articles in `tune`; a bare folder is split by document."""
    folder, _, split = str(argument).rpartition(":")
    if split in ("tune", "report") and folder:
        return Path(folder), split
    return Path(argument), None


def stories_from_gold(
    path: Path, problems: list[str] | None = None, split: str | None = None
) -> Iterator[Story | Caption]:
    """The records of one gold file as Stories and Captions (records without a body are skipped)."""
    doc_id = path.stem
    split = split or split_of_doc(doc_id)
    for record in _records(path, ("text",), [] if problems is None else problems):
        text = record.get("text") or ""
        story_id = f"{doc_id}-{record.get('article_index', 0)}"
        if not text:
            continue
        entities = _locate_entities(text, record.get("entities", []))
        if entities is None:
            continue
        if record.get("kind") == "caption":
            if "\n" not in text:
                authors = list(record.get("authors", []))
                yield Caption(story_id, split, text, authors, record.get("title"), entities)
            continue
        if record.get("kind", "article") != "article":
            continue
        subtitle = record.get("subtitle")
        dateline = record.get("dateline")
        lead = None
        if dateline and (wire := _WIRE_LEAD.match(dateline)):
            lead = Lead(wire.group(1), wire.group(2), wire.group(3), wire=True)
        elif dateline:
            continue
        is_deck = bool(subtitle) and subtitle.startswith(("——", "（"))
        yield Story(
            story_id=story_id,
            split=split,
            title=record.get("title"),
            kicker=None if is_deck else subtitle,
            deck=subtitle if is_deck else None,
            lead=lead,
            authors=list(record.get("authors", [])),
            paragraphs=text.split("\n"),
            entities=entities,
            facts=record.get("facts"),
        )


def person_names(stories: list[Story], corpus_persons: list[str]) -> list[str]:
    """Names to print in bylines: the authors already known and the corpus's full names."""
    names = {a for s in stories for a in s.authors} | set(corpus_persons)
    return sorted(n for n in names if 2 <= len(n) <= 3 and not re.search(r"[某０-９0-9A-Za-zＡ-Ｚａ-ｚ·]", n))


def load_facts(folders: list[Path], problems: list[str]) -> dict[str, list[dict]]:
    """Fact gold for corpus articles (`{"doc_id", "facts"}` lines, offsets into the corpus text)."""
    facts: dict[str, list[dict]] = {}
    for folder in folders:
        for path in sorted(Path(folder).rglob("*.jsonl")):
            for record in _records(path, ("doc_id", "facts"), problems):
                facts[record["doc_id"]] = record["facts"]
    return facts


def load_pools(
    corpus: Path | None = None,
    gold_dirs: list[Path | str] | None = None,
    problems: list[str] | None = None,
    fact_dirs: list[Path] | None = None,
) -> dict[str, Pool]:
    """Stories, captions and byline names for `tune` and `report`; bad lines go to `problems`."""
    problems = [] if problems is None else problems
    facts = load_facts(fact_dirs or [], problems)
    pools = {split: Pool(split) for split in ("tune", "report")}
    persons: dict[str, list[str]] = {"tune": [], "report": []}
    if corpus is not None:
        for record in _records(Path(corpus), ("id", "text"), problems):
            if not re.match(r"^pfr-\d{8}-", str(record["id"])):
                problems.append(f"{corpus}: id {record['id']!r} is not pfr-<date>-…: skipped")
                continue
            split = split_of_date(record["id"].split("-")[1])
            persons[split].extend(e["text"] for e in record.get("entities", []) if e["label"] == "PER")
            pools[split].captions.extend(caption_from_corpus(record))
            item = story_from_corpus(record, facts.get(record["id"]))
            if isinstance(item, Story):
                pools[split].stories.append(item)
    for argument in gold_dirs or []:
        gold_dir, split = gold_folder(argument)
        if not gold_dir.is_dir():
            problems.append(f"{gold_dir}: no such gold folder")
        for path in sorted(gold_dir.glob("*.jsonl")):
            for item in stories_from_gold(path, problems, split):
                pool = pools[item.split]
                if isinstance(item, Caption):
                    pool.captions.append(item)
                else:
                    pool.stories.append(item)
                    persons[item.split].extend(e for e in item.authors)
    for split, pool in pools.items():
        pool.names = person_names(pool.stories, persons[split])
    return pools
