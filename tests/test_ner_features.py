"""Character clusters in the learned layer's features, and the recipe that makes them."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

from pipeline.ner.crf_features import FeatureBuilder, char_clusters, read_char_clusters
from pipeline.types import Token

ROOT = Path(__file__).resolve().parent.parent


def _shared_prefix(paths: list[str]) -> int:
    """How many levels of the cluster tree all `paths` go down together."""
    levels = [len(set(steps)) == 1 for steps in zip(*paths, strict=True)]
    return levels.index(False) if False in levels else len(levels)


def _recipe():
    spec = importlib.util.spec_from_file_location("ner_clusters", ROOT / "benchmarks" / "ner_clusters.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cluster_lines_give_a_coarse_prefix_and_the_fine_path_and_skip_comments() -> None:
    clusters = read_char_clusters("# made by a recipe\n王\t2203\n局\t1210\n")
    assert clusters == {"王": ("22", "2203"), "局": ("12", "1210")}


def test_each_character_sees_the_clusters_of_itself_and_its_neighbours() -> None:
    clusters = read_char_clusters("王\t2203\n艳\t0330\n说\t3111\n")
    sentence = "王艳说，"
    words = [Token("王艳", 0, 2, "PER"), Token("说", 2, 3, "v"), Token("，", 3, 4, "w")]
    rows = FeatureBuilder(clusters=clusters)(sentence, words)
    assert {"k0=2203", "q0=22", "k-1=-", "k1=0330", "q1=03", "k2=3111"} <= set(rows[0])
    assert {"k0=0330", "k-1=2203", "q-1=22", "k1=3111", "k-2=-"} <= set(rows[1])
    assert {"k0=-", "q0=-", "k-1=3111", "k-2=0330"} <= set(rows[3])


def test_a_character_never_seen_in_training_shares_the_cluster_names_of_one_alike() -> None:
    clusters = read_char_clusters("蔡\t2203\n谌\t2203\n")
    builder = FeatureBuilder(clusters=clusters)
    seen = builder("蔡说", [Token("蔡", 0, 1, "nr"), Token("说", 1, 2, "v")])
    unseen = builder("谌说", [Token("谌", 0, 1, "nr"), Token("说", 1, 2, "v")])
    shared = {name for name in set(seen[0]) & set(unseen[0]) if name.startswith(("k", "q"))}
    assert shared == {"k0=2203", "q0=22", "k-1=-", "q-1=-", "k-2=-", "k1=-", "q1=-", "k2=-"}
    assert "c0=蔡" in seen[0] and "c0=蔡" not in unseen[0]


def test_the_shipped_clusters_put_the_common_surnames_together() -> None:
    clusters = char_clusters()
    surnames = "王李张刘陈杨赵黄周吴"
    assert all(name in clusters for name in surnames)
    coarse = [clusters[name][0] for name in surnames]
    assert max(coarse.count(group) for group in coarse) >= 7
    assert len({clusters[char][0] for char in "省市县区镇乡村"}) <= 2


def test_the_recipe_clusters_characters_that_fill_the_same_slots_in_unlabelled_text() -> None:
    recipe = _recipe()
    rng = random.Random(7)
    people, places = "甲乙丙丁", "东南西北"
    texts = [
        f"{rng.choice(people)}先生去了{rng.choice(places)}城，{rng.choice(places)}城欢迎{rng.choice(people)}先生。"
        for _ in range(400)
    ]
    chars, vectors = recipe.text_vectors(texts, min_count=5, dimensions=8)
    paths = dict(zip(chars, recipe.cluster_paths(vectors, branches=2, depth=4), strict=True))
    shared_by_people = _shared_prefix([paths[char] for char in people])
    shared_by_places = _shared_prefix([paths[char] for char in places])
    shared_across = _shared_prefix([paths[people[0]], paths[places[0]]])
    assert shared_by_people > shared_across and shared_by_places > shared_across
