"""pyinspect's Layouts: frozen dataclasses of what CPython stores.

One Layout type per object family; every Layout has a :class:`Header` and a
``to_dict()`` returning JSON-able data.  Families added by their own modules
(``code``, ``containers``, ``size``) list their names in ``__all__``.
"""

from pyinspect.model import alive as _alive
from pyinspect.model import census as _census
from pyinspect.model import code as _code
from pyinspect.model import containers as _containers
from pyinspect.model import size as _size
from pyinspect.model.alive import *  # noqa: F403
from pyinspect.model.base import Header, ItemSummary, Layout, to_jsonable
from pyinspect.model.census import *  # noqa: F403
from pyinspect.model.code import *  # noqa: F403
from pyinspect.model.containers import *  # noqa: F403
from pyinspect.model.flags import tpflag_names, tpflag_value
from pyinspect.model.instance import ObjectLayout
from pyinspect.model.memoryview import MemoryViewLayout
from pyinspect.model.names import NameRef, NamesLayout, ObjectNode, SlotRef
from pyinspect.model.range import RangeLayout
from pyinspect.model.scalars import ComplexLayout, FloatLayout, IntLayout
from pyinspect.model.sequences import ListLayout, TupleLayout
from pyinspect.model.size import *  # noqa: F403
from pyinspect.model.steps import CHANGE_KINDS, Change, Snapshot, Steps
from pyinspect.model.text import INTERNED_NAMES, ByteArrayLayout, BytesLayout, StrLayout
from pyinspect.model.weakrefs import WeakrefLayout

__all__ = [
    "ByteArrayLayout",
    "BytesLayout",
    "ComplexLayout",
    "FloatLayout",
    "Header",
    "INTERNED_NAMES",
    "IntLayout",
    "ItemSummary",
    "Layout",
    "ListLayout",
    "MemoryViewLayout",
    "NameRef",
    "RangeLayout",
    "NamesLayout",
    "ObjectNode",
    "SlotRef",
    "ObjectLayout",
    "StrLayout",
    "Change",
    "CHANGE_KINDS",
    "Snapshot",
    "Steps",
    "TupleLayout",
    "WeakrefLayout",
    "to_jsonable",
    "tpflag_names",
    "tpflag_value",
    *_alive.__all__,
    *_census.__all__,
    *_code.__all__,
    *_containers.__all__,
    *_size.__all__,
]
