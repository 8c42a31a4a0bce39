"""Flat size: pyinspect.sizeof(obj) == sys.getsizeof(obj) for every builtin
type, across sizes, computed from the struct (oracle: sys.getsizeof, which
calls the type's own __sizeof__)."""

from __future__ import annotations

import array
import asyncio
import builtins
import collections
import ctypes
import decimal
import io
import sys
import types
import weakref

import pytest
from sizeof_oracle import GC_HEAD, PY

import pyinspect
from pyinspect._native import _inspect


def check(obj):
    __tracebackhide__ = True
    assert pyinspect.sizeof(obj) == sys.getsizeof(obj), _inspect.flat_info(obj)


# ---- int --------------------------------------------------------------------------


@pytest.mark.parametrize("bits", list(range(0, 201, 7)) + [29, 30, 31, 59, 60, 61, 89, 90, 91, 200])
def test_int_every_digit_count(bits):
    for value in (2**bits - 1, 2**bits, -(2**bits), -(2**bits) + 1):
        check(value)


def test_int_zero_small_bool_and_subclass():
    class MyInt(int):
        pass

    for obj in (0, 1, -1, 5, 256, 257, -5, -6, True, False, MyInt(0), MyInt(7), MyInt(-(2**100))):
        check(obj)


# ---- str ----------------------------------------------------------------------------


def fresh(text: str) -> str:
    """A str built at run time (not a constant, not interned)."""
    return "".join(list(text))


def cache_utf8(s: str) -> None:
    """Make CPython cache the UTF-8 form of s (PyUnicode_AsUTF8)."""
    fn = ctypes.pythonapi.PyUnicode_AsUTF8
    fn.restype = ctypes.c_void_p
    fn.argtypes = [ctypes.py_object]
    fn(s)


KIND_SAMPLES = ["", "a", "hello world", "h\xe9llo", "\xff" * 40, "h\u20acllo", "\u4e2d" * 100,
                "h\U0001f600llo", "\U0001f600" * 30]


@pytest.mark.parametrize("text", KIND_SAMPLES, ids=lambda t: f"len{len(t)}-max{max(map(ord, t), default=0):x}")
def test_str_each_kind_with_and_without_utf8_cache(text):
    s = fresh(text)
    check(s)
    size_before = sys.getsizeof(s)
    cache_utf8(s)
    check(s)
    if not s.isascii():
        # the cached UTF-8 copy is a buffer the str owns
        assert sys.getsizeof(s) == size_before + len(s.encode()) + 1
        assert _inspect.flat_info(s)["buffers"] == len(s.encode()) + 1


def test_str_subclass_is_a_legacy_two_block_string():
    class S(str):
        pass

    for text in KIND_SAMPLES:
        s = S(text)
        check(s)
        cache_utf8(s)
        check(s)


@pytest.mark.skipif(PY >= (3, 12), reason="PEP 623 removed wstr in 3.12")
def test_str_wstr_cache_3_9_to_3_11():
    fn = ctypes.pythonapi.PyUnicode_AsUnicode
    fn.restype = ctypes.c_void_p
    fn.argtypes = [ctypes.py_object]
    for text in ("abc", "h\xe9llo", "h\u20ac", "\U0001f600x"):
        s = fresh(text)
        fn(s)
        check(s)


# ---- bytes, bytearray ----------------------------------------------------------------


@pytest.mark.parametrize("n", [0, 1, 7, 8, 100, 10_000])
def test_bytes_and_bytearray(n):
    check(bytes(n))
    check(b"x" * n)
    ba = bytearray(n)
    check(ba)
    for _ in range(5):
        ba.append(1)  # over-allocates
        check(ba)
    ba.clear()
    check(ba)
    check(bytearray(b"abc") * n)


def test_bytearray_slack_is_spare_room():
    ba = bytearray()
    for i in range(100):
        ba.append(i)
    info = _inspect.flat_info(ba)
    assert 0 <= info["slack"] < info["buffers"]


# ---- list, tuple ----------------------------------------------------------------------


@pytest.mark.parametrize("n", [0, 1, 2, 5, 17, 100, 1000])
def test_list_with_spare_capacity(n):
    check([None] * n)
    check(list(range(n)))
    grown = []
    for i in range(n):
        grown.append(i)
        check(grown)
    info = _inspect.flat_info(grown)
    assert info["slack"] == sys.getsizeof(grown) - sys.getsizeof([None] * 0) - 8 * n
    while grown:
        grown.pop()
        check(grown)


def test_list_subclass():
    class L(list):
        pass

    check(L())
    check(L(range(50)))


@pytest.mark.parametrize("n", [0, 1, 2, 10, 1000])
def test_tuple(n):
    check(tuple(range(n)))
    Point = collections.namedtuple("Point", "x y")
    check(Point(1, 2))


# ---- dict --------------------------------------------------------------------------------


class Attrs:
    def __init__(self, n):
        for i in range(n):
            setattr(self, f"a{i}", i)


def dict_samples():
    out = {
        "empty": {},
        "one-str": {"a": 1},
        "one-int": {1: 2},
        "str-keys-8": {f"k{i}": i for i in range(8)},
        "int-keys-1000": dict.fromkeys(range(1000)),
        "mixed": {1: 1, "a": 2, (1, 2): 3},
        "fromkeys-str": dict.fromkeys("abcdefghij"),
        "copy": dict({f"k{i}": i for i in range(20)}),
    }
    deleted = {f"k{i}": i for i in range(100)}
    for i in range(0, 100, 3):
        del deleted[f"k{i}"]
    out["deleted-entries"] = deleted
    emptied = {i: i for i in range(50)}
    emptied.clear()
    out["cleared"] = emptied
    grow = {}
    for i in range(70):
        grow[i] = i
    out["grown"] = grow
    return out


@pytest.mark.parametrize("name,d", list(dict_samples().items()), ids=list(dict_samples()))
def test_dict_combined_tables(name, d):
    check(d)


def test_dict_split_tables_of_instances():
    objs = [Attrs(n) for n in (0, 1, 3, 10)]
    for o in objs:
        check(o)
        d = o.__dict__  # materialized (3.11+) or the split dict itself (3.9/3.10)
        check(d)
        check(o)
    # a split table turned combined by an insertion out of order
    o = Attrs(3)
    d = o.__dict__
    d[5] = 5
    check(d)


def test_dict_subclasses_ordered_default_counter():
    od = collections.OrderedDict((f"k{i}", i) for i in range(30))
    check(od)
    check(collections.OrderedDict())
    od.move_to_end("k3")
    del od["k4"]
    check(od)
    check(collections.defaultdict(list, a=[1]))
    check(collections.Counter("hello world"))

    class D(dict):
        pass

    check(D(a=1, b=2))
    check(D())


@pytest.mark.skipif(not hasattr(builtins, "frozendict"), reason="frozendict is 3.15+")
def test_frozendict():
    fd = builtins.frozendict({"a": 1, "b": 2})
    check(fd)
    check(builtins.frozendict())


def test_dict_slack_counts_unused_entry_slots():
    d = {}
    d["a"] = 1
    info = _inspect.flat_info(d)
    # an 8-slot table has USABLE_FRACTION(8) = 5 entries, one in use
    entry = 16 if PY >= (3, 11) else 24
    assert info["slack"] == 4 * entry


# ---- set, frozenset -------------------------------------------------------------------


@pytest.mark.parametrize("n", [0, 1, 4, 5, 8, 18, 19, 100, 5000])
def test_set_small_and_resized(n):
    s = set(range(n))
    check(s)
    check(frozenset(s))
    grown = set()
    for i in range(n):
        grown.add(i)
    check(grown)
    for i in range(0, n, 2):
        grown.discard(i)
    check(grown)
    info = _inspect.flat_info(grown)
    assert info["slack"] > 0


def test_set_subclass():
    class S(set):
        pass

    check(S(range(40)))


# ---- scalars and small builtins -------------------------------------------------------


def test_scalars_and_simple_objects():
    for obj in (1.5, -0.0, float("nan"), 2j, complex(1, 2), None, ..., NotImplemented,
                range(10), range(0), range(-5, 2**70, 3), slice(1, 2, 3), slice(None),
                object(), memoryview(b"abc"), property(), staticmethod(len), classmethod(len)):
        check(obj)


def test_instances_with_and_without_slots():
    class Plain:
        pass

    class WithAttrs:
        def __init__(self):
            self.a, self.b, self.c = 1, 2, 3

    class Slots:
        __slots__ = ("a", "b")

    class SlotsDictWeak:
        __slots__ = ("a", "__dict__", "__weakref__")

    class Big:
        __slots__ = tuple(f"s{i}" for i in range(40))

    for cls in (Plain, WithAttrs, Slots, SlotsDictWeak, Big):
        obj = cls()
        check(obj)
        _ = weakref.ref(obj) if hasattr(cls, "__weakref__") else None
        check(obj)


def test_functions_methods_cells_code():
    def outer():
        x = 1

        def inner():
            return x

        return inner

    inner = outer()
    for obj in (outer, inner, inner.__closure__[0], inner.__code__, outer.__code__, len, [].append,
                "".join, (lambda: 0), print, object.__init__, str.join, types.SimpleNamespace(a=1)):
        check(obj)

    class C:
        def m(self):
            pass

    check(C().m)
    check(C.m)


def test_frames_generators_coroutines():
    frame = sys._getframe()
    check(frame)

    def gen():
        yield 1
        yield 2

    g = gen()
    check(g)
    next(g)
    check(g)
    list(g)
    check(g)

    async def coro():
        return 1

    c = coro()
    check(c)
    c.close()

    async def agen():
        yield 1

    ag = agen()
    check(ag)
    check(x for x in range(3))
    assert asyncio  # imported for the async types above


def test_types_static_and_heap():
    class Plain:
        pass

    class WithShared:
        def __init__(self):
            self.a = self.b = 1

    WithShared()
    for t in (int, type, object, dict, Plain, WithShared, type(None), types.FunctionType):
        check(t)


def test_modules():
    check(sys)
    check(types.ModuleType("m"))


def test_collections_deque_every_block_state():
    for n in (0, 1, 63, 64, 65, 200, 1000):
        d = collections.deque(range(n))
        check(d)
        for _ in range(min(n, 70)):
            d.popleft()
            check(d)
        d.appendleft(1)
        check(d)
    check(collections.deque(maxlen=3))


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("code", list(array.typecodes))
def test_array_every_typecode(code):
    a = array.array(code)
    check(a)
    for i in range(20):
        a.append(chr(65 + i) if code in ("u", "w") else i)
        check(a)


def test_bytesio_own_and_shared_buffer():
    b = io.BytesIO(b"x" * 1000)
    check(b)
    b.write(b"y" * 5000)
    check(b)
    shared = b.getvalue()  # now the buffer is shared: not counted
    check(b)
    del shared
    check(io.BytesIO())


def test_dict_views_iterators_and_misc():
    d = {"a": 1}
    for obj in (d.keys(), d.values(), d.items(), iter([1]), iter(()), iter(d), enumerate([]),
                zip(), map(len, []), filter(None, []), reversed([1]), Exception("x"),
                ValueError(), io.StringIO("abc"), weakref.ref(Attrs)):
        check(obj)


def test_every_builtins_class_that_instantiates_without_arguments():
    checked = 0
    for name in dir(builtins):
        cls = getattr(builtins, name)
        if not isinstance(cls, type) or issubclass(cls, BaseException) and name != "BaseException":
            continue
        try:
            obj = cls()
        except Exception:
            continue
        check(obj)
        checked += 1
    assert checked > 15


# ---- what pyinspect does not mirror is reported, not guessed ---------------------------


def test_unmirrored_sizeof_is_reported():
    class Custom:
        def __sizeof__(self):
            return 12345

    class Twin:  # the same layout, object.__sizeof__
        pass

    info = _inspect.flat_info(Custom())
    assert info["mirrored"] is False
    assert info["sizeof_owner"].endswith("Custom")
    assert pyinspect.sizeof(Custom()) == sys.getsizeof(Twin())  # the struct's size
    assert sys.getsizeof(Custom()) != sys.getsizeof(Twin())

    dec = decimal.Decimal("1.5")
    if "__sizeof__" in vars(decimal.Decimal):  # the C _decimal (not _pydecimal)
        assert _inspect.flat_info(dec)["mirrored"] is False
        assert _inspect.flat_info(dec)["sizeof_owner"].endswith("Decimal")
    assert _inspect.flat_info(io.BufferedReader(io.BytesIO(b"x")))["mirrored"] is False


def test_borrowed_sizeof_of_an_unrelated_type_is_not_trusted():
    class Weird:
        __sizeof__ = list.__sizeof__  # sys.getsizeof(Weird()) raises TypeError

    info = _inspect.flat_info(Weird())
    assert info["mirrored"] is False
    assert info["formula"] == "object"
    with pytest.raises(TypeError):
        sys.getsizeof(Weird())


def test_flat_parts_add_up():
    for obj in ([1, 2], {"a": 1}, "h\xe9", 2**100, Attrs(2), int):
        info = _inspect.flat_info(obj)
        assert info["getsizeof"] == info["object"] + info["buffers"] + info["sys_extra"]
        assert info["gc_head"] in (0, GC_HEAD)


def test_sizeof_never_calls_sizeof():
    calls = []

    class Spy(list):
        def __sizeof__(self):
            calls.append("__sizeof__")
            return 0

        def __getattribute__(self, name):
            calls.append(name)
            return list.__getattribute__(self, name)

    spy = Spy([1, 2, 3])
    assert pyinspect.sizeof(spy) == list.__sizeof__(spy) + GC_HEAD + _inspect.flat_info(spy)["preheader"]
    assert calls == []
