"""pyinspect: see what CPython really stores for an object.

    >>> import pyinspect
    >>> pyinspect.show(2**100)        # the int's header and its 30-bit digits
    >>> pyinspect.layout(0.1).raw     # the 8 bytes of ob_fval, in memory order
    >>> pyinspect.names(globals())    # which names point at which objects
    >>> pyinspect.save([1, 2], "list.svg")   # the picture as SVG or HTML
    >>> pyinspect.save(pyinspect.steps("a = [0]\nb = a"), "steps.html")   # step through code
    >>> pyinspect.why_alive(obj).show()       # the references that keep obj alive
    >>> pyinspect.census().diff(before)       # which types grew since an earlier census

Every field is read from the object's struct by a C extension compiled for
this interpreter; no Python code of the inspected object runs.
"""

from pyinspect import bits
from pyinspect._native import _inspect
from pyinspect.alive_paths import why_alive
from pyinspect.census_report import census
from pyinspect.errors import InspectError
from pyinspect.lookup import probe
from pyinspect.model import Layout
from pyinspect.namespaces import names
from pyinspect.operators import dispatch
from pyinspect.output import save, show
from pyinspect.read import layout
from pyinspect.read_containers import attributes
from pyinspect.registry import load as _load_registries
from pyinspect.size import memory, sizeof
from pyinspect.stepper import steps
from pyinspect.structs import struct_info

_load_registries()  # every family's builder, pictures and names walk, in one listed order

__version__ = "0.1.0"

__all__ = [
    "InspectError", "Layout", "attributes", "bits", "census", "dispatch", "layout", "memory", "names", "probe",
    "save", "show", "sizeof", "steps", "struct_info", "why_alive", "__version__",
]

del _inspect, _load_registries
