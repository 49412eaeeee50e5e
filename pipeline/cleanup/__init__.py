"""Cleanup of PDF-extracted newspaper text (the logic of the `cleanup` stage).

`text` reads the printed lines, takes out furniture and fake bold, decides where paragraphs end
and builds the layout and offset map; `order` puts columns written line by line in turn back in
reading order. See docs/cleanup.md.
"""
