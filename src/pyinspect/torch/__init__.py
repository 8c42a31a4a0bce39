"""``pyinspect.torch``: PyTorch tensors down to their storage bytes.

    >>> import torch, pyinspect.torch as pt
    >>> x = torch.arange(10.)
    >>> pt.show(x[::2])                  # strides, storage offset, the shared storage, the bytes
    >>> pt.layout(x).element_bytes(3)    # b'\\x00\\x00@@' : 3.0 as float32, in memory order
    >>> pt.shares_storage(x, x[::2])     # True
    >>> pt.show(pt.storages(locals()))   # which names are views of which storage
    >>> pt.show(pt.modes(model))         # train/eval of every submodule, grad mode, autocast
    >>> pt.show(pt.trace(loader, batches=3))   # sampler -> batch sampler -> fetch -> collate

``pyinspect.show(tensor)`` and ``pyinspect.layout(tensor)`` come here too.
torch is an optional extra (``pip install 'pyinspect-structs[torch]'``) and
is imported only by this module: ``import pyinspect`` never imports torch.
"""

from typing import Any

__all__ = [
    "layout", "show", "build", "element_bytes", "shares_storage", "overlaps", "storages", "modes", "trace",
    "dtype_info", "DTYPES", "DtypeInfo", "ELEMENT_CAP",
    "TensorLayout", "TensorElement", "StorageMap", "StorageGroup", "TensorView", "ModesLayout", "ModuleMode",
    "LoaderTrace", "BatchRecord", "BatchLeaf",
]

# the pictures of the torch results register themselves in pyinspect.render's
# tables (terminal text, SVG); they need no torch
from pyinspect.torch import svg as _svg  # noqa: E402
from pyinspect.torch import text as _text  # noqa: E402

del _svg, _text

_NEEDS_TORCH = "pyinspect.torch needs PyTorch: pip install 'pyinspect-structs[torch]' (or any torch >= 2.1)"

try:
    import torch as _torch
except ImportError as _exc:  # pragma: no cover - exercised without torch
    # the submodules that need no torch (model, dtypes, text, svg) stay importable;
    # every public name of the package raises the ImportError torch's absence gives
    _missing = _exc

    def __getattr__(name: str) -> Any:
        if name in __all__:
            raise ImportError(_NEEDS_TORCH) from _missing
        raise AttributeError(f"module 'pyinspect.torch' has no attribute {name!r}")
else:
    del _torch
    from pyinspect.torch.api import (
        DTYPES,
        ELEMENT_CAP,
        BatchLeaf,
        BatchRecord,
        DtypeInfo,
        LoaderTrace,
        ModesLayout,
        ModuleMode,
        StorageGroup,
        StorageMap,
        TensorElement,
        TensorLayout,
        TensorView,
        build,
        dtype_info,
        element_bytes,
        layout,
        modes,
        overlaps,
        shares_storage,
        show,
        storages,
        trace,
    )
