"""The functions of :mod:`pyinspect.torch` (this module imports torch; the
package re-exports its names when torch is installed)."""

from __future__ import annotations

from typing import IO, Any, Optional

import torch as _torch

from pyinspect import arguments
from pyinspect._native import _inspect
from pyinspect.model import Header
from pyinspect.torch.alias import overlaps, shares_storage, storages
from pyinspect.torch.dtypes import DTYPES, DtypeInfo, dtype_info
from pyinspect.torch.loader_trace import trace
from pyinspect.torch.model import (
    BatchLeaf,
    BatchRecord,
    LoaderTrace,
    ModesLayout,
    ModuleMode,
    StorageGroup,
    StorageMap,
    TensorElement,
    TensorLayout,
    TensorView,
)
from pyinspect.torch.module_modes import modes
from pyinspect.torch.read import ELEMENT_CAP, is_tensor, read_element_bytes, read_tensor

__all__ = [
    "layout", "show", "build", "element_bytes", "shares_storage", "overlaps", "storages", "modes", "trace",
    "dtype_info", "DTYPES", "DtypeInfo", "ELEMENT_CAP",
    "TensorLayout", "TensorElement", "StorageMap", "StorageGroup", "TensorView", "ModesLayout", "ModuleMode",
    "LoaderTrace", "BatchRecord", "BatchLeaf",
]


def build(obj: Any, header: Header, limit: Optional[int]) -> TensorLayout:
    """The Layout of a tensor (called by ``pyinspect.layout`` with the
    tensor's PyObject header already read)."""
    return read_tensor(obj, header, limit)


def layout(t: Any, *, limit: Optional[int] = None) -> TensorLayout:
    """The :class:`~pyinspect.torch.model.TensorLayout` of tensor ``t``.

    Args:
        t: a ``torch.Tensor`` (any dtype, device or subclass; no Python
            override of a subclass runs).
        limit: read about this many elements (the head and a quarter as many
            from the tail); ``None`` reads every element up to
            :data:`ELEMENT_CAP`, then head and tail.  Only the elements read
            are touched: the storage is never copied.  At least 1.
    """
    limit = arguments.count(limit, "limit", minimum=1, none=True)
    raw = _inspect.read_header(t)
    if not is_tensor(t):
        raise TypeError(f"pyinspect.torch.layout() needs a torch.Tensor, not {_inspect.type_name(t)}; "
                        "use pyinspect.layout() for other objects")
    return read_tensor(t, Header.from_raw(raw), limit)


def element_bytes(t: Any, i: int) -> bytes:
    """Raw bytes of element ``i`` (logical row-major index, negative from the
    end) of a live tensor, in memory order: read at its address for host
    tensors, copied alone to the host for device tensors.

    Raises:
        TypeError: ``t`` is not a tensor or ``i`` not an int.
        IndexError: ``i`` is out of range.
    """
    i = arguments.count(i, "i", minimum=-arguments.MAX_SIZE)
    if not is_tensor(t):
        raise TypeError(f"element_bytes() needs a torch.Tensor, not {_inspect.type_name(t)}")
    return read_element_bytes(t, [i])[0]


def show(obj: Any, *, limit: int = 16, color: Optional[bool] = None, width: Optional[int] = None,
         file: Optional[IO[str]] = None) -> None:
    """Print the picture of a tensor, or of what :func:`storages`,
    :func:`modes` or :func:`trace` returned (in a Jupyter kernel: display
    its SVG picture).  An ``nn.Module`` shows its
    :func:`modes`; anything else goes to ``pyinspect.show``.

    Args:
        obj: a tensor, a StorageMap / ModesLayout / LoaderTrace, a module.
        limit: elements (and table rows) shown: head ... tail (at least 1).
        color: ``False`` for plain text, ``True`` to force colour.
        width: console width (default: the terminal's), as for
            :func:`pyinspect.show`: 40 to 10000.
        file: where to print: a text stream (default: standard output).
    """
    limit = arguments.count(limit, "limit", minimum=1)
    color = arguments.flag(color, "color", none=True)
    width = arguments.width(width)
    file = arguments.stream(file, "file")
    from pyinspect.output import in_jupyter_kernel
    from pyinspect.render import console, render

    if not is_tensor(obj) and isinstance(obj, _torch.nn.Module):
        obj = modes(obj)
    if file is None and in_jupyter_kernel() and (
            is_tensor(obj) or isinstance(obj, (StorageMap, ModesLayout, LoaderTrace, TensorLayout))):
        import pyinspect

        pyinspect.show(obj, limit=limit)  # the SVG picture, as HTML
        return
    if is_tensor(obj):
        lay: Any = layout(obj, limit=limit)
        console(file, color=color, width=width).print(render(lay, limit))
        return
    if isinstance(obj, (StorageMap, ModesLayout, LoaderTrace, TensorLayout)):
        from pyinspect.torch.text import render_picture

        console(file, color=color, width=width).print(
            render(obj, limit) if isinstance(obj, TensorLayout) else render_picture(obj, limit))
        return
    import pyinspect

    pyinspect.show(obj, limit=limit, color=color, width=width, file=file)
