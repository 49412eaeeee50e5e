"""The JSON Schema of one output line, shipped with the package."""

import json
from functools import cache
from importlib.resources import files
from typing import Any


@cache
def article_schema() -> dict[str, Any]:
    return json.loads(files(__name__).joinpath("article.schema.json").read_text(encoding="utf-8"))
