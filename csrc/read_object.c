/* read_object.c: the header every object has, the family dispatch, and where
 * an instance keeps its attributes. */
#include "readers.h"
#include "internal.h"
#include "size.h"
#include "snapshot.h"
#include "families.h"

static PyObject *
refcnt_fields(const pyi_refcnt_t *rc)
{
    pyi_header_word_t words[6];
    int n = pyi_refcnt_words(rc, words);
    PyObject *d = PyDict_New();
    if (d == NULL) {
        return NULL;
    }
    for (int i = 0; i < n; i++) {
        PyObject *v = words[i].is_signed ? PyLong_FromLongLong((long long)words[i].bits)
                                         : PyLong_FromUnsignedLongLong(words[i].bits);
        if (pyi_put(d, words[i].name, v) < 0) {
            Py_DECREF(d);
            return NULL;
        }
    }
    return d;
}

PyObject *
pyi_header_dict(PyObject *op, PyObject *const *args, Py_ssize_t nargs)
{
    PyObject *d = NULL;
    PyObject *out = NULL;
    /* a strong reference: a __del__ run by the collector while the result is
     * allocated (3.9-3.11) may assign op.__class__ and free the old class */
    PyTypeObject *tp = (PyTypeObject *)Py_NewRef(Py_TYPE(op));
    pyi_refcnt_t rc;
    pyi_size_t sz;

    pyi_read_refcnt(op, &rc);
    /* counted before anything below can create references to op */
    Py_ssize_t transient = rc.immortal ? 0 : pyi_transient_refs(op, args, nargs, pyi_own_prefix);
    Py_ssize_t refcnt = rc.refcnt - transient;
    if (refcnt < 0) {
        refcnt = 0;
    }
    /* ob_size exists for variable-size objects; ints lost it in 3.12 (GH-101291) */
    int has_size = tp->tp_itemsize != 0 || PyList_Check(op) || PyByteArray_Check(op);
    if (!PYI_LONG_HAS_OB_SIZE && PyLong_Check(op)) {
        has_size = 0;
    }
    Py_ssize_t ob_size = has_size ? Py_SIZE(op) : 0;
    int gc_tracked = PyObject_IS_GC(op) && PyObject_GC_IsTracked(op);
    if (pyi_flat_size(op, &sz) < 0) {
        goto cleanup;
    }
    d = PyDict_New();
    if (d == NULL) {
        goto cleanup;
    }
    if (PYI_PUT_ADDR(d, "address", op) < 0 ||
        PYI_PUT_ADDR(d, "type_address", tp) < 0 ||
        pyi_put(d, "type_name", PyUnicode_DecodeUTF8(tp->tp_name, (Py_ssize_t)strlen(tp->tp_name), "replace")) < 0 ||
        PYI_PUT_ULL(d, "tp_flags", (unsigned long long)tp->tp_flags) < 0 ||
        PYI_PUT_SSIZE(d, "basicsize", tp->tp_basicsize) < 0 ||
        PYI_PUT_SSIZE(d, "itemsize", tp->tp_itemsize) < 0 ||
        PYI_PUT_SSIZE(d, "refcnt", refcnt) < 0 ||
        PYI_PUT_SSIZE(d, "refcnt_stored", rc.refcnt) < 0 ||
        PYI_PUT_SSIZE(d, "transient_refs", transient) < 0 ||
        PYI_PUT_BOOL(d, "immortal", rc.immortal) < 0 ||
        pyi_put(d, "refcnt_fields", refcnt_fields(&rc)) < 0 ||
        PYI_PUT_SSIZE(d, "gc_head_bytes", sz.gc_head) < 0 ||
        PYI_PUT_BOOL(d, "gc_tracked", gc_tracked) < 0 ||
        PYI_PUT_SSIZE(d, "preheader_bytes", sz.preheader) < 0 ||
        PYI_PUT_SSIZE(d, "object_bytes", sz.object) < 0 ||
        PYI_PUT_SSIZE(d, "buffer_bytes", sz.buffers) < 0 ||
        PYI_PUT_SSIZE(d, "allocated_bytes", PYI_ALLOCATED(sz)) < 0) {
        goto cleanup;
    }
    if (pyi_put(d, "refcnt_raw", pyi_refcnt_raw(&rc)) < 0) {
        goto cleanup;
    }
    if (pyi_put(d, "ob_size", has_size ? PyLong_FromSsize_t(ob_size) : Py_NewRef(Py_None)) < 0) {
        goto cleanup;
    }
    out = d;
    d = NULL;
cleanup:
    Py_XDECREF(d);
    Py_DECREF(tp);
    return out;
}

int
pyi_sizes_begin(PyObject *op, pyi_sizes_t *s)
{
    memset(s, 0, sizeof(*s));
    return pyi_sizeof_kind(Py_TYPE(op), &s->kind, &s->mirrored, NULL);
}

void
pyi_sizes_read(PyObject *op, pyi_sizes_t *s)
{
    pyi_size_t sz;
    s->has_size = Py_TYPE(op)->tp_itemsize != 0 || PyList_Check(op) || PyByteArray_Check(op);
    s->ob_size = s->has_size ? Py_SIZE(op) : 0;
    s->ok = pyi_flat_size_locked(op, s->kind, s->mirrored, &sz) == 0;
    s->object = sz.object;
    s->buffers = sz.buffers;
    s->preheader = sz.preheader;
}

PyObject *
pyi_sizes_dict(const pyi_sizes_t *s)
{
    if (!s->ok) {
        if (PyErr_Occurred()) {
            return NULL;
        }
        Py_RETURN_NONE;
    }
    return Py_BuildValue("{s:N,s:n,s:n,s:n,s:n}",
                         "ob_size", s->has_size ? PyLong_FromSsize_t(s->ob_size) : Py_NewRef(Py_None),
                         "object_bytes", s->object, "buffer_bytes", s->buffers, "preheader_bytes", s->preheader,
                         "allocated_bytes", s->object + s->buffers + s->preheader);
}

/* read_header(obj) -> dict */
static PyObject *
read_header(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (pyi_check_nargs("read_header", nargs, 1, 1) < 0) {
        return NULL;
    }
    return pyi_header_dict(args[0], args, nargs);
}

/* family(obj) -> str: which reader understands obj's C layout: the first
 * entry of PYI_FAMILIES (families.h) whose test accepts obj.  Decided from
 * tp_flags subclass bits and the type's MRO; no code of obj runs. */
static PyObject *
family(PyObject *module, PyObject *obj)
{
#define PYI_FAMILY_TEST(name, test, reader) \
    if (test(obj)) {                \
        return PyUnicode_FromString(#name); \
    }
    PYI_FAMILIES(PYI_FAMILY_TEST)
#undef PYI_FAMILY_TEST
    /* unreachable: "object" accepts every object */
    PyErr_SetString(PyExc_SystemError, "family(): no family accepts the object");
    return NULL;
}

/* read_instance(obj) -> dict: the __dict__ / inline values / weakref slots.
 * The value pointers are copied into C memory while the object is locked:
 * building the result tuple may run the collector (3.9-3.11), whose __del__
 * can add attributes and move or free the values array. */
static PyObject *
read_instance(PyObject *module, PyObject *obj)
{
    pyi_instance_t in;
    PyObject *d = NULL;
    PyObject *slots = NULL;
    PyObject *out = NULL;
    void **copy = NULL;
    Py_ssize_t n = 0;
    int nomem = 0;

    Py_BEGIN_CRITICAL_SECTION(obj);
    pyi_read_instance(obj, &in);
    n = in.slots != NULL && in.nvalues > 0 ? in.nvalues : 0;
    if (n > 0) {
        copy = (void **)PyMem_Calloc((size_t)n, sizeof(void *));
        if (copy == NULL) {
            nomem = 1;
        }
        else {
            memcpy(copy, (const void *)in.slots, (size_t)n * sizeof(void *));
        }
    }
    /* nothing below may follow a pointer into obj: only the copied values */
    in.slots = NULL;
    Py_END_CRITICAL_SECTION();
    if (nomem) {
        PyErr_NoMemory();
        goto cleanup;
    }
    slots = PyTuple_New(n);
    if (slots == NULL) {
        goto cleanup;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *a = pyi_addr(copy[i]);
        if (a == NULL) {
            goto cleanup;
        }
        PyTuple_SET_ITEM(slots, i, a);
    }
    d = PyDict_New();
    if (d == NULL) {
        goto cleanup;
    }
    if (PYI_PUT_BOOL(d, "managed_dict", in.managed) < 0 ||
        PYI_PUT_SSIZE(d, "dict_offset", in.dict_slot) < 0 ||
        PYI_PUT_ADDR(d, "dict_address", in.dict) < 0 ||
        PYI_PUT_ADDR(d, "values_address", in.values) < 0 ||
        PYI_PUT_BOOL(d, "values_inline", in.values_inline) < 0 ||
        PYI_PUT_SSIZE(d, "values_capacity", in.values_capacity) < 0 ||
        PYI_PUT_SSIZE(d, "values_size", in.values_size) < 0 ||
        PYI_PUT_SSIZE(d, "values_valid", in.values_valid) < 0 ||
        pyi_put(d, "values", Py_NewRef(slots)) < 0 ||
        PYI_PUT_SSIZE(d, "weakref_offset", in.weakref_slot) < 0 ||
        PYI_PUT_ADDR(d, "weakrefs_address", in.weakrefs) < 0 ||
        PYI_PUT_SSIZE(d, "tp_dictoffset", in.tp_dictoffset) < 0 ||
        PYI_PUT_SSIZE(d, "tp_weaklistoffset", in.tp_weaklistoffset) < 0) {
        goto cleanup;
    }
    out = d;
    d = NULL;
cleanup:
    Py_XDECREF(d);
    Py_XDECREF(slots);
    PyMem_Free(copy);
    return out;
}

/* _set_own_prefix(path): frames whose code file starts with path are
 * pyinspect's own (see internal_frames.c). */
static PyObject *
set_own_prefix(PyObject *module, PyObject *path)
{
    if (!PyUnicode_CheckExact(path)) {
        PyErr_SetString(PyExc_TypeError, "_set_own_prefix() needs a str");
        return NULL;
    }
    Py_XSETREF(pyi_own_prefix, Py_NewRef(path));
    Py_RETURN_NONE;
}

/* is_instance(obj, cls) -> bool: PyType_IsSubtype(Py_TYPE(obj), cls), which
 * walks the MRO in C; unlike isinstance() it never looks up obj.__class__. */
static PyObject *
is_instance(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (pyi_check_nargs("is_instance", nargs, 2, 2) < 0) {
        return NULL;
    }
    if (!PyType_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "is_instance() arg 2 must be a type");
        return NULL;
    }
    return PyBool_FromLong(PyType_IsSubtype(Py_TYPE(args[0]), (PyTypeObject *)args[1]));
}

/* type_name(obj) -> str: Py_TYPE(obj)->tp_name */
static PyObject *
type_name(PyObject *module, PyObject *obj)
{
    const char *name = Py_TYPE(obj)->tp_name;
    return PyUnicode_DecodeUTF8(name, (Py_ssize_t)strlen(name), "replace");
}

PyMethodDef pyi_object_methods[] = {
    {"is_instance", (PyCFunction)(void (*)(void))is_instance, METH_FASTCALL,
     "is_instance(obj, cls) -> bool\n\nWhether type(obj) is cls or a subclass, without looking up obj.__class__."},
    {"type_name", type_name, METH_O, "type_name(obj) -> str\n\nThe tp_name of obj's type."},
    {"read_header", (PyCFunction)(void (*)(void))read_header, METH_FASTCALL,
     "read_header(obj) -> dict\n\nThe PyObject header of obj: address, type, refcount words, sizes."},
    {"family", family, METH_O,
     "family(obj) -> str\n\nWhich reader understands obj's C layout ('int', 'str', ..., 'object')."},
    {"read_instance", read_instance, METH_O,
     "read_instance(obj) -> dict\n\nWhere obj keeps __dict__, inline values and weakrefs, without creating __dict__."},
    {"_set_own_prefix", set_own_prefix, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};
