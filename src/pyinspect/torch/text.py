"""Terminal pictures of tensors, storages, modes and DataLoader traces.

Input: the Layouts of :mod:`pyinspect.torch.model` only; nothing here imports
torch.  Registered with :func:`pyinspect.render.text.renders` when
:mod:`pyinspect.torch` is imported.
"""

from __future__ import annotations

from typing import Any, Optional

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from pyinspect.render.table import Fitting, Table
from pyinspect.render.text import (
    ADDRESS_STYLE,
    EXPONENT_STYLE,
    MANTISSA_STYLE,
    NOTE_STYLE,
    SIGN_STYLE,
    addr,
    elided,
    gap_row,
    kv_table,
    renders,
    section,
)
from pyinspect.torch.common import explain_kinds, fmt_g, fmt_num, fmt_tuple
from pyinspect.torch.dtypes import BitField, DtypeInfo
from pyinspect.torch.model import (
    LoaderTrace,
    ModesLayout,
    StorageGroup,
    StorageMap,
    TensorElement,
    TensorLayout,
)

__all__ = ["render_picture", "explain_kinds", "fields_text", "coverage_bar"]

ROLE_STYLE = {"sign": SIGN_STYLE, "exponent": EXPONENT_STYLE, "mantissa": MANTISSA_STYLE,
              "integer": "bold", "bits": "dim"}
COVER_CELLS = 64
WARN_STYLE = "bold yellow"


# ---- shared pieces ---------------------------------------------------------------------








#: a bit field longer than this is written in groups of 8 bits, counted from
#: its least significant end (so a narrow terminal wraps it between groups)
GROUP_BITS_OVER = 24


def group_bits(bits: str) -> str:
    """``bits`` in groups of 8 from the right when longer than :data:`GROUP_BITS_OVER`."""
    if len(bits) <= GROUP_BITS_OVER:
        return bits
    head = len(bits) % 8
    groups = ([bits[:head]] if head else []) + [bits[i:i + 8] for i in range(head, len(bits), 8)]
    return " ".join(groups)


def fields_text(fields: tuple[BitField, ...]) -> Text:
    """The bit fields, coloured by role and separated by spaces (complex
    halves and packed nibbles by `` ‖ ``); long fields (int64's 64 bits,
    float64's 52 mantissa bits) in groups of 8 bits."""
    out = Text()
    prev_prefix: Optional[str] = None
    for k, f in enumerate(fields):
        prefix = f.name.split(".")[0] if "." in f.name else None
        if k:
            out.append(" ‖ " if prefix != prev_prefix else " ")
        out.append(group_bits(f.bits), style=ROLE_STYLE.get(f.role, ""))
        prev_prefix = prefix
    return out


def coverage_bar(counts: tuple[int, ...], exact: bool) -> Text:
    """One character per cell of :func:`pyinspect.torch.model.coverage`:
    ■ elements of the tensor, ▣ elements that share bytes (expand,
    as_strided), □ bytes the tensor does not reach, ▒ somewhere in the
    tensor's span (big tensors, not placed one by one)."""
    bar = Text()
    for c in counts:
        if c < 0:
            bar.append("▒", style="green")
        elif c == 0:
            bar.append("□", style="dim")
        elif c == 1:
            bar.append("■", style="bold green")
        else:
            bar.append("▣", style="bold yellow")
    return bar


def _format_line(info: DtypeInfo) -> Text:
    t = Text(f"{info.itemsize} B per element; {info.description}")
    if info.max_finite is not None:
        t.append(f"\nlargest {fmt_g(info.max_finite)}, smallest normal {fmt_g(info.min_normal)}", style=NOTE_STYLE)
        if info.epsilon is not None and info.decimal_digits is not None:
            t.append(f", ε {fmt_g(info.epsilon)} (about {info.decimal_digits} decimal digits)", style=NOTE_STYLE)
    return t






# ---- tensors ----------------------------------------------------------------------------


def _element_table(lay: TensorLayout, rows: int, with_address: bool = True) -> Table:
    t = Table(box=box.SIMPLE_HEAD, show_edge=False)
    t.add_column("i", justify="right", no_wrap=True)
    t.add_column("index", no_wrap=True)
    t.add_column("offset", justify="right", no_wrap=True)
    if with_address:
        t.add_column("address", style=ADDRESS_STYLE, no_wrap=True)
    t.add_column(f"bytes in memory ({lay.byteorder}-endian)")
    names = " | ".join(dict.fromkeys(f.name.split(".")[-1] for f in (lay.elements[0].fields if lay.elements else ())))
    t.add_column(f"bits: {names}" if names else "bits")
    t.add_column("value", justify="right")
    for i, el in elided(lay.elements, lay.elements_head, lay.elements_omitted, rows):
        if i is None:
            gap: list[Any] = [""] * len(t.columns)
            gap[-3] = gap_row(el)  # in the bytes column, which wraps: the number columns keep their width
            t.add_row(*gap)
            continue
        e: TensorElement = el
        value = Text(fmt_num(e.value), style="bold")
        if e.kind in ("inf", "nan"):
            value.stylize("bold red")
        elif e.kind == "subnormal":
            value.append(" (subnormal)", style=WARN_STYLE)
        index = "[" + ", ".join(str(p) for p in e.position) + "]"
        cells = [str(e.index), index, str(e.offset)] + ([hex(e.address)] if with_address else [])
        t.add_row(*cells, e.raw.hex(" "), fields_text(e.fields), value)
    return t


def _elements(lay: TensorLayout, rows: int) -> RenderableType:
    """The element table; where the width is short, without the address
    column (each address is data_ptr + offset × itemsize, said below)."""
    def without_address() -> RenderableType:
        note = Text(f"address of element i = data_ptr {lay.data_ptr:#x} + offset × {lay.itemsize} B"
                    if lay.data_ptr is not None else "", style=NOTE_STYLE)
        return Group(_element_table(lay, rows, with_address=False), note)

    return Fitting(lambda: _element_table(lay, rows), without_address)


@renders(TensorLayout)
def _tensor(lay: TensorLayout, rows: int) -> RenderableType:
    info = lay.info
    shape = fmt_tuple(lay.shape)
    count = f"  {lay.numel} element{'s' if lay.numel != 1 else ''}, {lay.ndim}-d"
    rows_kv: list[tuple[str, Any]] = [
        ("shape", Text.assemble((shape, "bold"), (count, NOTE_STYLE))),
        ("dtype", Text.assemble((lay.dtype, "bold"), "  ", _format_line(info))),
        ("device", Text(lay.device + ("" if lay.layout == "strided" else f"  layout {lay.layout}"))),
    ]
    if lay.stride or lay.layout == "strided":
        st = Text(fmt_tuple(lay.stride))
        st.append(f" elements = {fmt_tuple(lay.byte_strides)} bytes", style=NOTE_STYLE)
        if lay.contiguous:
            st.append("  contiguous (row-major, no gaps)", style="green")
        elif lay.memory_format:
            st.append(f"  {lay.memory_format}, not row-major contiguous", style=WARN_STYLE)
        else:
            st.append("  not contiguous", style=WARN_STYLE)
        if 0 in lay.stride and lay.numel > 1:
            st.append("  stride 0: elements repeat one storage slot (expand/broadcast)", style=WARN_STYLE)
        rows_kv.append(("stride", st))
        rows_kv.append(("storage_offset", Text(f"{lay.storage_offset} elements = "
                                               f"{lay.storage_offset * lay.itemsize} bytes")))
    if lay.data_ptr is not None and lay.storage_data_ptr is not None:
        rows_kv.append(("data_ptr", Text.assemble(addr(lay.data_ptr), (
            f"  = storage data {lay.storage_data_ptr:#x} + {lay.storage_offset} × {lay.itemsize} B", NOTE_STYLE))))
    if lay.storage_nbytes is not None:
        stor = Text.assemble(f"{lay.storage_nbytes} bytes at ", addr(lay.storage_data_ptr))
        if lay.storage_elements is not None:
            stor.append(f"  ({lay.storage_elements} × {lay.dtype})", style=NOTE_STYLE)
        if lay.storage_address is not None:
            stor.append("  StorageImpl ", style=NOTE_STYLE)
            stor.append(hex(lay.storage_address), style=ADDRESS_STYLE)
        if lay.storage_shared:
            stor.append("  in shared memory", style=WARN_STYLE)
        rows_kv.append(("storage", stor))
        counts, exact = lay.coverage(COVER_CELLS)
        if counts:
            cell_bytes = lay.storage_nbytes / len(counts)
            bar = coverage_bar(counts, exact)
            unit = (f"one cell = {lay.itemsize} B" if cell_bytes == lay.itemsize
                    else f"one cell ≈ {cell_bytes:.3g} B")
            bar.append(f"  {unit}", style=NOTE_STYLE)
            rows_kv.append(("storage map", bar))
            if lay.fills_storage:
                rows_kv.append(("", Text("the tensor fills its storage exactly", style=NOTE_STYLE)))
            else:
                sp = lay.span
                reach = f"elements {sp[0]}..{sp[1]} of the storage's {lay.storage_elements}" if sp else "no elements"
                rows_kv.append(("", Text(f"a view: it reaches {reach}; the storage is shared with whatever "
                                         "tensor it was sliced from (□ = storage bytes this tensor skips)",
                                         style=WARN_STYLE)))
    pin_style = {"pinned": "bold green", "not pinned": "", "unavailable": WARN_STYLE}.get(lay.pinning, "")
    rows_kv.append(("pinned", Text.assemble((lay.pinning, pin_style), (f"  {lay.pinning_note}", NOTE_STYLE))))
    grad = Text(f"requires_grad={lay.requires_grad}")
    if lay.grad_fn:
        grad.append(f"  grad_fn={lay.grad_fn}", style="bold")
    grad.append("  leaf" if lay.is_leaf else "  made by a recorded operation", style=NOTE_STYLE)
    if lay.has_grad:
        grad.append("  .grad is set", style=NOTE_STYLE)
    if lay.version is not None:
        grad.append(f"  version {lay.version}", style=NOTE_STYLE)
    rows_kv.append(("autograd", grad))
    if lay.is_conj or lay.is_neg:
        bits_ = [b for b, on in (("conjugate", lay.is_conj), ("negative", lay.is_neg)) if on]
        rows_kv.append(("lazy bits", Text(f"{' and '.join(bits_)} bit set: reads apply it, the bytes below are "
                                          "stored without it", style=WARN_STYLE)))
    parts: list[RenderableType] = [kv_table(rows_kv)]
    if lay.elements:
        how = ("read at their addresses in host memory" if lay.read_via == "host memory"
               else "only these elements copied from the device to the host")
        parts += [section(f"elements in logical order ({how})"), _elements(lay, rows)]
        kinds = {e.kind for e in lay.elements if e.kind}
        parts += [Text(n, style=NOTE_STYLE) for n in explain_kinds(info, kinds)]
    elif lay.data_note:
        parts.append(Text(f"\nno element bytes: {lay.data_note}", style=NOTE_STYLE))
    return Group(*parts)


# ---- storages ----------------------------------------------------------------------------


def _group_table(g: StorageGroup, rows: int) -> Table:
    t = Table(box=box.SIMPLE_HEAD, show_edge=False)
    t.add_column("name")
    t.add_column("shape", no_wrap=True)
    t.add_column("stride", no_wrap=True)
    t.add_column("offset", justify="right", no_wrap=True)
    t.add_column("dtype", no_wrap=True)
    t.add_column("bytes", no_wrap=True)
    unit = min(v.itemsize for v in g.views)
    t.add_column(f"storage ({'one cell = ' + str(unit) + ' B' if g.nbytes // unit <= COVER_CELLS else 'scaled'})")
    for i, v in elided(g.views, len(g.views), 0, rows):
        if i is None:
            t.add_row(gap_row(v), "", "", "", "", "", "")
            continue
        counts, exact = g.coverage(v, COVER_CELLS)
        t.add_row(Text(v.label, style="bold"), str(v.shape), str(v.stride), str(v.storage_offset), v.dtype,
                  f"{v.byte_start}..{v.byte_end}", coverage_bar(counts, exact))
    return t


def _storage_map(m: StorageMap, rows: int) -> RenderableType:
    parts: list[RenderableType] = []
    if not m.groups:
        parts.append(Text("no strided tensors found", style=NOTE_STYLE))
    for g in m.groups:
        head = Text.assemble(("storage ", "bold"), addr(g.data_ptr), f"  {g.nbytes} B on {g.device}",
                             ("  StorageImpl ", NOTE_STYLE), (hex(g.storage_address), ADDRESS_STYLE))
        if g.shared:
            head.append(f"  shared by {len(g.views)} tensors", style=WARN_STYLE)
        parts += [head, _group_table(g, rows), Text("")]
    parts.append(Text("■ elements of that tensor  ▣ elements sharing bytes  □ not reached by it; "
                      "a write through one name is seen by every name on the same storage", style=NOTE_STYLE))
    return Panel(Group(*parts), title=Text.assemble(("tensors by storage", "bold"), f"  {m.source}"),
                 title_align="left", subtitle=Text(f"{m.tensors} tensors, {len(m.groups)} storages",
                                                   style=NOTE_STYLE),
                 subtitle_align="right", box=box.ROUNDED, expand=False)


# ---- modes ---------------------------------------------------------------------------------


def _modes(m: ModesLayout, rows: int) -> RenderableType:
    parts: list[RenderableType] = []
    if m.modules:
        t = Table(box=box.SIMPLE_HEAD, show_edge=False)
        t.add_column("module")
        t.add_column("type")
        t.add_column("mode")
        t.add_column("reads the flag")
        t.add_column("params (trainable)", justify="right")
        for i, mod in elided(m.modules, len(m.modules), 0, max(rows, 8)):
            if i is None:
                t.add_row(gap_row(mod), "", "", "", "")
                continue
            name = "  " * mod.depth + (mod.name.rsplit(".", 1)[-1] if mod.name else "(model)")
            mode = Text("train", style="bold green") if mod.training else Text("eval", style="bold blue")
            dep = Text("yes: dropout/norm", style=WARN_STYLE) if mod.mode_dependent else Text("-", style="dim")
            params = f"{mod.parameters} ({mod.trainable})" if mod.parameters else "-"
            t.add_row(name, mod.type_name, mode, dep, params)
        parts += [section(f"{m.model_type}: training flag of every submodule", first=True), t]
    state: list[tuple[str, Any]] = [
        ("grad mode", Text("enabled: operations are recorded for backward()", style="bold green") if m.grad_enabled
         else Text("disabled (torch.no_grad() or set_grad_enabled(False)): nothing is recorded",
                   style="bold blue")),
        ("inference mode", Text("on (torch.inference_mode())", style="bold blue") if m.inference_mode
         else Text("off")),
    ]
    for a in m.autocast:
        state.append((f"autocast {a.device_type}", Text(f"on: eligible ops run in {a.dtype}", style=WARN_STYLE)
                      if a.enabled else Text(f"off  (would use {a.dtype})", style=NOTE_STYLE)))
    state.append(("deterministic", str(m.deterministic)))
    state.append(("anomaly detection", str(m.anomaly)))
    parts += [section("this thread's autograd state", first=not m.modules), kv_table(state)]
    if m.notes:
        parts.append(Text(""))
        parts += [Text("• " + n, style=WARN_STYLE if "without" in n or "inside" in n else NOTE_STYLE)
                  for n in m.notes]
    title = "modes" + (f" of {m.model_type}" if m.model_type else "")
    return Panel(Group(*parts), title=Text(title, style="bold"), title_align="left", box=box.ROUNDED,
                 expand=False)


# ---- DataLoader traces ----------------------------------------------------------------------


def _idx_text(values: Optional[tuple[Any, ...]], limit: int = 12) -> str:
    if values is None:
        return "-"
    vs = [str(v) for v in values]
    if len(vs) > limit:
        vs = vs[:limit - 2] + ["…"] + vs[-1:]
    return "[" + " ".join(vs) + "]"


def _leaf_text(tr: LoaderTrace, b: Any) -> Text:
    out = Text()
    for k, leaf in enumerate(b.leaves):
        if k:
            out.append("  ")
        if leaf.path:
            out.append(leaf.path + " ", style=NOTE_STYLE)
        if leaf.shape is not None:
            out.append(f"{leaf.dtype}[{', '.join(map(str, leaf.shape))}]", style="bold")
        else:
            out.append(leaf.type_name, style="dim")
    return out


#: the batch table's columns: what each batch is, and when it came (a
#: narrow terminal gets them as two tables, each starting with the batch)
_WHAT = ("batch", "① sampler positions", "② indices", "③ worker", "④ collated")
_WHEN = ("batch", "pinned", "drawn", "arrived", "waited")
_RIGHT = ("batch", "drawn", "arrived", "waited")


def _batch_cells(b: Any, tr: LoaderTrace) -> dict[str, Any]:
    span = "-" if b.sampler_span is None else f"{b.sampler_span[0]}..{b.sampler_span[1] - 1}"
    worker = "main" if b.worker is None else f"{b.worker}" + (f" (pid {b.worker_pid})" if b.worker_pid else "")
    if b.task != b.position:
        worker += f"  task {b.task}"
    shared = any(leaf.shared for leaf in b.leaves)
    pinned = Text("yes", style="bold green") if b.pinned else Text("no" + (" (shm)" if shared else ""))
    return {"batch": str(b.position), "① sampler positions": span, "② indices": _idx_text(b.indices),
            "③ worker": worker, "④ collated": _leaf_text(tr, b), "pinned": pinned,
            "drawn": "-" if b.drawn_at is None else f"{b.drawn_at * 1e3:.1f} ms",
            "arrived": f"{b.arrived_at * 1e3:.1f} ms", "waited": f"{b.waited * 1e3:.1f} ms"}


def _batch_table(tr: LoaderTrace, rows: int, columns: tuple[str, ...]) -> Table:
    t = Table(box=box.SIMPLE_HEAD, show_edge=False)
    for name in columns:
        t.add_column(name, justify="right" if name in _RIGHT else "left", no_wrap=name in _RIGHT)
    for i, b in elided(tr.batches, len(tr.batches), 0, rows):
        if i is None:
            t.add_row("", gap_row(b), *[""] * (len(columns) - 2))
            continue
        cells = _batch_cells(b, tr)
        t.add_row(*(cells[name] for name in columns))
    return t


def _trace(tr: LoaderTrace, rows: int) -> RenderableType:
    workers = (f"in {tr.num_workers} worker processes ({tr.start_method or 'default start method'}); "
               f"batch k goes to worker k mod {tr.num_workers}, each keeps up to prefetch_factor="
               f"{tr.prefetch_factor} batches in flight" if tr.num_workers
               else "in the main process, when next() asks (num_workers=0)")
    stream = _idx_text(tr.sampler_stream, 24) if tr.sampler_stream else "-"
    stages = Table.grid(padding=(0, 1))
    stages.add_column(style="bold")
    stages.add_column()
    if tr.dataset_kind == "map":
        stages.add_row("① sampler", Text.assemble(
            (tr.sampler_type, "bold"), " (shuffle)" if tr.shuffle else "",
            (f"  yields dataset indices: {stream}", NOTE_STYLE)))
        if tr.batch_sampler_type:
            groups = " ".join(_idx_text(b.indices, 6) for b in tr.batches[:6])
            stages.add_row("② batch sampler", Text.assemble(
                (tr.batch_sampler_type, "bold"), f"(batch_size={tr.batch_size}, drop_last={tr.drop_last})",
                (f"  groups them: {groups}", NOTE_STYLE)))
        else:
            stages.add_row("② batch sampler", Text("none (batch_size=None): each index is fetched alone",
                                                   style=NOTE_STYLE))
        stages.add_row("③ fetch", Text(f"{tr.dataset_type}[i] for each index, {workers}"))
    else:
        stages.add_row("① sampler", Text("none: an IterableDataset yields its own samples", style=NOTE_STYLE))
        stages.add_row("② batch sampler", Text(f"counts batch_size={tr.batch_size} samples per batch",
                                               style=NOTE_STYLE))
        stages.add_row("③ fetch", Text(f"next(iter({tr.dataset_type})) in each worker, {workers}"))
    stages.add_row("④ collate", Text(f"{tr.collate_fn}: samples -> one batch (tensors stacked)"))
    stages.add_row("  pin memory", Text(tr.pin_note, style="bold green" if tr.pin_memory_used
                                        else (WARN_STYLE if tr.pin_memory else NOTE_STYLE)))
    batches = Fitting(lambda: _batch_table(tr, rows, _WHAT + _WHEN),
                      lambda: Group(_batch_table(tr, rows, _WHAT), _batch_table(tr, rows, _WHEN)))
    parts: list[RenderableType] = [stages, Text(""), batches]
    notes = []
    if tr.dropped:
        notes.append(f"drawn by the sampler but dropped by drop_last=True (a short last group): "
                     f"{_idx_text(tr.dropped)}")
    if tr.in_flight:
        notes.append(f"still in flight when the trace stopped (prefetched): tasks {list(tr.in_flight)}")
    if tr.base_seed is not None and tr.num_workers:
        notes.append(f"base seed {tr.base_seed}: worker w seeds torch and random with base_seed + w")
    if any(any(leaf.shared for leaf in b.leaves) for b in tr.batches):
        notes.append("(shm): the batch's storage is in shared memory: the worker process wrote it there and "
                     "the main process maps it without copying")
    parts += [Text(n, style=NOTE_STYLE) for n in notes]
    title = Text.assemble(("DataLoader", "bold"), f"  {tr.dataset_type} ({tr.dataset_kind}-style"
                          + (f", {tr.dataset_len} samples" if tr.dataset_len is not None else "") + ")")
    return Panel(Group(*parts), title=title, title_align="left", box=box.ROUNDED, expand=False,
                 subtitle=Text(f"{len(tr.batches)} batches traced: sampler -> batch sampler -> fetch -> collate",
                               style=NOTE_STYLE), subtitle_align="right")


def render_picture(obj: Any, rows: int = 16) -> RenderableType:
    """The picture of a :class:`StorageMap`, :class:`ModesLayout` or :class:`LoaderTrace`."""
    if isinstance(obj, StorageMap):
        return _storage_map(obj, rows)
    if isinstance(obj, ModesLayout):
        return _modes(obj, rows)
    if isinstance(obj, LoaderTrace):
        return _trace(obj, rows)
    raise TypeError(f"no torch picture for {type(obj).__name__}")
