"""Numeric facts as a small grammar: word classes as data, chunks, and attachment rules.

- `data/units.toml`, `data/words.toml`: the word classes (units, linking and figure verbs,
  modals, scope and time words …), read once by `lexicon.py`;
- `roles.py`: each word's role (an enum) from its text and tag;
- `chunks.py`: noun phrases and verb chains over the words of a clause;
- `filters.py`: which quantities are facts; `attach.py`: subject and predicate;
- `extract.py`: `extract_facts(text, tokens, entities)`, what the `facts` stage calls.
"""
