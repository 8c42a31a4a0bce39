/* size.c: flat size of an object from its struct.
 *
 * For every builtin type this mirrors the type's own __sizeof__ (the oracle
 * the tests compare with) without calling it, so no code of the object or of
 * a subclass overriding __sizeof__ ever runs.  The formula is chosen by the
 * type defining the __sizeof__ that sys.getsizeof would call (see size.h);
 * the ones needing private headers live in internal_size.c and
 * internal_dict_size.c; set_size.c has the set formula.
 *
 * sys.getsizeof(o) = o.__sizeof__() plus, on 3.9/3.10, the GC head when
 * the object is a GC object, and from 3.11 _PyType_PreHeaderSize(type(o))
 * (GC head + managed dict/weakref pointers).  On 3.11 and 3.12 that rule
 * counts a GC head for static types, which have none; pyinspect reports what
 * sys.getsizeof reports (`sys_extra`) and, separately, the GC head that is
 * really there (`gc_head`).
 */
#include "size.h"
#include "buffers.h"
#include "internal.h"
#include "checked.h"
#include "cpython/mirrors.h"

#include <stddef.h>

/* ---- which __sizeof__ ------------------------------------------------------- */

static int
kind_of_owner(PyTypeObject *owner)
{
    if (owner == &PyBaseObject_Type) {
        return PYI_SZ_OBJECT;
    }
    if (owner == &PyLong_Type) {
        return PYI_SZ_INT;
    }
    if (owner == &PyUnicode_Type) {
        return PYI_SZ_STR;
    }
    if (owner == &PyByteArray_Type) {
        return PYI_SZ_BYTEARRAY;
    }
    if (owner == &PyList_Type) {
        return PYI_SZ_LIST;
    }
    if (owner == &PyDict_Type) {
        return PYI_SZ_DICT;
    }
    /* 3.15's frozendict shares dict.__sizeof__ (dict___sizeof___impl) */
    if (owner == pyi_frozendict_type() && owner != NULL) {
        return PYI_SZ_DICT;
    }
    if (owner == &PySet_Type || owner == &PyFrozenSet_Type) {
        return PYI_SZ_SET;
    }
    if (owner == &PyType_Type) {
        return PYI_SZ_TYPE;
    }
    if (owner == &PyCode_Type) {
        return PYI_SZ_CODE;
    }
    if (owner == &PyFrame_Type) {
        return PYI_SZ_FRAME;
    }
    /* bpo-44032 / gh-90997 era (3.11): generators embed their frame and
     * gained gen_sizeof; before, they used object.__sizeof__ */
    if (PYI_GEN_FRAME_EMBEDDED &&
        (owner == &PyGen_Type || owner == &PyCoro_Type || owner == &PyAsyncGen_Type)) {
        return PYI_SZ_GEN;
    }
    if (owner == &PyODict_Type) {
        return PYI_SZ_ODICT;
    }
    /* numpy.ndarray, as the program imported it (never by name alone: its
     * struct is read) */
    if (owner == pyi_buftypes()->ndarray) {
        return PYI_SZ_NDARRAY;
    }
    /* extension-module types: no exported type object, known by tp_name */
    const char *name = owner->tp_name;
    if (name != NULL) {
        if (strcmp(name, "collections.deque") == 0) {
            return PYI_SZ_DEQUE;
        }
        if (strcmp(name, "array.array") == 0) {
            return PYI_SZ_ARRAY;
        }
        if (strcmp(name, "_io.BytesIO") == 0) {
            return PYI_SZ_BYTESIO;
        }
    }
    return -1;
}

/* The struct family of an object whose __sizeof__ is not mirrored. */
static int
family_kind(PyTypeObject *tp)
{
    unsigned long f = tp->tp_flags;
    if (f & Py_TPFLAGS_LONG_SUBCLASS) {
        return PYI_SZ_INT;
    }
    if (f & Py_TPFLAGS_UNICODE_SUBCLASS) {
        return PYI_SZ_STR;
    }
    if (f & Py_TPFLAGS_LIST_SUBCLASS) {
        return PYI_SZ_LIST;
    }
    if (f & Py_TPFLAGS_DICT_SUBCLASS) {
        return PYI_SZ_DICT;
    }
    PyTypeObject *frozendict = pyi_frozendict_type();
    if (frozendict != NULL && PyType_IsSubtype(tp, frozendict)) {
        return PYI_SZ_DICT;
    }
    if (f & Py_TPFLAGS_TYPE_SUBCLASS) {
        return PYI_SZ_TYPE;
    }
    if (PyType_IsSubtype(tp, &PySet_Type) || PyType_IsSubtype(tp, &PyFrozenSet_Type)) {
        return PYI_SZ_SET;
    }
    if (PyType_IsSubtype(tp, &PyByteArray_Type)) {
        return PYI_SZ_BYTEARRAY;
    }
    PyTypeObject *ndarray = pyi_buftypes()->ndarray;
    if (ndarray != NULL && PyType_IsSubtype(tp, ndarray)) {
        return PYI_SZ_NDARRAY;
    }
    return PYI_SZ_OBJECT;
}

/* Whether `key` is an exact str holding the ASCII text `name` (of length
 * `len`), compared by its code units: no __eq__ or __hash__ runs.  A str
 * subclass key is never equal here (CPython's lookup would call its __eq__). */
static int
is_exact_ascii(PyObject *key, const char *name, Py_ssize_t len)
{
    if (!PyUnicode_CheckExact(key)) {
        return 0;
    }
    /* 3.9-3.11: a legacy str may not be ready (no canonical data yet) */
    if (!pyi_unicode_is_ready(key)) {
        return 0;
    }
    return PyUnicode_GET_LENGTH(key) == len && PyUnicode_KIND(key) == PyUnicode_1BYTE_KIND &&
           memcmp(PyUnicode_1BYTE_DATA(key), name, (size_t)len) == 0;
}

PyObject *
pyi_dict_find_str(PyObject *dict, const char *name)
{
    PyObject *found = NULL;
    Py_ssize_t len = (Py_ssize_t)strlen(name);
    if (dict == NULL || !PyDict_Check(dict)) {
        return NULL;
    }
    Py_BEGIN_CRITICAL_SECTION(dict);
    Py_ssize_t pos = 0;
    PyObject *k, *v;
    /* PyDict_Next hands out borrowed pointers and compares nothing */
    while (PyDict_Next(dict, &pos, &k, &v)) {
        if (is_exact_ascii(k, name, len)) {
            found = Py_NewRef(v);
            break;
        }
    }
    Py_END_CRITICAL_SECTION();
    return found;
}

/* Whether Python code can never add a key to the type's dict: then every key
 * is a str that PyType_Ready or PyType_FromSpec put there, and a lookup by an
 * exact str compares no object by its __eq__. */
static int
type_dict_is_fixed(PyTypeObject *tp)
{
#ifdef Py_TPFLAGS_IMMUTABLETYPE
    /* bpo-43908 (3.10): static types and heap types from specs with
     * Py_TPFLAGS_IMMUTABLETYPE refuse attribute assignment */
    return (tp->tp_flags & Py_TPFLAGS_IMMUTABLETYPE) != 0;
#else
    return !(tp->tp_flags & Py_TPFLAGS_HEAPTYPE);
#endif
}

/* What _PyType_Lookup(tp, "__sizeof__") finds (a new reference, or NULL), and
 * in *where the MRO entry whose dict holds it (a new reference).  Without
 * running code: a class dict may hold a non-str key whose hash equals that of
 * "__sizeof__", and a dict lookup would call its __eq__ (ARCHITECTURE rule
 * 2).  So dicts that Python code can write are scanned for an exact str key
 * equal to "__sizeof__" by text; only the fixed dicts of immutable types
 * (whose keys are all str) are looked up by hash.  A key that is not an
 * exact str is never taken for "__sizeof__" (its __eq__ would decide). */
static PyObject *
lookup_sizeof(PyTypeObject *tp, PyTypeObject **where)
{
    PyObject *name = NULL;
    PyObject *found = NULL;
    /* GIL builds: nothing below runs code that could replace tp_mro.
     * Free-threaded builds replace it with the world stopped from
     * gh-145685 (3.14); before, another thread's __bases__ assignment can
     * race with this read as it races with CPython's own lookups. */
    PyObject *mro = Py_XNewRef(tp->tp_mro);
    *where = NULL;
    if (mro == NULL || !PyTuple_Check(mro)) {
        goto cleanup;
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(mro) && found == NULL; i++) {
        PyObject *base = PyTuple_GET_ITEM(mro, i);
        if (!PyType_Check(base)) {
            continue;
        }
        PyObject *dict = pyi_type_dict((PyTypeObject *)base);
        if (dict == NULL || !PyDict_Check(dict)) {
            Py_XDECREF(dict);
            continue;
        }
        if (type_dict_is_fixed((PyTypeObject *)base)) {
            if (name == NULL) {
                name = PyUnicode_InternFromString("__sizeof__");  /* a str: no collection */
            }
            if (name == NULL || pyi_dict_getitem_ref(dict, name, &found) < 0) {
                PyErr_Clear();
                found = NULL;
            }
        }
        else {
            found = pyi_dict_find_str(dict, "__sizeof__");
        }
        Py_DECREF(dict);
        if (found != NULL) {
            *where = (PyTypeObject *)Py_NewRef(base);
        }
    }
cleanup:
    Py_XDECREF(mro);
    Py_XDECREF(name);
    return found;
}

int
pyi_sizeof_kind(PyTypeObject *tp, int *kind, int *mirrored, PyTypeObject **owner)
{
    PyTypeObject *where = NULL;
    PyTypeObject *own = NULL;
    int k = -1;
    /* the MRO lookup sys.getsizeof does (_PyObject_LookupSpecial), reading
     * type dicts only: no __getattribute__, no metaclass code, no __eq__ */
    PyObject *descr = lookup_sizeof(tp, &where);

    if (descr != NULL) {
        if (Py_IS_TYPE(descr, &PyMethodDescr_Type)) {
            /* a C method: the type it was defined on (the descriptor holds it,
             * and we hold the descriptor) */
            own = (PyTypeObject *)Py_XNewRef((PyObject *)PyDescr_TYPE(descr));
            /* its formula reads that type's struct, so only trust it for
             * instances laid out like it (`__sizeof__ = list.__sizeof__` in an
             * unrelated class makes sys.getsizeof raise, not read a list) */
            if (own != NULL && PyType_IsSubtype(tp, own)) {
                k = kind_of_owner(own);
            }
        }
        else {
            own = (PyTypeObject *)Py_NewRef(where);
        }
    }
    *mirrored = k >= 0;
    *kind = k >= 0 ? k : family_kind(tp);
    if (owner != NULL) {
        *owner = own;
        own = NULL;
    }
    Py_XDECREF(own);
    Py_XDECREF(where);
    Py_XDECREF(descr);
    return 0;
}

/* ---- formulas -------------------------------------------------------------- */

static Py_ssize_t
int_object_size(PyObject *op)
{
    return pyi_long_object_size(op);
}

static void
unicode_size(PyObject *op, pyi_size_t *out)
{
    pyi_ustate_t st;
    pyi_unicode_state(op, &st);
    Py_ssize_t length = PyUnicode_GET_LENGTH(op);
    const void *data = pyi_unicode_data(op, &st);
    if (st.compact && st.ascii) {
        out->object = (Py_ssize_t)sizeof(PyASCIIObject) + length + 1;
    }
    else if (st.compact) {
        out->object = (Py_ssize_t)sizeof(PyCompactUnicodeObject) + (length + 1) * (Py_ssize_t)st.kind;
    }
    else {
        /* legacy or subclass instance: the struct, and a separate data block
         * (str.__sizeof__ counts sizeof(PyUnicodeObject) here) */
        out->object = (Py_ssize_t)sizeof(PyUnicodeObject);
        if (data != NULL) {
            out->buffers += (length + 1) * (Py_ssize_t)st.kind;
        }
    }
    if (!(st.compact && st.ascii)) {
        /* _PyUnicode_HAS_UTF8_MEMORY: a UTF-8 copy apart from the data */
        const char *utf8 = ((PyCompactUnicodeObject *)op)->utf8;
        if (utf8 != NULL && (const void *)utf8 != data) {
            out->buffers += ((PyCompactUnicodeObject *)op)->utf8_length + 1;
        }
    }
    /* 3.9-3.11 may also own a wchar_t copy (removed by PEP 623 in 3.12):
     * _PyUnicode_HAS_WSTR_MEMORY */
    const wchar_t *wstr = NULL;
    Py_ssize_t wlen = 0;
    if (pyi_unicode_wstr(op, &st, length, &wstr, &wlen) && wstr != NULL &&
        (!st.ready || (const void *)wstr != data)) {
        out->buffers += (wlen + 1) * (Py_ssize_t)sizeof(wchar_t);
    }
}

/* list.__sizeof__; the caller holds op's critical section */
static void
list_size_locked(PyObject *op, pyi_size_t *out)
{
    PyListObject *l = (PyListObject *)op;
    out->object = Py_TYPE(op)->tp_basicsize;
    Py_ssize_t capacity = pyi_list_capacity(l);
    out->buffers = capacity * (Py_ssize_t)sizeof(PyObject *);
    Py_ssize_t spare = capacity - Py_SIZE(op);
    out->slack = spare > 0 ? spare * (Py_ssize_t)sizeof(PyObject *) : 0;
}

static void
list_size(PyObject *op, pyi_size_t *out)
{
    Py_BEGIN_CRITICAL_SECTION(op);
    list_size_locked(op, out);
    Py_END_CRITICAL_SECTION();
}

/* bytearray.__sizeof__; the caller holds op's critical section */
static void
bytearray_size_locked(PyObject *op, pyi_size_t *out)
{
    PyByteArrayObject *b = (PyByteArrayObject *)op;
    out->object = Py_TYPE(op)->tp_basicsize;
    Py_ssize_t alloc = b->ob_alloc;
    /* gh-139871 (3.15): bytearray.__sizeof__ adds _PyBytesObject_SIZE */
    out->buffers = pyi_bytearray_buffer_size(op);
    /* the trailing NUL is part of ob_alloc, not spare room */
    Py_ssize_t spare = alloc - Py_SIZE(op) - 1;
    out->slack = spare > 0 ? spare : 0;
}

static void
bytearray_size(PyObject *op, pyi_size_t *out)
{
    Py_BEGIN_CRITICAL_SECTION(op);
    bytearray_size_locked(op, out);
    Py_END_CRITICAL_SECTION();
}

static void
object_size(PyObject *op, pyi_size_t *out)
{
    /* object.__sizeof__: tp_basicsize + tp_itemsize * ob_size (signed, as
     * CPython reads it: "assumes that ob_size is valid if tp_itemsize is
     * not 0") */
    PyTypeObject *tp = Py_TYPE(op);
    out->object = tp->tp_basicsize;
    if (tp->tp_itemsize > 0) {
        /* an extension type's ob_size is whatever it stores there: a size
         * that cannot be real is capped, leaving room for the headers that
         * PYI_GETSIZEOF adds */
        Py_ssize_t items;
        if (pyi_mul_overflow(tp->tp_itemsize, Py_SIZE(op), &items) ||
            pyi_add_overflow(out->object, items, &out->object) || out->object > PY_SSIZE_T_MAX / 4) {
            out->object = PY_SSIZE_T_MAX / 4;
        }
    }
}

static int
odict_size(PyObject *op, pyi_size_t *out)
{
    const pyi_odict_head_t *od = (const pyi_odict_head_t *)op;
    /* one read: the dict's table and the node list of the same moment */
    Py_BEGIN_CRITICAL_SECTION(op);
    pyi_dict_flat_size_locked(op, out);
    /* od_fast_nodes, and one _ODictNode per item unless the list is empty */
    out->buffers += od->od_fast_nodes_size * (Py_ssize_t)sizeof(void *);
    if (od->od_first != NULL) {
        out->buffers += od->od_dict.ma_used * PYI_ODICT_NODE_SIZE;
    }
    Py_END_CRITICAL_SECTION();
    return 0;
}

static void
deque_size(PyObject *op, pyi_size_t *out)
{
    const pyi_deque_head_t *d = (const pyi_deque_head_t *)op;
    out->object = Py_TYPE(op)->tp_basicsize;
    Py_BEGIN_CRITICAL_SECTION(op);
    Py_ssize_t n = Py_SIZE(op);
    Py_ssize_t blocks = (d->leftindex + n + PYI_DEQUE_BLOCKLEN - 1) / PYI_DEQUE_BLOCKLEN;
    if (blocks < 0) {
        blocks = 0;
    }
    out->buffers = blocks * PYI_DEQUE_BLOCK_SIZE;
    Py_ssize_t spare = blocks * PYI_DEQUE_BLOCKLEN - n;
    out->slack = spare > 0 ? spare * (Py_ssize_t)sizeof(PyObject *) : 0;
    Py_END_CRITICAL_SECTION();
}

static void
array_size(PyObject *op, pyi_size_t *out)
{
    const pyi_array_head_t *a = (const pyi_array_head_t *)op;
    out->object = Py_TYPE(op)->tp_basicsize;
    Py_BEGIN_CRITICAL_SECTION(op);
    Py_ssize_t itemsize = a->ob_descr != NULL ? a->ob_descr->itemsize : 0;
    out->buffers = a->allocated * itemsize;
    Py_ssize_t spare = a->allocated - Py_SIZE(op);
    out->slack = spare > 0 ? spare * itemsize : 0;
    Py_END_CRITICAL_SECTION();
}

static int
bytesio_size(PyObject *op, pyi_size_t *out)
{
    out->object = Py_TYPE(op)->tp_basicsize;
    PyObject *buf = NULL;
    Py_BEGIN_CRITICAL_SECTION(op);
    const pyi_bytesio_head_t *b = (const pyi_bytesio_head_t *)op;
    buf = b->buf;
    /* SHARED_BUF: the buffer is counted only while nothing else holds it
     * (3.9-3.13: Py_REFCNT(buf) > 1; 3.14: not uniquely referenced, and on
     * free-threaded builds also the buf_shared flag) */
    if (buf != NULL && !pyi_is_uniquely_referenced(buf)) {
        buf = NULL;
    }
    if (pyi_bytesio_buf_shared(b)) {
        buf = NULL;
    }
    Py_XINCREF(buf);
    Py_END_CRITICAL_SECTION();
    if (buf != NULL) {
        /* _PySys_GetSizeOf(self->buf): a bytes object */
        pyi_size_t inner;
        int rc = PyBytes_CheckExact(buf) ? pyi_flat_size_kind(buf, PYI_SZ_OBJECT, 1, &inner) : pyi_flat_size(buf, &inner);
        Py_DECREF(buf);
        if (rc < 0) {
            return -1;
        }
        out->buffers = PYI_GETSIZEOF(inner);
    }
    return 0;
}

/* Reset `out` and fill what every formula shares: GC head, pre-header,
 * what sys.getsizeof adds. */
static void
flat_size_header(PyObject *op, int kind, int mirrored, pyi_size_t *out)
{
    PyTypeObject *tp = Py_TYPE(op);
    Py_ssize_t gc = pyi_gc_head_size();
    Py_ssize_t pre = pyi_preheader_size(tp);
    memset(out, 0, sizeof(*out));
    out->kind = kind;
    out->mirrored = mirrored;
    out->gc_head = (gc && PyObject_IS_GC(op)) ? gc : 0;
    out->preheader = pre - (PyType_IS_GC(tp) ? gc : 0);
    if (out->preheader < 0) {
        out->preheader = 0;
    }
    out->sys_extra = pyi_getsizeof_extra(op, out->gc_head, pre);
}

int
pyi_flat_size_locked(PyObject *op, int kind, int mirrored, pyi_size_t *out)
{
    switch (kind) {
    case PYI_SZ_LIST:
        flat_size_header(op, kind, mirrored, out);
        list_size_locked(op, out);
        return 0;
    case PYI_SZ_BYTEARRAY:
        flat_size_header(op, kind, mirrored, out);
        bytearray_size_locked(op, out);
        return 0;
    case PYI_SZ_DICT:
        flat_size_header(op, kind, mirrored, out);
        pyi_dict_flat_size_locked(op, out);
        return 0;
    case PYI_SZ_SET:
        flat_size_header(op, kind, mirrored, out);
        pyi_set_flat_size_locked(op, out);
        return 0;
    default:
        return pyi_flat_size_kind(op, kind, mirrored, out);
    }
}

int
pyi_flat_size_kind(PyObject *op, int kind, int mirrored, pyi_size_t *out)
{
    flat_size_header(op, kind, mirrored, out);
    switch (kind) {
    case PYI_SZ_INT:
        out->object = int_object_size(op);
        break;
    case PYI_SZ_STR:
        unicode_size(op, out);
        break;
    case PYI_SZ_LIST:
        list_size(op, out);
        break;
    case PYI_SZ_BYTEARRAY:
        bytearray_size(op, out);
        break;
    case PYI_SZ_DICT:
        return pyi_dict_flat_size(op, out);
    case PYI_SZ_SET:
        return pyi_set_flat_size(op, out);
    case PYI_SZ_TYPE:
        pyi_type_flat_size(op, out);
        break;
    case PYI_SZ_CODE:
        pyi_code_flat_size(op, out);
        break;
    case PYI_SZ_FRAME:
        pyi_frame_flat_size(op, out);
        break;
    case PYI_SZ_GEN:
        pyi_generator_flat_size(op, out);
        break;
    case PYI_SZ_ODICT:
        return odict_size(op, out);
    case PYI_SZ_DEQUE:
        deque_size(op, out);
        break;
    case PYI_SZ_ARRAY:
        array_size(op, out);
        break;
    case PYI_SZ_BYTESIO:
        return bytesio_size(op, out);
    case PYI_SZ_NDARRAY:
        if (!pyi_ndarray_flat_size(op, &out->object, &out->buffers)) {
            object_size(op, out);
        }
        break;
    default:
        object_size(op, out);
        break;
    }
    return 0;
}

int
pyi_dict_learn_general_lookup(void)
{
    static int noted = 0;
    if (!PYI_DICT_HAS_DK_LOOKUP || noted) {
        return 0;
    }
    PyObject *probe = Py_BuildValue("{i:O}", 0, Py_None);
    if (probe == NULL) {
        return -1;
    }
    pyi_dict_note_general_lookup(probe);
    Py_DECREF(probe);
    noted = 1;
    return 0;
}

int
pyi_flat_size(PyObject *op, pyi_size_t *out)
{
    int kind, mirrored;
    if (pyi_sizeof_kind(Py_TYPE(op), &kind, &mirrored, NULL) < 0) {
        return -1;
    }
    return pyi_flat_size_kind(op, kind, mirrored, out);
}
