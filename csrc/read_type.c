/* read_type.c: type objects (PyTypeObject / PyHeapTypeObject) and their slot
 * tables.
 *
 * read_type() returns the type's own fields, every slot function pointer
 * (tp_*, and the am_/nb_/sq_/mp_/bf_ sub-tables) and the dunder entries of
 * its dict, each with what kind of object it is.  Which slots are empty, C
 * functions of the type, generic slot_* functions calling a Python dunder, or
 * inherited is decided in Python (read_code.py) from these raw facts.
 *
 * The dict is walked with PyDict_Next and only exact str keys are compared,
 * by their code units: no __eq__/__hash__ of a key and no descriptor of the
 * class runs.  Everything is copied or held before the result is built
 * (type_snapshot: ARCHITECTURE rule 3).  On 3.12+ static builtin types keep their dict in the
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
/* rows with their trailing comma, for compat.h's per-version slot lists */
#define TP_ROW(f) TP(f),
#define AM_ROW(f) AM(f),
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
    PYI_TP_SLOTS_SINCE_315(TP_ROW)
    AM(am_await), AM(am_aiter), AM(am_anext),
    PYI_AM_SLOTS_SINCE_310(AM_ROW)
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

/* Every slot pointer of tp, copied into ptrs[NSLOTS] (no allocation). */
static void
copy_slots(PyTypeObject *tp, const void **ptrs)
{
    for (Py_ssize_t i = 0; i < NSLOTS; i++) {
        ptrs[i] = slot_ptr(tp, &slots[i]);
    }
}

/* A tuple of the copied slot pointers, in slot_names() order. */
static PyObject *
slot_tuple(const void *const *ptrs)
{
    PyObject *out = PyTuple_New(NSLOTS);
    if (out == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < NSLOTS; i++) {
        PyObject *a = PYI_FPTR(ptrs[i]);
        if (a == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyTuple_SET_ITEM(out, i, a);
    }
    return out;
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

/* Whether an exact str is a dunder name (__x__), compared by code units.
 * Runs no code and creates no object (a pyi_hold_pairs filter). */
static int
is_dunder(PyObject *key)
{
    if (!PyUnicode_CheckExact(key)) {
        return 0;
    }
    if (pyi_unicode_ready(key) < 0) {
        PyErr_Clear();
        return 0;
    }
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
 * str value copy or None).  `key` and `v` are held by the caller. */
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

/* A tuple of the held dunder entries' rows. */
static PyObject *
dunder_rows(const pyi_pairs_t *p)
{
    Py_ssize_t n = p->keys.n;
    PyObject *rows = PyTuple_New(n);
    if (rows == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *row = dunder_row(p->keys.items[i], p->values.items[i]);
        if (row == NULL) {
            Py_DECREF(rows);
            return NULL;
        }
        PyTuple_SET_ITEM(rows, i, row);
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

/* What read_type() reports of a type, copied out of it before anything is
 * built.  A __del__ run by the collector inside an allocation of the build
 * may assign __bases__ (tp_bases, tp_base and tp_mro replaced, the old
 * ones released), __name__ / __qualname__ (ht_name, whose UTF-8 tp_name
 * points into, and ht_qualname), or set and delete attributes (the dict
 * resized, values released): so every object the build looks into is held
 * and tp_name / tp_doc are decoded first (a str is not GC-tracked: making
 * one never collects). */
typedef struct {
    const void *slot_ptrs[NSLOTS];
    int heap;
    Py_ssize_t basicsize, itemsize, dictoffset, weaklistoffset, vectorcall_offset;
    unsigned long long flags, version_tag;
    const void *base, *tp_dict, *as_async, *as_number, *as_sequence, *as_mapping, *as_buffer;
    const void *subclasses, *weaklist, *cached_keys, *ht_module, *as_number_inline;
    /* new references */
    PyObject *name, *doc;              /* tp_name / tp_doc decoded (doc NULL when none) */
    PyObject *mro, *bases, *base_obj;  /* tp_mro, tp_bases, tp_base */
    PyObject *dict;                    /* the type's dict (pyi_type_dict) */
    PyObject *ht_name, *ht_qualname, *ht_slots;
    pyi_pairs_t dunders;               /* the dict's dunder entries, held */
} type_snap_t;

/* 0, or -1 with an exception set (decoding tp_name / tp_doc failed: no
 * pointer into the type is used afterwards) or -2 (no memory, none set). */
static int
type_snapshot(PyTypeObject *tp, type_snap_t *s)
{
    memset(s, 0, sizeof(*s));
    copy_slots(tp, s->slot_ptrs);
    s->heap = (tp->tp_flags & Py_TPFLAGS_HEAPTYPE) != 0;
    s->basicsize = tp->tp_basicsize;
    s->itemsize = tp->tp_itemsize;
    s->dictoffset = tp->tp_dictoffset;
    s->weaklistoffset = tp->tp_weaklistoffset;
    s->vectorcall_offset = tp->tp_vectorcall_offset;
    s->flags = (unsigned long long)tp->tp_flags;
    s->version_tag = tp->tp_version_tag;
    s->base = tp->tp_base;
    s->tp_dict = tp->tp_dict;
    s->as_async = tp->tp_as_async;
    s->as_number = tp->tp_as_number;
    s->as_sequence = tp->tp_as_sequence;
    s->as_mapping = tp->tp_as_mapping;
    s->as_buffer = tp->tp_as_buffer;
    s->subclasses = tp->tp_subclasses;
    s->weaklist = tp->tp_weaklist;
    s->ht_module = pyi_heaptype_module(tp);
    s->mro = Py_XNewRef(tp->tp_mro);
    s->bases = Py_XNewRef(tp->tp_bases);
    s->base_obj = Py_XNewRef((PyObject *)tp->tp_base);
    if (s->heap) {
        PyHeapTypeObject *ht = (PyHeapTypeObject *)tp;
        s->cached_keys = ht->ht_cached_keys;
        s->as_number_inline = &ht->as_number;
        s->ht_name = Py_XNewRef(ht->ht_name);
        s->ht_qualname = Py_XNewRef(ht->ht_qualname);
        s->ht_slots = Py_XNewRef(ht->ht_slots);
    }
    s->dict = pyi_type_dict(tp);
    const char *doc = tp->tp_doc;
    s->name = PyUnicode_DecodeUTF8(tp->tp_name, (Py_ssize_t)strlen(tp->tp_name), "replace");
    if (s->name == NULL) {
        return -1;
    }
    if (doc != NULL) {
        s->doc = PyUnicode_DecodeUTF8(doc, (Py_ssize_t)strnlen(doc, 200), "replace");
        if (s->doc == NULL) {
            return -1;
        }
    }
    if (s->dict != NULL && PyDict_Check(s->dict) && pyi_hold_pairs(&s->dunders, s->dict, is_dunder) < 0) {
        return -2;
    }
    return 0;
}

static void
type_release(type_snap_t *s)
{
    pyi_pairs_release(&s->dunders);
    Py_CLEAR(s->name);
    Py_CLEAR(s->doc);
    Py_CLEAR(s->mro);
    Py_CLEAR(s->bases);
    Py_CLEAR(s->base_obj);
    Py_CLEAR(s->dict);
    Py_CLEAR(s->ht_name);
    Py_CLEAR(s->ht_qualname);
    Py_CLEAR(s->ht_slots);
}

/* The objects of the same read, for naming them: tp_mro (None while it is
 * not ready), tp_bases (() when NULL) and tp_base (None). */
static PyObject *
type_refs(const type_snap_t *s)
{
    int mro_ok = s->mro != NULL && PyTuple_Check(s->mro);
    int bases_ok = s->bases != NULL && PyTuple_Check(s->bases);
    PyObject *empty = bases_ok ? NULL : PyTuple_New(0);
    if (!bases_ok && empty == NULL) {
        return NULL;
    }
    PyObject *out = Py_BuildValue("{s:O,s:O,s:O}", "mro", mro_ok ? s->mro : Py_None,
                                  "bases", bases_ok ? s->bases : empty,
                                  "base", s->base_obj != NULL ? s->base_obj : Py_None);
    Py_XDECREF(empty);
    return out;
}

/* read_type(type) -> dict: the fields, slot pointers and dunder entries,
 * and under "refs" the tp_mro, tp_bases and tp_base objects, all from one
 * read. */
static PyObject *
read_type(PyObject *module, PyObject *obj)
{
    type_snap_t s;
    PyObject *d = NULL;
    PyObject *out = NULL;

    if (!PyType_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "read_type() needs a type, not %.100s", Py_TYPE(obj)->tp_name);
        return NULL;
    }
    int rc = type_snapshot((PyTypeObject *)obj, &s);
    if (rc < 0) {
        if (rc == -2) {
            PyErr_NoMemory();
        }
        goto cleanup;
    }
    d = PyDict_New();
    if (d == NULL) {
        goto cleanup;
    }
    if (pyi_put(d, "tp_name", Py_NewRef(s.name)) < 0 ||
        PYI_PUT_SSIZE(d, "tp_basicsize", s.basicsize) < 0 ||
        PYI_PUT_SSIZE(d, "tp_itemsize", s.itemsize) < 0 ||
        PYI_PUT_ULL(d, "tp_flags", s.flags) < 0 ||
        PYI_PUT_SSIZE(d, "tp_dictoffset", s.dictoffset) < 0 ||
        PYI_PUT_SSIZE(d, "tp_weaklistoffset", s.weaklistoffset) < 0 ||
        PYI_PUT_SSIZE(d, "tp_vectorcall_offset", s.vectorcall_offset) < 0 ||
        PYI_PUT_ULL(d, "tp_version_tag", s.version_tag) < 0 ||
        PYI_PUT_ADDR(d, "tp_base", s.base) < 0 ||
        pyi_put(d, "tp_bases", tuple_addresses(s.bases)) < 0 ||
        pyi_put(d, "tp_mro", tuple_addresses(s.mro)) < 0 ||
        PYI_PUT_ADDR(d, "tp_dict", s.tp_dict) < 0 ||
        PYI_PUT_ADDR(d, "dict_address", s.dict) < 0 ||
        PYI_PUT_SSIZE(d, "dict_entries", s.dunders.used) < 0 ||
        pyi_put(d, "tp_doc", Py_NewRef(s.doc != NULL ? s.doc : Py_None)) < 0 ||
        PYI_PUT_ADDR(d, "tp_as_async", s.as_async) < 0 ||
        PYI_PUT_ADDR(d, "tp_as_number", s.as_number) < 0 ||
        PYI_PUT_ADDR(d, "tp_as_sequence", s.as_sequence) < 0 ||
        PYI_PUT_ADDR(d, "tp_as_mapping", s.as_mapping) < 0 ||
        PYI_PUT_ADDR(d, "tp_as_buffer", s.as_buffer) < 0 ||
        PYI_PUT_ADDR(d, "tp_subclasses", s.subclasses) < 0 ||
        PYI_PUT_ADDR(d, "tp_weaklist", s.weaklist) < 0 ||
        PYI_PUT_BOOL(d, "heap", s.heap) < 0 ||
        pyi_put(d, "ht_name", s.heap ? pyi_str_copy(s.ht_name, PYI_NAME_MAX) : Py_NewRef(Py_None)) < 0 ||
        pyi_put(d, "ht_qualname", s.heap ? pyi_str_copy(s.ht_qualname, PYI_NAME_MAX) : Py_NewRef(Py_None)) < 0 ||
        pyi_put(d, "ht_slots", s.heap ? pyi_names(s.ht_slots) : Py_NewRef(Py_None)) < 0 ||
        PYI_PUT_ADDR(d, "ht_cached_keys", s.cached_keys) < 0 ||
        PYI_PUT_ADDR(d, "ht_module", s.ht_module) < 0 ||
        PYI_PUT_ADDR(d, "as_number_inline", s.as_number_inline) < 0 ||
        pyi_put(d, "slots", slot_tuple(s.slot_ptrs)) < 0 ||
        pyi_put(d, "dunders", dunder_rows(&s.dunders)) < 0 ||
        pyi_put(d, "refs", type_refs(&s)) < 0) {
        goto cleanup;
    }
    out = d;
    d = NULL;
cleanup:
    Py_XDECREF(d);
    type_release(&s);
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
    /* copied first: assigning a dunder rewrites the slot (update_slot) */
    const void *ptrs[NSLOTS];
    copy_slots((PyTypeObject *)obj, ptrs);
    return slot_tuple(ptrs);
}

PyMethodDef pyi_type_methods[] = {
    {"read_type", read_type, METH_O,
     "read_type(type) -> dict\n\nThe PyTypeObject fields, every slot pointer and the dunder entries of its dict;\n"
     "under 'refs' the tp_mro, tp_bases and tp_base objects, from the same read."},
    {"type_slots", type_slots, METH_O, "type_slots(type) -> tuple\n\nThe slot pointers, in slot_names() order."},
    {"slot_names", slot_names, METH_NOARGS, "slot_names() -> tuple\n\nNames of the slots read_type() reports."},
    {"known_functions", known_functions, METH_NOARGS,
     "known_functions() -> dict\n\nAddresses of exported CPython functions slots often hold."},
    {NULL, NULL, 0, NULL},
};
