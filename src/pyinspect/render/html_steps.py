"""The stepper page: a :class:`~pyinspect.model.Steps` as one self-contained
HTML document (inline CSS and JavaScript, no network).

What the page shows at each step: the source with the line that just ran
marked (and the frame's next line, lighter), the names picture of that
moment (drawn by :func:`pyinspect.render.svg.names_picture`, each object kept
in its place from step to step by :mod:`pyinspect.render.steps_place`), the
objects that changed outlined, the list of changes, and the exception a line
raised.  Previous/next buttons, a slider and the arrow keys move through the
steps (Home/End: first/last).

Size: each step's picture is cut into pieces (one per SVG element) and
every distinct piece is stored once; a step is the list of its pieces,
written against the previous step's list (runs it shares are one pair of
numbers).  Steps that change little add little.  Past ``COMPRESS_OVER``
bytes the data is also gzipped (base64 in the page; the browser's own
``DecompressionStream`` unpacks it): before 3.12 the counts of small ints
and ``None`` move at every step, so every step redraws those boxes.  The
first step is also drawn statically, so the page shows something without
JavaScript, and the document is well-formed XML.
"""

from __future__ import annotations

import base64
import gzip
import json
import math
import uuid
from typing import Any, Optional

from pyinspect.model.steps import CHANGE_KINDS, Snapshot, Steps
from pyinspect.render import svg
from pyinspect.render.steps_place import place
from pyinspect.render.xml_text import escape, quoteattr

__all__ = ["page", "fragment", "step_data", "STYLE", "SCRIPT"]

#: data (JSON bytes) above which the page carries it gzipped
COMPRESS_OVER = 512 * 1024
#: containers whose whole table is drawn below the picture at a step that changed it
TABLE_PICTURES = ("dict", "set", "frozenset")
#: table pictures drawn at most in one page (bounded output: a loop deleting keys)
MAX_TABLE_PICTURES = 64
#: the colour each kind of change outlines its object with
KIND_COLOURS = {"new": "#59a14f", "bound": "#4e79a7", "rebound": "#4e79a7", "unbound": "#777777",
                "mutated": "#f28e2b", "resized": "#b07aa1", "refcnt": "#1f7a8c", "freed": "#e15759"}

STYLE = """
.pyi-steps { font-family: DejaVu Sans Mono, Menlo, Consolas, monospace; font-size: 12px; color: #222;
  border: 1px solid #ccc; border-radius: 6px; padding: 8px; margin: 0.5em 0; outline: none; }
.pyi-steps:focus { border-color: #4e79a7; }
.pyi-steps .pyi-bar { display: flex; align-items: center; gap: 6px; flex-wrap: wrap; margin-bottom: 6px; }
.pyi-steps .pyi-bar button { font: inherit; padding: 2px 10px; cursor: pointer; }
.pyi-steps .pyi-bar button:disabled { cursor: default; opacity: 0.4; }
.pyi-steps .pyi-slider { flex: 1 1 200px; min-width: 120px; }
.pyi-steps .pyi-counter { min-width: 9em; text-align: right; }
.pyi-steps .pyi-status { margin: 4px 0; color: #34495e; font-weight: bold; }
.pyi-steps .pyi-exception { margin: 4px 0; padding: 4px 8px; background: #fde2e1; color: #a11; border-radius: 4px; }
.pyi-steps .pyi-main { display: flex; gap: 12px; align-items: flex-start; }
.pyi-steps .pyi-left { flex: 0 0 34%; min-width: 18em; }
.pyi-steps .pyi-src { margin: 0; padding: 4px 0; background: #fafafa; border: 1px solid #ddd; max-height: 32em;
  overflow: auto; white-space: pre; }
.pyi-steps .pyi-src .ln { display: block; padding: 0 8px 0 0; }
.pyi-steps .pyi-src .no { display: inline-block; width: 3.5em; padding-right: 0.8em; text-align: right; color: #999;
  user-select: none; }
.pyi-steps .pyi-src .ln.next { background: #eef4fb; }
.pyi-steps .pyi-src .ln.ran { background: #fde9a9; font-weight: bold; }
.pyi-steps .pyi-src .ln.ran .no::before { content: "\\25B6 "; color: #c0392b; }
.pyi-steps .pyi-src .ln.raised { background: #fbd0cd; }
.pyi-steps .pyi-changes { list-style: none; margin: 6px 0 0 0; padding: 0; max-height: 20em; overflow: auto; }
.pyi-steps .pyi-changes li { margin: 2px 0; }
.pyi-steps .pyi-changes .kind { display: inline-block; min-width: 5.5em; font-weight: bold; }
.pyi-steps .pyi-picture { flex: 1 1 auto; overflow: auto; max-height: 48em; }
.pyi-steps .pyi-picture svg { display: block; }
.pyi-steps .pyi-none { color: #777; font-style: italic; }
.pyi-steps .pyi-tables svg { display: block; margin-top: 8px; max-width: 100%; height: auto; }
""".strip() + "\n" + "\n".join(
    f".pyi-steps .kind-{k} {{ color: {c}; }}\n"
    f".pyi-steps g.object.changed-{k} rect.object-box {{ stroke: {c}; stroke-width: 3; }}"
    for k, c in KIND_COLOURS.items())

#: the stepper's behaviour; ``__ROOT__`` is replaced by the element id
SCRIPT = r"""
(function () {
  var root = document.getElementById("__ROOT__");
  if (!root || root.getAttribute("data-init") === "1") { return; }
  root.setAttribute("data-init", "1");
  var holder = root.querySelector("script.pyi-steps-data");
  var status0 = root.querySelector(".pyi-status");
  if (holder.getAttribute("data-encoding") === "gzip+base64") {
    if (typeof DecompressionStream === "undefined") {
      status0.textContent = "This browser cannot unpack the steps of this page (it needs DecompressionStream: " +
        "Chrome 80, Firefox 113, Safari 16.4 or later); only the first step is drawn.";
      return;
    }
    var bin = atob(holder.textContent.replace(/\s+/g, "")), bytes = new Uint8Array(bin.length);
    for (var b = 0; b < bin.length; b++) { bytes[b] = bin.charCodeAt(b); }
    new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).text()
      .then(function (t) { start(JSON.parse(t)); })
      .catch(function (e) { status0.textContent = "cannot unpack the steps: " + e; });
  } else {
    start(JSON.parse(holder.textContent));
  }
  function start(data) {
    var P = data.parts, S = data.steps, T = data.strs, n = S.length;
    var pic = root.querySelector(".pyi-picture"), slider = root.querySelector(".pyi-slider");
    var counter = root.querySelector(".pyi-counter"), status = root.querySelector(".pyi-status");
    var exc = root.querySelector(".pyi-exception"), list = root.querySelector(".pyi-changes");
    var src = root.querySelector(".pyi-src"), lines = {};
    var all = root.querySelectorAll(".pyi-src .ln");
    for (var i = 0; i < all.length; i++) { lines[all[i].getAttribute("data-line")] = all[i]; }
    var buttons = {};
    var bs = root.querySelectorAll(".pyi-bar button");
    for (var j = 0; j < bs.length; j++) { buttons[bs[j].getAttribute("data-act")] = bs[j]; }
    var cur = 0, marked = [];
    function undelta(prev, ops) {
      var out = [];
      for (var k = 0; k < ops.length; k++) {
        if (ops[k] >= 0) { out.push(ops[k]); }
        else { for (var c = 0; c < -ops[k]; c++) { out.push(prev[ops[k + 1] + c]); } k++; }
      }
      return out;
    }
    var lastP = [], lastT = [];
    for (var st = 0; st < n; st++) {
      S[st].p = lastP = undelta(lastP, S[st].p);
      S[st].t = lastT = undelta(lastT, S[st].t);
    }
    function head(w, h) {
      return '<svg xmlns="http://www.w3.org/2000/svg" class="pyinspect" width="' + w + '" height="' + h +
        '" viewBox="0 0 ' + w + ' ' + h + '" font-family="' + data.font + '" font-size="12">' + data.defs +
        '<rect class="background" x="0" y="0" width="' + w + '" height="' + h + '" fill="#ffffff"/>';
    }
    function text(s) { return document.createTextNode(s); }
    function show(i) {
      if (n === 0) { return; }
      cur = Math.max(0, Math.min(n - 1, i));
      var s = S[cur];
      var body = [];
      for (var k = 0; k < s.p.length; k++) { body.push(P[s.p[k]]); }
      var extra = [];
      for (var t = 0; t < s.t.length; t++) { extra.push(P[s.t[t]]); }
      pic.innerHTML = head(s.w, s.h) + body.join("") + "</svg>" + '<div class="pyi-tables">' + extra.join("") +
        "</div>";
      for (var m = 0; m < s.hl.length; m++) {
        var g = pic.querySelector('g.object[data-address="' + T[s.hl[m][0]] + '"]');
        if (g) { g.classList.add("changed", "changed-" + T[s.hl[m][1]]); }
      }
      for (var q = 0; q < marked.length; q++) { marked[q].classList.remove("ran", "next", "raised"); }
      marked = [];
      var ran = lines[String(s.l)], nxt = s.nl ? lines[String(s.nl)] : null;
      if (nxt && nxt !== ran) { nxt.classList.add("next"); marked.push(nxt); }
      if (ran) {
        ran.classList.add("ran");
        if (s.x >= 0) { ran.classList.add("raised"); }
        marked.push(ran);
        var top = ran.offsetTop - src.offsetTop, bottom = top + ran.offsetHeight;
        if (top < src.scrollTop || bottom > src.scrollTop + src.clientHeight) {
          src.scrollTop = Math.max(0, top - src.clientHeight / 3);
        }
      }
      status.textContent = T[s.st];
      if (s.x >= 0) { exc.textContent = T[s.x]; exc.style.display = ""; }
      else { exc.textContent = ""; exc.style.display = "none"; }
      while (list.firstChild) { list.removeChild(list.firstChild); }
      if (s.c.length === 0) {
        var none = document.createElement("li");
        none.className = "pyi-none"; none.appendChild(text("nothing changed in the picture"));
        list.appendChild(none);
      }
      for (var c = 0; c < s.c.length; c++) {
        var li = document.createElement("li"), kind = document.createElement("span");
        kind.className = "kind kind-" + T[s.c[c][0]];
        kind.appendChild(text(T[s.c[c][0]]));
        li.appendChild(kind);
        li.appendChild(text(" " + T[s.c[c][1]]));
        list.appendChild(li);
      }
      slider.value = String(cur);
      counter.textContent = "step " + (cur + 1) + " of " + n + (cur === n - 1 && data.end ? " (" + data.end + ")" : "");
      buttons.first.disabled = buttons.prev.disabled = cur === 0;
      buttons.last.disabled = buttons.next.disabled = cur === n - 1;
      root.setAttribute("data-step", String(cur));
    }
    var moves = { first: function () { return 0; }, prev: function () { return cur - 1; },
                  next: function () { return cur + 1; }, last: function () { return n - 1; } };
    Object.keys(moves).forEach(function (act) {
      buttons[act].addEventListener("click", function () { show(moves[act]()); });
    });
    slider.addEventListener("input", function () { show(parseInt(slider.value, 10)); });
    var keys = root.getAttribute("data-standalone") === "1" ? document : root;
    keys.addEventListener("keydown", function (e) {
      if (e.target === slider || e.altKey || e.ctrlKey || e.metaKey) { return; }
      var to = { ArrowRight: "next", ArrowLeft: "prev", Home: "first", End: "last" }[e.key];
      if (to) { e.preventDefault(); show(moves[to]()); }
    });
    show(0);
    root.setAttribute("data-ready", "1");
  }
})();
"""

#: the arrowhead every picture refers to (``url(#pyi-arrowhead)``)
DEFS = (
    '<defs><marker id="pyi-arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
    f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{svg.LINE}"/>'
    "</marker></defs>"
)


def delta(prev: list[int], cur: list[int]) -> list[int]:
    """``cur`` written against ``prev``: a number ``k >= 0`` is piece ``k``;
    a pair ``-n, i`` copies ``n`` numbers of ``prev`` from position ``i``."""
    first: dict[int, int] = {}
    for i, x in enumerate(prev):
        first.setdefault(x, i)
    out: list[int] = []
    i = 0
    while i < len(cur):
        p = first.get(cur[i])
        if p is not None:
            n = 1
            while i + n < len(cur) and p + n < len(prev) and prev[p + n] == cur[i + n]:
                n += 1
            if n >= 2:
                out += [-n, p]
                i += n
                continue
        out.append(cur[i])
        i += 1
    return out


def undelta(prev: list[int], ops: list[int]) -> list[int]:
    """The inverse of :func:`delta` (what the page's script does)."""
    out: list[int] = []
    k = 0
    while k < len(ops):
        if ops[k] >= 0:
            out.append(ops[k])
            k += 1
        else:
            out += prev[ops[k + 1]:ops[k + 1] - ops[k]]
            k += 2
    return out


def _caption(snap: Snapshot) -> str:
    lay = snap.names
    where = "at top level" if snap.function == "<module>" else f"in {snap.function}()"
    hidden = f"; {len(lay.hidden)} dunder/module names hidden" if lay.hidden else ""
    more = lay.names_omitted - len(lay.hidden)
    left = f"; {more} names not shown" if more > 0 else ""
    return (f"names {where} after line {snap.line}: {len(lay.names)} names → {len(lay.objects)} objects"
            f"{left}{hidden}")


def _status(steps: Steps, k: int) -> str:
    s = steps[k]
    where = "at top level" if s.function == "<module>" else f"in {s.function}()"
    depth = f", call depth {s.call_depth}" if s.call_depth else ""
    what = {"line": "ran", "return": "ran, and the frame returns", "yield": "ran, and the generator yields",
            "exception": "raised, and the exception leaves the frame"}.get(s.event, s.event)
    return f"line {s.line} {what} ({where}{depth})"


def step_data(steps: Steps) -> dict[str, Any]:
    """The page's data: distinct pieces of SVG, distinct strings, and per step
    the numbers of its pieces and strings (see the module docstring)."""
    parts: list[str] = []
    part_ids: dict[str, int] = {}
    strs: list[str] = []
    str_ids: dict[str, int] = {}

    def sid(s: str) -> int:
        got = str_ids.get(s)
        if got is None:
            got = str_ids[s] = len(strs)
            strs.append(s)
        return got

    def piece(p: str) -> int:
        got = part_ids.get(p)
        if got is None:
            got = part_ids[p] = len(parts)
            parts.append(p)
        return got

    out = []
    drawn_tables = tables_left = 0
    prev_p: list[int] = []
    prev_t: list[int] = []
    placements = place(steps.snapshots)
    memo: dict[Any, Any] = {}
    for k, snap in enumerate(steps.snapshots):
        d = svg.Drawing()
        svg.names_picture(snap.names, d, 8.0, 8.0, placements[k], caption=_caption(snap), memo=memo)
        ids = [piece(p) for p in d.parts]
        changes = [[sid(c.kind), sid(" ".join(p for p in (c.name or c.type_name or "", c.detail) if p))]
                   for c in snap.changes]
        marked: dict[int, str] = {}
        for c in snap.changes:  # the first (most telling) kind outlines the object
            if c.address is not None and c.kind in KIND_COLOURS and c.kind not in ("freed", "unbound"):
                marked.setdefault(c.address, c.kind)
        tables: list[int] = []
        for c in snap.changes:  # a dict's or set's table, drawn where it changed (a DUMMY slot, a resize)
            table = snap.table(c.address) if c.kind in ("mutated", "resized") and c.address is not None else None
            if table is None or table.family not in TABLE_PICTURES:
                continue
            if drawn_tables >= MAX_TABLE_PICTURES:
                tables_left += 1
                continue
            drawn_tables += 1
            fig = svg.figure(table)
            tables += [piece(f'<svg xmlns="http://www.w3.org/2000/svg" class="pyinspect table" '
                             f'width="{math.ceil(fig.width + fig.margin)}" '
                             f'height="{math.ceil(fig.height + fig.margin)}" font-family={quoteattr(svg.FONT)} '
                             f'font-size="{svg.SIZE}">')]
            tables += [piece(p) for p in fig.parts] + [piece("</svg>")]
        out.append({
            "t": delta(prev_t, tables),
            "l": snap.line, "nl": snap.next_line or 0, "st": sid(_status(steps, k)),
            "x": sid(snap.exception) if snap.exception else -1, "c": changes, "p": delta(prev_p, ids),
            "w": math.ceil(d.width + d.margin), "h": math.ceil(d.height + d.margin),
            "hl": [[sid(f"{a:#x}"), sid(kind)] for a, kind in marked.items()],
        })
        prev_p, prev_t = ids, tables
    end = (f"stopped: max_steps={steps.max_steps} reached" if steps.truncated
           else f"the trace was switched off before the end; ended by {steps.exception}"
           if steps.ended == "untraced" and steps.exception
           else "the trace was switched off before the end" if steps.ended == "untraced"
           else f"ended by {steps.exception}" if steps.exception else "the end")
    if steps.skipped:
        end += f"; {steps.skipped} steps not drawn at the recursion limit"
    if tables_left:
        end += f"; {tables_left} more table pictures not drawn (the changes list them)"
    return {"parts": parts, "strs": strs, "steps": out, "font": svg.FONT, "defs": DEFS, "end": end}


def _json(data: Any) -> str:
    """JSON safe inside a <script> of HTML and of XML: no < > & at all."""
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _data_script(data: dict[str, Any], compress: Optional[bool]) -> str:
    """The page's data in a ``<script>``: JSON, or, past ``COMPRESS_OVER``
    bytes (or when ``compress`` says so), gzip in base64, which the page
    unpacks with the browser's own ``DecompressionStream``."""
    text = _json(data)
    if compress is False or (compress is None and len(text) <= COMPRESS_OVER):
        return f'<script type="application/json" class="pyi-steps-data">{text}</script>'
    raw = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    packed = base64.b64encode(gzip.compress(raw, compresslevel=6, mtime=0)).decode("ascii")
    lines = "\n".join(packed[i:i + 120] for i in range(0, len(packed), 120))
    return (f'<script type="application/octet-stream" class="pyi-steps-data" data-encoding="gzip+base64" '
            f'data-bytes="{len(raw)}">\n{lines}\n</script>')


def _source_html(steps: Steps) -> str:
    rows = []
    for i, line in enumerate(steps.lines):
        no = steps.first_line + i
        rows.append(f'<span class="ln" data-line="{no}"><span class="no">{no}</span>{escape(line)}</span>')
    if not rows:
        rows.append('<span class="pyi-none">(source not available)</span>')
    return "".join(rows)


def _first_picture(data: dict[str, Any]) -> str:
    if not data["steps"]:
        return '<p class="pyi-none">no line of the snippet ran</p>'
    s = data["steps"][0]
    w, h = s["w"], s["h"]
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="pyinspect" width="{w}" height="{h}" '
            f'viewBox="0 0 {w} {h}" font-family={quoteattr(svg.FONT)} font-size="12">{DEFS}'
            f'<rect class="background" x="0" y="0" width="{w}" height="{h}" fill="#ffffff"/>'
            + "".join(data["parts"][i] for i in undelta([], s["p"])) + '</svg><div class="pyi-tables">'
            + "".join(data["parts"][i] for i in undelta([], s["t"])) + "</div>")


def fragment(steps: Steps, standalone: bool = False, element_id: Optional[str] = None,
             compress: Optional[bool] = None) -> str:
    """The stepper as one ``<div>`` (Jupyter's ``text/html``): its style,
    data and script inside it.  ``standalone`` lets the arrow keys work
    anywhere on the page (in a notebook they work once the stepper has the
    focus: click it).  ``compress``: gzip the data (``None``: when it is
    larger than ``COMPRESS_OVER``)."""
    root = element_id or f"pyi-steps-{uuid.uuid4().hex[:12]}"
    data = step_data(steps)
    n = len(steps)
    last = max(n - 1, 0)
    kinds = " ".join(f'<span class="kind-{k}">{k}</span>' for k in CHANGE_KINDS)
    bar = (
        '<div class="pyi-bar">'
        '<button type="button" data-act="first" title="first step (Home)">|◀</button>'
        '<button type="button" data-act="prev" title="previous step (←)">◀ prev</button>'
        f'<input class="pyi-slider" type="range" min="0" max="{last}" value="0" step="1" '
        'aria-label="step"/>'
        '<button type="button" data-act="next" title="next step (→)">next ▶</button>'
        '<button type="button" data-act="last" title="last step (End)">▶|</button>'
        f'<span class="pyi-counter">{"step 1 of " + str(n) if n else "no steps"}</span>'
        "</div>"
    )
    status = escape(data["strs"][data["steps"][0]["st"]]) if n else ""
    return (
        f'<div class="pyi-steps" id="{root}" tabindex="0" data-standalone="{1 if standalone else 0}" '
        f'data-steps="{n}" data-step="0">'
        f"<style>{STYLE}</style>{bar}"
        f'<div class="pyi-status">{status}</div><div class="pyi-exception" style="display: none"></div>'
        '<div class="pyi-main"><div class="pyi-left">'
        f'<pre class="pyi-src">{_source_html(steps)}</pre>'
        f'<ul class="pyi-changes"></ul><p class="pyi-kinds">{kinds}</p></div>'
        f'<div class="pyi-picture">{_first_picture(data)}</div></div>'
        f"{_data_script(data, compress)}"
        f"<script>//<![CDATA[\n{SCRIPT.replace('__ROOT__', root)}\n//]]></script>"
        "</div>"
    )


def page(steps: Steps, title: Optional[str] = None, compress: Optional[bool] = None) -> str:
    """The stepper as a whole HTML document (what ``save(steps, "x.html")`` writes)."""
    if title is None:
        title = f"pyinspect steps: {steps.filename}"
    return (
        '<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml" lang="en"><head><meta charset="utf-8"/>'
        f"<title>{escape(title)}</title><style>body {{ margin: 1em; background: #ffffff; }} "
        "h1 { font-family: sans-serif; font-size: 1.2em; }</style></head>"
        f"<body><h1>{escape(title)}</h1>{fragment(steps, True, 'pyi-steps', compress)}</body></html>\n"
    )
