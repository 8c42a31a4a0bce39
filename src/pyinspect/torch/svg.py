"""SVG pictures of tensors, storages, modes and DataLoader traces.

* a tensor: its shape and strides, its storage as a strip of cells with the
  elements of this view marked (and the cells it skips), then each element's
  bytes with the bit fields coloured as the float picture colours them;
* a storage map (:func:`pyinspect.torch.storages`): one strip per tensor,
  aligned under its storage, so views of one storage at their offsets line up;
* a DataLoader trace (:func:`pyinspect.torch.trace`): the chapter's four
  stages, sampler -> batch sampler -> fetch (workers) -> collate (-> pin),
  then each batch's indices, worker and collated tensors.

Input: the Layouts of :mod:`pyinspect.torch.model` only; nothing here
imports torch.  :mod:`pyinspect.torch` imports this module, which registers
the pictures (and tells ``pyinspect.show``/``save`` to draw the torch
results as they are).
"""

from __future__ import annotations

from typing import Any, Optional

from pyinspect.render import svg
from pyinspect.render.common import elided
from pyinspect.render.svg import (
    ADDRESS,
    BYTE,
    DIM,
    EXPONENT,
    GAP,
    INK,
    MANTISSA,
    NAME,
    OBJECT,
    SIGN,
    SMALL,
    SPARE,
    USED,
    Drawing,
    note,
    section,
    text_width,
    title_bar,
)
from pyinspect.render.views import drawn_as_is, text_picture
from pyinspect.torch.common import explain_kinds, fmt_num, fmt_tuple
from pyinspect.torch.model import (
    BatchRecord,
    LoaderTrace,
    ModesLayout,
    StorageGroup,
    StorageMap,
    TensorElement,
    TensorLayout,
)
from pyinspect.torch.text import render_picture

__all__ = ["ROLE_FILL", "STATE_FILL", "STRIP_CELLS", "BATCH_FILLS", "storage_strip", "element_bits"]

#: bit colours by BitField role (floats as in the float picture)
ROLE_FILL = {"sign": SIGN, "exponent": EXPONENT, "mantissa": MANTISSA, "integer": "#76b7b2", "bits": "#bab0ac"}
#: storage cells by coverage state: -1 somewhere in the span (not placed one
#: by one), 0 not reached by this tensor, 1 its elements, 2 elements sharing bytes
STATE_FILL = {-1: "#cfe8cf", 0: "#ffffff", 1: USED, 2: "#ffd966"}
STATE_NAME = {-1: "span", 0: "skipped", 1: "element", 2: "shared"}
#: cells of a storage strip at most (one per element while they fit)
STRIP_CELLS = 64
#: one fill per batch in the DataLoader picture (cycled)
BATCH_FILLS = ("#a6cee3", "#b2df8a", "#fdbf6f", "#cab2d6", "#fb9a99", "#ffff99", "#8dd3c7", "#d9d9d9")
WORKER_FILLS = ("#1f78b4", "#33a02c", "#ff7f00", "#6a3d9a", "#e31a1c", "#b15928", "#17becf", "#7f7f7f")
RH = 22.0

for _cls in (StorageMap, ModesLayout, LoaderTrace):
    drawn_as_is(_cls)
    text_picture(_cls)(render_picture)


def _cell_width(n: int) -> float:
    return 24.0 if n <= 24 else 14.0 if n <= 48 else 11.0


def storage_strip(d: Drawing, x: float, y: float, states: tuple[int, ...], marks: Optional[dict[int, str]] = None,
                  cls: str = "storage-strip", **data: Any) -> float:
    """A storage as a row of cells coloured by coverage state; ``marks``
    writes a label (the view's element numbers) into some cells.  Returns
    the x right of the strip."""
    w = _cell_width(len(states))
    d.begin(cls, data_cells=str(len(states)), **data)
    cx = x
    for k, state in enumerate(states):
        d.rect(cx, y, w, 20, fill=STATE_FILL.get(state, SPARE), cls=f"storage-cell {STATE_NAME.get(state, '')}",
               data_cell=str(k), data_state=str(state))
        if marks and k in marks and w >= 14:
            d.text(cx + w / 2, y + 14, marks[k], size=SMALL - 1 if len(marks[k]) < 3 else SMALL - 3,
                   anchor="middle", cls="element-mark")
        cx += w
    d.end()
    return cx


def element_bits(d: Drawing, e: TensorElement, x: float, y: float) -> float:
    """An element's bit fields, most significant first, each bit a cell
    coloured by its role; returns the x right of the last bit."""
    total = sum(len(f.bits) for f in e.fields)
    bw = 9.0 if total <= 32 else 6.0 if total <= 64 else 3.5
    cx = x
    for f in e.fields:
        d.begin("bit-field", data_field=f.name, data_role=f.role, data_bits=f.bits)
        for b in f.bits:
            d.rect(cx, y, bw, 16, fill=ROLE_FILL.get(f.role, BYTE), stroke="#ffffff", cls=f"bit {f.role}",
                   data_bit=b)
            if bw >= 9:
                d.text(cx + bw / 2, y + 12, b, size=SMALL - 2, fill="#ffffff", anchor="middle", cls="bit-value")
            cx += bw
        d.end()
        cx += 3
    return cx


# ---- a tensor ----------------------------------------------------------------------------


@svg.renders(TensorLayout)
def _tensor(lay: TensorLayout, d: Drawing, x: float, y: float, rows: int) -> float:
    info = lay.info
    y = note(d, x, y, f"shape {fmt_tuple(lay.shape)}: {lay.numel} element{'s' if lay.numel != 1 else ''}, "
                      f"{lay.ndim}-d; dtype {lay.dtype}, {info.itemsize} B per element: {info.description}")
    shape_of = "contiguous (row-major, no gaps)" if lay.contiguous else (
        f"{lay.memory_format}, not row-major" if lay.memory_format else "not contiguous")
    y = note(d, x, y, f"device {lay.device}, layout {lay.layout}; {shape_of}")
    grad = f"requires_grad={lay.requires_grad}" + (f", grad_fn={lay.grad_fn}" if lay.grad_fn else "")
    grad += ", a leaf" if lay.is_leaf else ", made by a recorded operation"
    if lay.version is not None:
        grad += f"; version {lay.version}"
    y = note(d, x, y, f"autograd: {grad}")
    y = note(d, x, y, f"pinned: {lay.pinning_note}")
    if lay.is_conj or lay.is_neg:
        lazy = " and ".join(b for b, on in (("conjugate", lay.is_conj), ("negative", lay.is_neg)) if on)
        y = note(d, x, y, f"{lazy} bit set: reads apply it, the stored bytes below do not")
    if lay.stride and len(lay.stride) == len(lay.shape):
        y = _dims(lay, d, x, y + 6)
    if lay.storage_nbytes is not None and lay.itemsize:
        y = _storage(lay, d, x, y + 4)
    if lay.elements:
        how = ("read at their addresses in host memory" if lay.read_via == "host memory"
               else "only these elements copied from the device")
        y = section(d, x, y + 6, f"elements in logical order ({how})")
        y = _elements(lay, d, x, y, rows)
        kinds = {e.kind for e in lay.elements if e.kind}
        for line in explain_kinds(info, kinds):
            y = note(d, x, y, line)
    elif lay.data_note:
        y = note(d, x, y + 4, f"no element bytes: {lay.data_note}")
    return y


def _dims(lay: TensorLayout, d: Drawing, x: float, y: float) -> float:
    cols = (("dim", 44.0), ("size", 70.0), ("stride", 80.0), ("stride bytes", 100.0))
    cx = x
    for name, w in cols:
        d.text(cx + 4, y + 12, name, size=SMALL, fill=DIM, bold=True, cls="column")
        cx += w
    y += 16
    d.begin("dims", data_ndim=str(lay.ndim))
    for k, (n, s) in enumerate(zip(lay.shape, lay.stride)):
        cx = x
        d.begin("dim", data_dim=str(k), data_size=str(n), data_stride=str(s))
        for (_name, w), t in zip(cols, (str(k), str(n), str(s), str(s * lay.itemsize))):
            d.rect(cx, y, w, RH, fill=USED if s == 0 and n > 1 else "#ffffff", cls="dim-cell")
            d.text(cx + 5, y + 15, t, cls="dim-text")
            cx += w
        d.end()
        y += RH
    d.end()
    idx = ", ".join(f"i{k}" for k in range(lay.ndim))
    terms = " + ".join(f"i{k}×{s}" for k, s in enumerate(lay.stride)) or "0"
    y = note(d, x, y + 2, f"t[{idx}] sits at storage offset {lay.storage_offset} + {terms} (elements)")
    if 0 in lay.stride and lay.numel > 1:
        y = note(d, x, y, "stride 0: elements along that dimension repeat one storage slot (expand/broadcast)")
    return y


def _storage(lay: TensorLayout, d: Drawing, x: float, y: float) -> float:
    elems = lay.storage_elements or 0
    stored = f"{lay.storage_nbytes} B at {lay.storage_data_ptr or 0:#x} ({elems} × {lay.dtype})"
    if lay.storage_address is not None:
        stored += f", StorageImpl {lay.storage_address:#x}"
    if lay.storage_shared:
        stored += ", in shared memory"
    y = section(d, x, y, "the storage, and the elements this view uses")
    y = note(d, x, y, stored)
    states, exact = lay.coverage(STRIP_CELLS)
    if not states:
        return y
    per_element = len(states) == elems
    marks: dict[int, str] = {}
    if per_element:
        by_cell: dict[int, list[int]] = {}
        for e in lay.elements:
            if 0 <= e.offset < len(states):
                by_cell.setdefault(e.offset, []).append(e.index)
        marks = {c: (str(v[0]) if len(v) == 1 else f"{v[0]}+") for c, v in by_cell.items()}
    top = y + 14
    right = storage_strip(d, x, top, states, marks, data_exact=str(exact).lower(),
                          data_offset=str(lay.storage_offset))
    w = _cell_width(len(states))
    # offsets under the strip
    step = 8 if per_element and len(states) > 16 else 4 if per_element else max(1, len(states) // 8)
    for k in range(0, len(states), step):
        label = str(k) if per_element else f"{k * (lay.storage_nbytes or 0) // len(states)} B"
        d.text(x + k * w + 1, top + 32, label, size=SMALL - 2, fill=DIM, cls="strip-offset")
    d.text(right + 8, top + 14, "one cell = one element" if per_element
           else f"one cell ≈ {(lay.storage_nbytes or 0) / len(states):.3g} B", size=SMALL, fill=DIM, cls="strip-unit")
    # the view's span as a bracket above the strip
    span = lay.span
    if span is not None and lay.storage_nbytes:
        first = min(len(states) - 1, span[0] * lay.itemsize * len(states) // lay.storage_nbytes)
        last = min(len(states) - 1, ((span[1] + 1) * lay.itemsize - 1) * len(states) // lay.storage_nbytes)
        x1, x2 = x + first * w + 1, x + (last + 1) * w - 1
        d.path(f"M{x1:.1f},{top - 2:.1f} L{x1:.1f},{top - 8:.1f} L{x2:.1f},{top - 8:.1f} L{x2:.1f},{top - 2:.1f}",
               cls="view-span", head=False, data_first=str(span[0]), data_last=str(span[1]))
    y = top + 36
    if lay.fills_storage:
        return note(d, x, y, "the tensor fills its storage exactly")
    reach = f"elements {span[0]}..{span[1]}" if span else "no elements"
    return note(d, x, y, f"a view: it reaches {reach} of the storage's {elems}; white cells are bytes it skips, "
                         "shared with whatever tensor it was made from")


def _elements(lay: TensorLayout, d: Drawing, x: float, y: float, rows: int) -> float:
    names = " | ".join(dict.fromkeys(f.name.split(".")[-1] for f in lay.elements[0].fields))
    pos_w = max([text_width("[" + ", ".join(map(str, e.position)) + "]", SMALL) for e in lay.elements] + [40]) + 12
    cols = (("i", 46.0), ("index", pos_w), ("offset", 56.0), ("address", 124.0),
            (f"bytes ({lay.byteorder}-endian)",
             max(23.0 * lay.itemsize + 12, text_width(f"bytes ({lay.byteorder}-endian)", SMALL) + 14)))
    cx = x
    for name, w in cols:
        d.text(cx + 4, y + 12, name, size=SMALL, fill=DIM, bold=True, cls="column")
        cx += w
    d.text(cx + 4, y + 12, f"bits: {names}", size=SMALL, fill=DIM, bold=True, cls="column")
    y += 18
    d.begin("elements", data_count=str(len(lay.elements) + lay.elements_omitted))
    for i, e in elided(lay.elements, lay.elements_head, lay.elements_omitted, rows):
        if i is None:
            y = note(d, x + 46, y, f"… {e} more elements not shown …")
            continue
        d.begin("element", data_index=str(e.index), data_offset=str(e.offset))
        cx = x
        cells = (str(e.index), "[" + ", ".join(map(str, e.position)) + "]", str(e.offset), f"{e.address:#x}")
        for (_name, w), t in zip(cols, cells):
            d.text(cx + 4, y + 14, t, size=SMALL, fill=ADDRESS if _name == "address" else INK, cls=f"el-{_name}")
            cx += w
        bx = cx
        for b in e.raw:
            d.rect(bx, y + 1, 22, 17, fill=BYTE, cls="byte")
            d.text(bx + 11, y + 14, f"{b:02x}", size=SMALL, anchor="middle", cls="byte-hex")
            bx += 23
        cx += cols[-1][1]
        cx = element_bits(d, e, cx + 4, y + 1)
        value = fmt_num(e.value) + (f" ({e.kind})" if e.kind in ("subnormal", "inf", "nan") else "")
        d.text(cx + 8, y + 14, value, bold=True, fill="#c0392b" if e.kind in ("inf", "nan") else INK,
               cls="el-value")
        d.end()
        y += RH
    d.end()
    roles = sorted({f.role for e in lay.elements for f in e.fields})
    return note(d, x, y + 2, "bits: " + ", ".join(f"{r} {_colour_name(r)}" for r in roles))


def _colour_name(role: str) -> str:
    return {"sign": "red", "exponent": "green", "mantissa": "blue", "integer": "teal", "bits": "grey"}.get(role, "")


# ---- tensors by storage ---------------------------------------------------------------------


@svg.pictures(StorageMap)
def _storage_map(m: StorageMap, d: Drawing, rows: int) -> str:
    x, y = 8.0, 8.0
    title = f"tensors by storage: {m.source}"
    d.begin("figure storage-map", data_family="storages", data_tensors=str(m.tensors))
    y = title_bar(d, x, y, title, f"{m.tensors} tensors, {len(m.groups)} storages")
    if not m.groups:
        y = note(d, x, y, "no strided tensors found")
    for k, g in enumerate(m.groups):
        if k >= rows:
            y = note(d, x, y, f"… {len(m.groups) - rows} more storages not drawn")
            break
        y = _group(g, d, x, y, rows)
    note(d, x, y, "green: that tensor's elements; yellow: elements sharing bytes; white: bytes it does not "
                  "reach. A write through one name is seen by every name on the same storage.")
    d.end()
    return title


def _group(g: StorageGroup, d: Drawing, x: float, y: float, rows: int) -> float:
    d.begin("storage-group", data_storage=f"{g.storage_address:#x}", data_shared=str(g.shared).lower(),
            data_views=str(len(g.views)))
    head = f"storage {g.data_ptr:#x}: {g.nbytes} B on {g.device}, StorageImpl {g.storage_address:#x}"
    if g.shared:
        head += f": shared by {len(g.views)} tensors"
    d.text(x, y + 13, head, bold=True, fill="#b7950b" if g.shared else INK, cls="storage-head")
    y += 20
    name_w = max([text_width(v.label) for v in g.views] + [40]) + 16
    unit = min(v.itemsize for v in g.views)
    for i, v in elided(g.views, len(g.views), 0, rows):
        if i is None:
            y = note(d, x, y, f"… {v} more tensors on this storage")
            continue
        d.begin("view", data_names=v.label, data_offset=str(v.storage_offset),
                data_bytes=f"{v.byte_start}-{v.byte_end}")
        d.rect(x, y, name_w, RH, fill=NAME, rx=4, cls="name", data_name=v.label)
        d.text(x + name_w / 2, y + 15, v.label, anchor="middle", bold=True, cls="name-label")
        states, exact = g.coverage(v, STRIP_CELLS)
        right = storage_strip(d, x + name_w + 12, y + 1, states)
        d.text(right + 10, y + 15, f"{v.dtype}{list(v.shape)} stride {fmt_tuple(v.stride)} offset {v.storage_offset}"
                                   f" → bytes {v.byte_start}..{v.byte_end}", size=SMALL, cls="view-text")
        d.end()
        y += RH + 4
    cells = len(g.coverage(g.views[0], STRIP_CELLS)[0]) if g.views else 0
    if cells:
        per = g.nbytes / cells
        d.text(x + name_w + 12, y + 10, f"one cell = {unit} B" if per == unit else f"one cell ≈ {per:.3g} B",
               size=SMALL - 1, fill=DIM, cls="strip-unit")
        y += 16
    d.end()
    return y + 8


# ---- modes ------------------------------------------------------------------------------------------


@svg.pictures(ModesLayout)
def _modes(m: ModesLayout, d: Drawing, rows: int) -> str:
    x, y = 8.0, 8.0
    title = "modes" + (f" of {m.model_type}" if m.model_type else "")
    d.begin("figure modes", data_family="modes")
    y = title_bar(d, x, y, title, "train/eval flags and autograd state")
    if m.modules:
        y = section(d, x, y, "training flag of every submodule")
        for i, mod in elided(m.modules, len(m.modules), 0, max(rows, 8)):
            if i is None:
                y = note(d, x, y, f"… {mod} more modules")
                continue
            name = mod.name.rsplit(".", 1)[-1] if mod.name else "(model)"
            ix = x + 16 * mod.depth
            d.begin("module", data_name=mod.name, data_training=str(mod.training).lower())
            d.rect(ix, y, 52, RH - 4, fill="#a0d9a0" if mod.training else "#a6cee3", rx=3, cls="mode-badge")
            d.text(ix + 26, y + 13, "train" if mod.training else "eval", size=SMALL, anchor="middle", bold=True,
                   cls="mode-text")
            extra = "  reads the flag (dropout/norm)" if mod.mode_dependent else ""
            params = f"  {mod.parameters} params ({mod.trainable} trainable)" if mod.parameters else ""
            d.text(ix + 60, y + 13, f"{name}: {mod.type_name}{params}{extra}", size=SMALL + 1, cls="module-text")
            d.end()
            y += RH
    y = section(d, x, y + 4, "this thread's autograd state")
    y = note(d, x, y, "grad mode: " + ("enabled, operations are recorded for backward()" if m.grad_enabled
                                       else "disabled (no_grad): nothing is recorded"))
    y = note(d, x, y, f"inference mode {'on' if m.inference_mode else 'off'}; deterministic {m.deterministic}; "
                      f"anomaly detection {m.anomaly}")
    for a in m.autocast:
        y = note(d, x, y, f"autocast {a.device_type}: " + (f"on, eligible ops run in {a.dtype}" if a.enabled
                                                            else f"off (would use {a.dtype})"))
    for n in m.notes:
        y = note(d, x, y, "• " + n)
    d.end()
    return title


# ---- a DataLoader trace --------------------------------------------------------------------------

STAGE_W = 190.0
STAGE_H = 62.0


def _stages(tr: LoaderTrace) -> list[tuple[str, str, str]]:
    if tr.dataset_kind == "map":
        first = ("① sampler", tr.sampler_type + (" (shuffle)" if tr.shuffle else ""), "yields dataset indices")
        second = (("② batch sampler", tr.batch_sampler_type,
                   f"batch_size={tr.batch_size}, drop_last={tr.drop_last}") if tr.batch_sampler_type
                  else ("② batch sampler", "none", "batch_size=None: one index each"))
        fetch = ("③ fetch", f"{tr.dataset_type}[i]", "for each index of a batch")
    else:
        first = ("① sampler", "none", "an IterableDataset yields its own samples")
        second = ("② batch sampler", "counts samples", f"batch_size={tr.batch_size}")
        fetch = ("③ fetch", f"next(iter({tr.dataset_type}))", "in each worker")
    return [first, second, fetch, ("④ collate", tr.collate_fn, "samples → one batch (stacked)")]


@svg.pictures(LoaderTrace)
def _trace(tr: LoaderTrace, d: Drawing, rows: int) -> str:
    x, y = 8.0, 8.0
    size = f", {tr.dataset_len} samples" if tr.dataset_len is not None else ""
    title = f"DataLoader over {tr.dataset_type} ({tr.dataset_kind}-style{size})"
    d.begin("figure loader-trace", data_family="dataloader", data_workers=str(tr.num_workers))
    y = title_bar(d, x, y, title, f"{len(tr.batches)} batches traced")
    y = _pipeline(tr, d, x, y + 4)
    y = _stream(tr, d, x, y + 8)
    y = _batches(tr, d, x, y + 6, rows)
    notes = []
    if tr.dropped:
        notes.append(f"drawn by the sampler but dropped by drop_last=True: {_indices(tr.dropped)}")
    if tr.in_flight:
        notes.append(f"still in flight when the trace stopped (prefetched): tasks {list(tr.in_flight)}")
    if tr.base_seed is not None and tr.num_workers:
        notes.append(f"base seed {tr.base_seed}: worker w seeds torch and random with base_seed + w")
    if any(leaf.shared for b in tr.batches for leaf in b.leaves):
        notes.append("shm: the batch's storage is in shared memory, written by the worker process and mapped "
                     "by the main process without a copy")
    for n in notes:
        y = note(d, x, y, n)
    d.end()
    return title


def _pipeline(tr: LoaderTrace, d: Drawing, x: float, y: float) -> float:
    """The four stages as boxes joined by arrows, the workers under fetch, and pin memory."""
    cx = x
    d.begin("pipeline")
    boxes: list[tuple[float, float]] = []
    for k, (name, what, how) in enumerate(_stages(tr)):
        d.begin("stage", data_stage=str(k + 1), data_name=name[2:])
        d.rect(cx, y, STAGE_W, STAGE_H, fill=OBJECT, rx=6, cls="stage-box")
        d.text(cx + 8, y + 16, name, bold=True, cls="stage-name")
        d.text(cx + 8, y + 34, _clip(what, 24), cls="stage-what")
        d.text(cx + 8, y + 51, _clip(how, 30), size=SMALL, fill=DIM, cls="stage-how")
        d.end()
        boxes.append((cx, cx + STAGE_W))
        cx += STAGE_W + 36
    pin_x = cx
    used = tr.pin_memory_used
    d.begin("stage pin", data_stage="5", data_name="pin memory", data_used=str(used).lower())
    d.rect(pin_x, y, 150, STAGE_H, fill="#a0d9a0" if used else "#ffffff", rx=6, dash=not used, cls="stage-box")
    d.text(pin_x + 8, y + 16, "(→ pin memory)", bold=True, fill=INK if used else DIM, cls="stage-name")
    d.text(pin_x + 8, y + 34, "pinned" if used else ("asked, not pinned" if tr.pin_memory else "off"),
           cls="stage-what")
    d.text(pin_x + 8, y + 51, "page-locked host memory", size=SMALL, fill=DIM, cls="stage-how")
    d.end()
    for (_a0, a1), (b0, _b1) in zip(boxes, boxes[1:] + [(pin_x, pin_x)]):
        d.arrow(a1, y + STAGE_H / 2, b0, y + STAGE_H / 2, cls="arrow stage-arrow", bend=0.3)
    d.end()
    y += STAGE_H + 8
    # where fetch and collate run
    fx = boxes[2][0]
    d.begin("workers", data_count=str(tr.num_workers))
    if tr.num_workers:
        pids = tr.worker_pids
        shown = min(tr.num_workers, 8)
        for w in range(shown):
            pid = f" (pid {pids[w]})" if w < len(pids) else ""
            d.rect(fx, y, STAGE_W * 2 + 36, 18, fill=WORKER_FILLS[w % len(WORKER_FILLS)], rx=3, cls="worker",
                   data_worker=str(w))
            d.text(fx + 6, y + 13, f"worker {w}{pid}: fetch + collate, up to prefetch_factor={tr.prefetch_factor}",
                   size=SMALL, fill="#ffffff", cls="worker-text")
            y += 20
        if tr.num_workers > shown:
            y = note(d, fx, y, f"… {tr.num_workers - shown} more workers")
        y = note(d, fx, y, f"batch k goes to worker k mod {tr.num_workers} "
                           f"({tr.start_method or 'default start method'})")
    else:
        d.rect(fx, y, STAGE_W * 2 + 36, 18, fill="#7f7f7f", rx=3, cls="worker main", data_worker="main")
        d.text(fx + 6, y + 13, "main process: fetch + collate when next() asks (num_workers=0)", size=SMALL,
               fill="#ffffff", cls="worker-text")
        y += 20
    d.end()
    return note(d, x, y, tr.pin_note)


def _clip(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def _indices(values: tuple[Any, ...], limit: int = 12) -> str:
    vs = [str(v) for v in values]
    if len(vs) > limit:
        vs = vs[: limit - 2] + ["…"] + vs[-1:]
    return "[" + " ".join(vs) + "]"


def _stream(tr: LoaderTrace, d: Drawing, x: float, y: float) -> float:
    """The sampler's indices in order, each coloured by the batch it went into."""
    if not tr.sampler_stream:
        return y
    y = section(d, x, y, "① the sampler's indices, coloured by the batch ② put them in")
    batch_of: dict[int, int] = {}
    for b in tr.batches:
        if b.sampler_span is not None:
            for pos in range(b.sampler_span[0], b.sampler_span[1]):
                batch_of[pos] = b.position
    dropped_from = len(tr.sampler_stream) - len(tr.dropped) if tr.dropped else None
    limit = 64
    shown = list(range(min(len(tr.sampler_stream), limit)))
    widths = [max(22.0, text_width(str(tr.sampler_stream[p]), SMALL) + 8) for p in shown]
    cx = x
    d.begin("sampler-stream", data_count=str(len(tr.sampler_stream)))
    for p, w in zip(shown, widths):
        if cx + w > x + 1100:
            cx = x
            y += 24
        b = batch_of.get(p)
        state = "batch" if b is not None else ("dropped" if dropped_from is not None and p >= dropped_from
                                               else "not traced")
        fill = BATCH_FILLS[b % len(BATCH_FILLS)] if b is not None else GAP
        d.rect(cx, y, w, 20, fill=fill, dash=b is None, cls=f"index-chip {state.replace(' ', '-')}",
               data_position=str(p), data_batch=str(b) if b is not None else None,
               data_index=str(tr.sampler_stream[p]))
        d.text(cx + w / 2, y + 14, str(tr.sampler_stream[p]), size=SMALL, anchor="middle", cls="chip-text")
        cx += w + 2
    d.end()
    y += 26
    if len(tr.sampler_stream) > limit:
        y = note(d, x, y, f"… {len(tr.sampler_stream) - limit} more indices")
    return y


def _batches(tr: LoaderTrace, d: Drawing, x: float, y: float, rows: int) -> float:
    y = section(d, x, y, "②③④ each batch: its indices, the worker that fetched and collated it, what came out")
    cols = (("batch", 60.0), ("indices", 170.0), ("worker", 150.0), ("collated", 260.0), ("pinned", 70.0),
            ("drawn → arrived (waited)", 200.0))
    cx = x
    for name, w in cols:
        d.text(cx + 4, y + 12, name, size=SMALL, fill=DIM, bold=True, cls="column")
        cx += w
    y += 18
    d.begin("batches", data_count=str(len(tr.batches)))
    for i, b in elided(tr.batches, len(tr.batches), 0, rows):
        if i is None:
            y = note(d, x, y, f"… {b} more batches")
            continue
        y = _batch_row(tr, b, d, x, y, cols)
    d.end()
    return y + 4


def _batch_row(tr: LoaderTrace, b: BatchRecord, d: Drawing, x: float, y: float, cols: tuple) -> float:
    worker = "main" if b.worker is None else f"worker {b.worker}"
    d.begin("batch", data_position=str(b.position), data_task=str(b.task),
            data_worker="main" if b.worker is None else str(b.worker), data_pinned=str(b.pinned).lower())
    cx = x
    d.rect(cx, y, cols[0][1] - 4, RH - 2, fill=BATCH_FILLS[b.position % len(BATCH_FILLS)], rx=3, cls="batch-badge")
    d.text(cx + 6, y + 14, str(b.position) + ("" if b.task == b.position else f" (task {b.task})"), size=SMALL,
           bold=True, cls="batch-text")
    cx += cols[0][1]
    d.text(cx + 4, y + 14, _clip(_indices(b.indices) if b.indices is not None else "-", 26), size=SMALL,
           cls="batch-indices")
    cx += cols[1][1]
    wfill = "#7f7f7f" if b.worker is None else WORKER_FILLS[b.worker % len(WORKER_FILLS)]
    d.rect(cx, y, cols[2][1] - 8, RH - 2, fill=wfill, rx=3, cls="worker-badge")
    d.text(cx + 6, y + 14, worker + (f" ({b.worker_pid})" if b.worker_pid else ""), size=SMALL, fill="#ffffff",
           cls="batch-worker")
    cx += cols[2][1]
    leaves = "  ".join((f"{leaf.path} " if leaf.path else "")
                       + (f"{leaf.dtype}[{', '.join(map(str, leaf.shape))}]" if leaf.shape is not None
                          else leaf.type_name) + (" shm" if leaf.shared else "") for leaf in b.leaves)
    d.text(cx + 4, y + 14, _clip(leaves, 40), size=SMALL, cls="batch-leaves")
    cx += cols[3][1]
    d.text(cx + 4, y + 14, "yes" if b.pinned else "no", size=SMALL, bold=b.pinned,
           fill="#2e7d32" if b.pinned else INK, cls="batch-pinned")
    cx += cols[4][1]
    drawn = "-" if b.drawn_at is None else f"{b.drawn_at * 1e3:.1f}"
    d.text(cx + 4, y + 14, f"{drawn} → {b.arrived_at * 1e3:.1f} ms ({b.waited * 1e3:.1f})", size=SMALL,
           fill=DIM, cls="batch-times")
    d.end()
    return y + RH
