"""The planner's workbench: a local web app to add, check and review activity records.

``python build_map.py serve`` starts it (see :mod:`geo.workbench.server`). The pure parts — place
suggestions (:mod:`.places`), corrections and withdrawals with their history (:mod:`.edits`),
proposals from articles and spreadsheets (:mod:`.imports`) — take the gazetteer and paths as
arguments; :mod:`.app` is the thin web layer over them, and ``static/`` holds the page, its
script and its stylesheet.
"""
