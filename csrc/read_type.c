/* read_type.c: type objects (PyTypeObject / PyHeapTypeObject) and their slot
 * tables.  Issue 4.
 *
 * read_type() returns the type's own fields, every slot function pointer
 * (tp_*, and the am_/nb_/sq_/mp_/bf_ sub-tables) and the dunder entries of
 * its dict, each with what kind of object it is.  Which slots are empty, C
 * functions of the type, generic slot_* functions calling a Python dunder, or
 * inherited is decided in Python (read_code.py) from these raw facts.
 *
 * The dict is walked with PyDict_Next and only exact str keys are compared,
 * by their code units: no __eq__/__hash__ of a key and no descriptor of the
 * class runs.  On 3.12+ static builtin types keep their dict in the
 * interpreter state (gh-94673), so it is fetched with PyType_GetDict.
 */
#include "read_code_util.h"

#include <stddef.h>

enum { SUB_TP, SUB_AM, SUB_NB, SUB_SQ, SUB_MP, SUB_BF };

typedef struct {
    const char *name;
    int sub;
    size_t offset;
} slot_t;

#define TP(f) {#f, SUB_TP, offsetof(PyTypeObject, f)}
#define AM(f) {#f, SUB_AM, offsetof(PyAsyncMethods, f)}
#define NB(f) {#f, SUB_NB, offsetof(PyNumberMethods, f)}
#define SQ(f) {#f, SUB_SQ, offsetof(PySequenceMethods, f)}
#define MP(f) {#f, SUB_MP, offsetof(PyMappingMethods, f)}
#define BF(f) {#f, SUB_BF, offsetof(PyBufferProcs, f)}

/* Every function-pointer slot, in struct order (nb_reserved, was_sq_slice
 * and was_sq_ass_slice are unused placeholders and left out). */
static const slot_t slots[] = {
    TP(tp_dealloc), TP(tp_getattr), TP(tp_setattr), TP(tp_repr), TP(tp_hash), TP(tp_call),
    TP(tp_str), TP(tp_getattro), TP(tp_setattro), TP(tp_traverse), TP(tp_clear),
    TP(tp_richcompare), TP(tp_iter), TP(tp_iternext), TP(tp_descr_get), TP(tp_descr_set),
    TP(tp_init), TP(tp_alloc), TP(tp_new), TP(tp_free), TP(tp_is_gc), TP(tp_del),
    TP(tp_finalize), TP(tp_vectorcall),
#if PYI_PY315
    /* 3.15: _tp_iteritem (private, no dunder) */
    TP(_tp_iteritem),
#endif
    AM(am_await), AM(am_aiter), AM(am_anext),
#if PYI_PY310
    /* bpo-41756 (3.10): am_send */
    AM(am_send),
#endif
    NB(nb_add), NB(nb_subtract), NB(nb_multiply), NB(nb_remainder), NB(nb_divmod),
    NB(nb_power), NB(nb_negative), NB(nb_positive), NB(nb_absolute), NB(nb_bool),
    NB(nb_invert), NB(nb_lshift), NB(nb_rshift), NB(nb_and), NB(nb_xor), NB(nb_or),
    NB(nb_int), NB(nb_float), NB(nb_inplace_add), NB(nb_inplace_subtract),
    NB(nb_inplace_multiply), NB(nb_inplace_remainder), NB(nb_inplace_power),
    NB(nb_inplace_lshift), NB(nb_inplace_rshift), NB(nb_inplace_and), NB(nb_inplace_xor),
    NB(nb_inplace_or), NB(nb_floor_divide), NB(nb_true_divide), NB(nb_inplace_floor_divide),
    NB(nb_inplace_true_divide), NB(nb_index), NB(nb_matrix_multiply),
    NB(nb_inplace_matrix_multiply),
    SQ(sq_length), SQ(sq_concat), SQ(sq_repeat), SQ(sq_item), SQ(sq_ass_item),
    SQ(sq_contains), SQ(sq_inplace_concat), SQ(sq_inplace_repeat),
    MP(mp_length), MP(mp_subscript), MP(mp_ass_subscript),
    BF(bf_getbuffer), BF(bf_releasebuffer),
};
#define NSLOTS ((Py_ssize_t)(sizeof(slots) / sizeof(slots[0])))

static const void *
sub_table(PyTypeObject *tp, int sub)
{
    switch (sub) {
    case SUB_TP: return tp;
    case SUB_AM: return tp->tp_as_async;
    case SUB_NB: return tp->tp_as_number;
    case SUB_SQ: return tp->tp_as_sequence;
    case SUB_MP: return tp->tp_as_mapping;
    case SUB_BF: return tp->tp_as_buffer;
    }
    return NULL;
}

/* The function pointer in one slot, or NULL (also when its sub-table is). */
static const void *
slot_ptr(PyTypeObject *tp, const slot_t *s)
{
    const char *tab = (const char *)sub_table(tp, s->sub);
    if (tab == NULL) {
        return NULL;
    }
    const void *p;
    memcpy(&p, tab + s->offset, sizeof(p));
    return p;
}

/* slot_names() -> tuple of the slot names read_type() reports, in order */
static PyObject *
slot_names(PyObject *module, PyObject *unused)
{
    PyObject *out = PyTuple_New(NSLOTS);
    if (out == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < NSLOTS; i++) {
        PyObject *s = PyUnicode_FromString(slots[i].name);
        if (s == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyTuple_SET_ITEM(out, i, s);
    }
    return out;
}

/* known_functions() -> {name: address} of exported CPython functions that
 * slots commonly hold, so a picture can name them. */
static PyObject *
known_functions(PyObject *module, PyObject *unused)
{
    return Py_BuildValue(
        "{s:N,s:N,s:N,s:N,s:N,s:N,s:N,s:N,s:N}",
        "PyObject_HashNotImplemented", PYI_FPTR(PyObject_HashNotImplemented),
        "PyObject_GenericGetAttr", PYI_FPTR(PyObject_GenericGetAttr),
        "PyObject_GenericSetAttr", PYI_FPTR(PyObject_GenericSetAttr),
        "PyType_GenericAlloc", PYI_FPTR(PyType_GenericAlloc),
        "PyType_GenericNew", PYI_FPTR(PyType_GenericNew),
        "PyObject_GC_Del", PYI_FPTR(PyObject_GC_Del),
        "PyObject_Free", PYI_FPTR(PyObject_Free),
        "PyVectorcall_Call", PYI_FPTR(PyVectorcall_Call),
        "PyObject_SelfIter", PYI_FPTR(PyObject_SelfIter));
}

/* Whether an exact str is a dunder name (__x__), compared by code units. */
static int
is_dunder(PyObject *key)
{
    if (!PyUnicode_CheckExact(key)) {
        return 0;
    }
#if !PYI_PY312
    if (PyUnicode_READY(key) < 0) {
        PyErr_Clear();
        return 0;
    }
#endif
    Py_ssize_t n = PyUnicode_GET_LENGTH(key);
    if (n < 5) {
        return 0;
    }
    int kind = PyUnicode_KIND(key);
    const void *data = PyUnicode_DATA(key);
    return PyUnicode_READ(kind, data, 0) == '_' && PyUnicode_READ(kind, data, 1) == '_' &&
           PyUnicode_READ(kind, data, n - 1) == '_' && PyUnicode_READ(kind, data, n - 2) == '_';
}

/* What kind of object a class attribute is, from its type alone. */
static const char *
value_kind(PyObject *v)
{
    PyTypeObject *t = Py_TYPE(v);
    if (v == Py_None) {
        return "none";
    }
    if (PyFunction_Check(v)) {
        return "function";
    }
    if (t == &PyWrapperDescr_Type) {
        return "slot_wrapper";
    }
    if (t == &PyMethodDescr_Type || t == &PyClassMethodDescr_Type) {
        return "method_descriptor";
    }
    if (PyCFunction_Check(v)) {
        return "builtin";
    }
    if (t == &PyClassMethod_Type) {
        return "classmethod";
    }
    if (t == &PyStaticMethod_Type) {
        return "staticmethod";
    }
    return "other";
}

/* One dunder row: (name, value address, kind, value tp_name,
 * wrapped C function or None, descriptor's d_type address or None,
 * str value copy or None). */
static PyObject *
dunder_row(PyObject *key, PyObject *v)
{
    const void *wrapped = NULL;
    PyTypeObject *dtype = NULL;
    if (Py_TYPE(v) == &PyWrapperDescr_Type) {
        /* a slot wrapper: d_wrapped is the C slot function it calls */
        wrapped = ((PyWrapperDescrObject *)v)->d_wrapped;
        dtype = PyDescr_TYPE(v);
    }
    else if (Py_TYPE(v) == &PyMethodDescr_Type) {
        dtype = PyDescr_TYPE(v);
    }
    return Py_BuildValue("(NNsNNNN)", pyi_str_copy(key, PYI_NAME_MAX), pyi_addr(v), value_kind(v),
                         pyi_tp_name(v), pyi_addr(wrapped), pyi_addr(dtype),
                         PyUnicode_Check(v) ? pyi_str_copy(v, 200) : Py_NewRef(Py_None));
}

/* The dunder entries of a type's dict, and how many entries it has. */
static PyObject *
dunder_rows(PyObject *dict, Py_ssize_t *nentries)
{
    *nentries = 0;
    PyObject *rows = PyList_New(0);
    if (rows == NULL || dict == NULL || !PyDict_Check(dict)) {
        return rows;
    }
    int failed = 0;
    Py_BEGIN_CRITICAL_SECTION(dict);
    Py_ssize_t pos = 0;
    PyObject *k, *v;
    *nentries = PyDict_GET_SIZE(dict);
    while (PyDict_Next(dict, &pos, &k, &v)) {
        if (!is_dunder(k)) {
            continue;
        }
        PyObject *row = dunder_row(k, v);
        if (row == NULL || PyList_Append(rows, row) < 0) {
            Py_XDECREF(row);
            failed = 1;
            break;
        }
        Py_DECREF(row);
    }
    Py_END_CRITICAL_SECTION();
    if (failed) {
        Py_CLEAR(rows);
    }
    return rows;
}

static PyObject *
tuple_addresses(PyObject *t)
{
    if (t == NULL || !PyTuple_Check(t)) {
        Py_RETURN_NONE;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(t);
    return pyi_addresses(((PyTupleObject *)t)->ob_item, n, pyi_window(n, -1, -1));
}

/* read_type(type) -> dict */
static PyObject *
read_type(PyObject *module, PyObject *obj)
{
    PyObject *d = NULL;
    PyObject *out = NULL;
    PyObject *dict = NULL;
    PyObject *ptrs = NULL;
    PyObject *dunders = NULL;
    PyObject *mro = NULL;
    PyObject *bases = NULL;

    if (!PyType_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "read_type() needs a type, not %.100s", Py_TYPE(obj)->tp_name);
        return NULL;
    }
    PyTypeObject *tp = (PyTypeObject *)obj;
    int heap = (tp->tp_flags & Py_TPFLAGS_HEAPTYPE) != 0;
    PyHeapTypeObject *ht = (PyHeapTypeObject *)tp;

    ptrs = PyTuple_New(NSLOTS);
    if (ptrs == NULL) {
        goto cleanup;
    }
    for (Py_ssize_t i = 0; i < NSLOTS; i++) {
        PyObject *a = PYI_FPTR(slot_ptr(tp, &slots[i]));
        if (a == NULL) {
            goto cleanup;
        }
        PyTuple_SET_ITEM(ptrs, i, a);
    }
    /* tp_mro / tp_bases are replaced as a whole when __bases__ is assigned;
     * hold them while reading */
    mro = tp->tp_mro != NULL ? Py_NewRef(tp->tp_mro) : NULL;
    bases = tp->tp_bases != NULL ? Py_NewRef(tp->tp_bases) : NULL;
    dict = pyi_type_dict(tp);
    Py_ssize_t nentries = 0;
    dunders = dunder_rows(dict, &nentries);
    if (dunders == NULL) {
        goto cleanup;
    }
    const char *doc = tp->tp_doc;
    d = PyDict_New();
    if (d == NULL) {
        goto cleanup;
    }
    if (pyi_put(d, "tp_name", PyUnicode_DecodeUTF8(tp->tp_name, (Py_ssize_t)strlen(tp->tp_name), "replace")) < 0 ||
        PYI_PUT_SSIZE(d, "tp_basicsize", tp->tp_basicsize) < 0 ||
        PYI_PUT_SSIZE(d, "tp_itemsize", tp->tp_itemsize) < 0 ||
        PYI_PUT_ULL(d, "tp_flags", (unsigned long long)tp->tp_flags) < 0 ||
        PYI_PUT_SSIZE(d, "tp_dictoffset", tp->tp_dictoffset) < 0 ||
        PYI_PUT_SSIZE(d, "tp_weaklistoffset", tp->tp_weaklistoffset) < 0 ||
        PYI_PUT_SSIZE(d, "tp_vectorcall_offset", tp->tp_vectorcall_offset) < 0 ||
        PYI_PUT_ULL(d, "tp_version_tag", tp->tp_version_tag) < 0 ||
        PYI_PUT_ADDR(d, "tp_base", tp->tp_base) < 0 ||
        pyi_put(d, "tp_bases", tuple_addresses(bases)) < 0 ||
        pyi_put(d, "tp_mro", tuple_addresses(mro)) < 0 ||
        PYI_PUT_ADDR(d, "tp_dict", tp->tp_dict) < 0 ||
        PYI_PUT_ADDR(d, "dict_address", dict) < 0 ||
        PYI_PUT_SSIZE(d, "dict_entries", nentries) < 0 ||
        pyi_put(d, "tp_doc", doc != NULL ? PyUnicode_DecodeUTF8(doc, (Py_ssize_t)strnlen(doc, 200), "replace")
                                         : Py_NewRef(Py_None)) < 0 ||
        PYI_PUT_ADDR(d, "tp_as_async", tp->tp_as_async) < 0 ||
        PYI_PUT_ADDR(d, "tp_as_number", tp->tp_as_number) < 0 ||
        PYI_PUT_ADDR(d, "tp_as_sequence", tp->tp_as_sequence) < 0 ||
        PYI_PUT_ADDR(d, "tp_as_mapping", tp->tp_as_mapping) < 0 ||
        PYI_PUT_ADDR(d, "tp_as_buffer", tp->tp_as_buffer) < 0 ||
        PYI_PUT_ADDR(d, "tp_subclasses", tp->tp_subclasses) < 0 ||
        PYI_PUT_ADDR(d, "tp_weaklist", tp->tp_weaklist) < 0 ||
        PYI_PUT_BOOL(d, "heap", heap) < 0 ||
        pyi_put(d, "ht_name", heap ? pyi_str_copy(ht->ht_name, PYI_NAME_MAX) : Py_NewRef(Py_None)) < 0 ||
        pyi_put(d, "ht_qualname", heap ? pyi_str_copy(ht->ht_qualname, PYI_NAME_MAX) : Py_NewRef(Py_None)) < 0 ||
        pyi_put(d, "ht_slots", heap ? pyi_names(ht->ht_slots) : Py_NewRef(Py_None)) < 0 ||
        PYI_PUT_ADDR(d, "ht_cached_keys", heap ? (const void *)ht->ht_cached_keys : NULL) < 0 ||
        PYI_PUT_ADDR(d, "ht_module", pyi_heaptype_module(tp)) < 0 ||
        PYI_PUT_ADDR(d, "as_number_inline", heap ? (const void *)&ht->as_number : NULL) < 0 ||
        pyi_put(d, "slots", Py_NewRef(ptrs)) < 0 ||
        pyi_put(d, "dunders", PyList_AsTuple(dunders)) < 0) {
        goto cleanup;
    }
    out = d;
    d = NULL;
cleanup:
    Py_XDECREF(d);
    Py_XDECREF(dict);
    Py_XDECREF(ptrs);
    Py_XDECREF(dunders);
    Py_XDECREF(mro);
    Py_XDECREF(bases);
    return out;
}

/* type_mro(type) -> the tp_mro tuple (or (type,) while it is not ready) */
static PyObject *
type_mro(PyObject *module, PyObject *obj)
{
    if (!PyType_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "type_mro() needs a type, not %.100s", Py_TYPE(obj)->tp_name);
        return NULL;
    }
    PyObject *mro = ((PyTypeObject *)obj)->tp_mro;
    if (mro == NULL || !PyTuple_Check(mro)) {
        return PyTuple_Pack(1, obj);
    }
    return Py_NewRef(mro);
}

/* type_bases(type) -> (tp_base or None, tp_bases tuple or ()) */
static PyObject *
type_bases(PyObject *module, PyObject *obj)
{
    if (!PyType_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "type_bases() needs a type, not %.100s", Py_TYPE(obj)->tp_name);
        return NULL;
    }
    PyTypeObject *tp = (PyTypeObject *)obj;
    PyObject *bases = tp->tp_bases;
    PyObject *empty = NULL;
    if (bases == NULL || !PyTuple_Check(bases)) {
        bases = empty = PyTuple_New(0);
        if (empty == NULL) {
            return NULL;
        }
    }
    PyObject *out = PyTuple_Pack(2, tp->tp_base != NULL ? (PyObject *)tp->tp_base : Py_None, bases);
    Py_XDECREF(empty);
    return out;
}

/* type_slots(type) -> tuple of the slot pointers alone (for dispatch) */
static PyObject *
type_slots(PyObject *module, PyObject *obj)
{
    if (!PyType_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "type_slots() needs a type, not %.100s", Py_TYPE(obj)->tp_name);
        return NULL;
    }
    PyObject *ptrs = PyTuple_New(NSLOTS);
    if (ptrs == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < NSLOTS; i++) {
        PyObject *a = PYI_FPTR(slot_ptr((PyTypeObject *)obj, &slots[i]));
        if (a == NULL) {
            Py_DECREF(ptrs);
            return NULL;
        }
        PyTuple_SET_ITEM(ptrs, i, a);
    }
    return ptrs;
}

PyMethodDef pyi_type_methods[] = {
    {"read_type", read_type, METH_O,
     "read_type(type) -> dict\n\nThe PyTypeObject fields, every slot pointer and the dunder entries of its dict."},
    {"type_mro", type_mro, METH_O, "type_mro(type) -> tuple\n\nThe tp_mro tuple."},
    {"type_bases", type_bases, METH_O, "type_bases(type) -> tuple\n\n(tp_base or None, tp_bases)."},
    {"type_slots", type_slots, METH_O, "type_slots(type) -> tuple\n\nThe slot pointers, in slot_names() order."},
    {"slot_names", slot_names, METH_NOARGS, "slot_names() -> tuple\n\nNames of the slots read_type() reports."},
    {"known_functions", known_functions, METH_NOARGS,
     "known_functions() -> dict\n\nAddresses of exported CPython functions slots often hold."},
    {NULL, NULL, 0, NULL},
};
