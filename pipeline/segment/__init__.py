"""Article segmentation of a cleaned newspaper page (the logic of the `segment` stage).

`cues` says what a paragraph is from the forms printers use (profile data), `layout` reads the
printed lines cleanup measured, `match` scores headlines against bodies by shared rare content,
and `pages` cuts bodies, groups headlines and makes the records. See docs/segmentation.md.
"""
