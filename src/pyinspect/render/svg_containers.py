"""SVG pictures of dicts and sets: indices → entries with arrows, the set's
slots (issue 6, phase 2, once the dict/set Layouts of issue 3 exist).

Register with ``@pyinspect.render.svg.renders(DictLayout)``; until then those
Layouts draw through :func:`pyinspect.render.svg.field_table`.
"""

from __future__ import annotations
