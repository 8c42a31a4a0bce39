"""Objects: every value is a heap object with a header (refcount, type).

    python examples/04_objects.py [--save DIR]
"""

import sys

from _lesson import Lesson

import pyinspect

L = Lesson("Everything is an object", """
Every Python value lives on the heap as a C struct that starts with the same
header: a reference count and a pointer to its type.  That is why a 4-byte C int
costs 28 bytes in Python, and why `is` compares addresses.""")

L.step("the header of an int")
n = int("3000")
lay = pyinspect.layout(n)
L.show(lay, "int_3000")
L.fact(lay.address == id(n), "address == id(n)")
L.fact(lay.type_address == id(type(n)), "ob_type points at the int type object")
L.fact(lay.refcnt == 1, "one name, n, refers to it: refcnt 1")
L.fact(lay.header.sizeof == sys.getsizeof(n) >= 28, f"{lay.header.sizeof} bytes for a number a C int keeps in 4")

L.step("small ints are cached and shared")
a = int("256")
b = int("256")
c = int("5000")
d = int("5000")
L.fact(a is b and pyinspect.layout(a).small_int_cached, "every 256 is the same cached object")
L.fact(c is not d and not pyinspect.layout(c).small_int_cached,
       "5000 made twice is two objects (the cache ends at 256, at 1024 from 3.15)")
if sys.version_info >= (3, 12):
    L.fact(pyinspect.layout(a).immortal, "3.12+: the cached small ints are immortal (PEP 683)")

L.step("objects of your own classes")


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


p = Point(1, 2)
lay_p = pyinspect.layout(p)
L.show(lay_p, "instance")
L.fact(lay_p.type_name == "Point", "its ob_type is the class Point")
inline = getattr(lay_p, "values_inline", False)
print(f"  attributes kept {'inline in the object (3.13+)' if inline else 'outside the object'}")

L.step("sizes of empty containers")
for obj in ((), [], "", b""):
    lay_o = pyinspect.layout(obj)
    print(f"  {type(obj).__name__:6} {lay_o.header.sizeof:3} bytes")
    L.fact(lay_o.header.sizeof == sys.getsizeof(obj), f"empty {type(obj).__name__}: as sys.getsizeof says")

sys.exit(L.done())
