"""SVG pictures of functions, closures (function → closure tuple → cells →
contents), code objects, types and generators (issue 6, phase 2, once the
Layouts of issue 4 exist).

Register with ``@pyinspect.render.svg.renders(FunctionLayout)``; until then
those Layouts draw through :func:`pyinspect.render.svg.field_table`.
"""

from __future__ import annotations
