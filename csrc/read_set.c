/* read_set.c: set and frozenset (PySetObject, setentry).
 *
 * PySetObject and setentry are public structs, unchanged apart from the
 * object header from 3.9 to 3.15.  A slot is unused (key NULL), dummy (hash
 * -1: the key is the static dummy object) or active (setobject.h).
 */
#include "readers.h"
#include "tables.h"

static int
check_set(const char *name, PyObject *obj)
{
    if (!PyAnySet_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "%s() needs a set or frozenset, not %.100s", name, Py_TYPE(obj)->tp_name);
        return -1;
    }
    return 0;
}

static int
set_consistent(PySetObject *so)
{
    Py_ssize_t size = so->mask + 1;
    return so->table != NULL && size > 0 && (size & (size - 1)) == 0 &&
           so->used >= 0 && so->fill >= so->used && so->fill <= size;
}

static PyObject *
inconsistent(PyObject *obj)
{
    PyErr_Format(pyi_InspectError, "the table of the %.100s at %p is inconsistent (mask/fill/used)",
                 Py_TYPE(obj)->tp_name, (void *)obj);
    return NULL;
}

/* one slot: None (unused), 'dummy', or (hash, key address) */
static PyObject *
slot_row(const setentry *e)
{
    switch (pyi_setentry_state(e)) {
    case 0:
        Py_RETURN_NONE;
    case 1:
        return PyUnicode_FromString("dummy");
    default:
        return Py_BuildValue("(nN)", (Py_ssize_t)e->hash, pyi_addr(e->key));
    }
}

/* the key object of an active slot, else None */
static PyObject *
slot_object(const setentry *e)
{
    return Py_NewRef(pyi_setentry_state(e) == 2 ? e->key : Py_None);
}

/* probes a lookup of an active slot's key makes to reach it, else None */
static PyObject *
slot_probes(PySetObject *so, Py_ssize_t s)
{
    const setentry *e = &so->table[s];
    if (pyi_setentry_state(e) != 2) {
        Py_RETURN_NONE;
    }
    Py_ssize_t limit = (so->mask + 65) * (PYI_LINEAR_PROBES + 1);
    Py_ssize_t n = pyi_set_probe_length(e->hash, (size_t)so->mask, (size_t)s, limit);
    if (n < 0) {
        Py_RETURN_NONE;
    }
    return PyLong_FromSsize_t(n);
}

static PyObject *
row_at(const void *table, Py_ssize_t i)
{
    return slot_row(&((const PySetObject *)table)->table[i]);
}

static PyObject *
probes_at(const void *table, Py_ssize_t i)
{
    return slot_probes((PySetObject *)table, i);
}

static PyObject *
object_at(const void *table, Py_ssize_t i)
{
    return slot_object(&((const PySetObject *)table)->table[i]);
}

/* read_set(obj, head=None, tail=None) -> dict */
static PyObject *
read_set(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Py_ssize_t head, tail;
    PyObject *r = NULL;
    PyObject *out = NULL;
    int ok = 1;
    if (pyi_check_nargs("read_set", nargs, 1, 3) < 0 || check_set("read_set", args[0]) < 0 ||
        pyi_window_args(args, nargs, 1, &head, &tail) < 0) {
        return NULL;
    }
    PyObject *obj = args[0];
    PySetObject *so = (PySetObject *)obj;
    Py_BEGIN_CRITICAL_SECTION(obj);
    ok = set_consistent(so);
    if (ok) {
        Py_ssize_t size = so->mask + 1;
        pyi_window_t w = pyi_window(size, head, tail);
        pyi_table_stats_t st;
        pyi_set_stats(so, &st);
        r = PyDict_New();
        if (r != NULL &&
            PYI_PUT_SSIZE(r, "fill", so->fill) == 0 &&
            PYI_PUT_SSIZE(r, "used", so->used) == 0 &&
            PYI_PUT_SSIZE(r, "mask", so->mask) == 0 &&
            PYI_PUT_ADDR(r, "table_address", so->table) == 0 &&
            PYI_PUT_BOOL(r, "smalltable", so->table == so->smalltable) == 0 &&
            PYI_PUT_SSIZE(r, "smalltable_offset", (char *)so->smalltable - (char *)so) == 0 &&
            PYI_PUT_SSIZE(r, "hash", so->hash) == 0 &&
            PYI_PUT_SSIZE(r, "finger", so->finger) == 0 &&
            PYI_PUT_ADDR(r, "weakreflist", so->weakreflist) == 0 &&
            pyi_put(r, "table", pyi_window_tuple(w, size, row_at, so)) == 0 &&
            pyi_put(r, "probes", pyi_window_tuple(w, size, probes_at, so)) == 0 &&
            pyi_put(r, "objects", pyi_window_tuple(w, size, object_at, so)) == 0 &&
            PYI_PUT_SSIZE(r, "table_head", w.head) == 0 &&
            PYI_PUT_SSIZE(r, "table_omitted", w.omitted) == 0 &&
            pyi_put(r, "stats", pyi_stats_dict(&st, so->used)) == 0) {
            out = r;
            r = NULL;
        }
        Py_XDECREF(r);
    }
    Py_END_CRITICAL_SECTION();
    if (!ok) {
        return inconsistent(obj);
    }
    return out;
}

/* set_stats(obj) -> dict: whole-table statistics, computed in C */
static PyObject *
set_stats(PyObject *module, PyObject *obj)
{
    PyObject *out = NULL;
    int ok = 1;
    if (check_set("set_stats", obj) < 0) {
        return NULL;
    }
    Py_BEGIN_CRITICAL_SECTION(obj);
    ok = set_consistent((PySetObject *)obj);
    if (ok) {
        pyi_table_stats_t st;
        pyi_set_stats((PySetObject *)obj, &st);
        out = pyi_stats_dict(&st, ((PySetObject *)obj)->used);
    }
    Py_END_CRITICAL_SECTION();
    if (!ok) {
        return inconsistent(obj);
    }
    return out;
}

/* set_table(obj) -> bytes: the setentry array as stored (16 bytes a slot) */
static PyObject *
set_table(PyObject *module, PyObject *obj)
{
    PyObject *out = NULL;
    int ok = 1;
    if (check_set("set_table", obj) < 0) {
        return NULL;
    }
    Py_BEGIN_CRITICAL_SECTION(obj);
    PySetObject *so = (PySetObject *)obj;
    ok = set_consistent(so);
    if (ok) {
        out = PyBytes_FromStringAndSize((const char *)so->table, (so->mask + 1) * (Py_ssize_t)sizeof(setentry));
    }
    Py_END_CRITICAL_SECTION();
    if (!ok) {
        return inconsistent(obj);
    }
    return out;
}

/* set_objects(obj, head=None, tail=None) -> tuple: the key object of each
 * slot in the window (None for unused and dummy slots). */
static PyObject *
set_objects(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Py_ssize_t head, tail;
    PyObject *out = NULL;
    int ok = 1;
    if (pyi_check_nargs("set_objects", nargs, 1, 3) < 0 || check_set("set_objects", args[0]) < 0 ||
        pyi_window_args(args, nargs, 1, &head, &tail) < 0) {
        return NULL;
    }
    PyObject *obj = args[0];
    PySetObject *so = (PySetObject *)obj;
    Py_BEGIN_CRITICAL_SECTION(obj);
    ok = set_consistent(so);
    if (ok) {
        Py_ssize_t size = so->mask + 1;
        pyi_window_t w = pyi_window(size, head, tail);
        out = PyTuple_New(w.head + w.tail);
        Py_ssize_t j = 0;
        for (Py_ssize_t i = 0; out != NULL && i < size; i++) {
            if (i == w.head) {
                i = size - w.tail;
                if (i >= size) {
                    break;
                }
            }
            const setentry *e = &so->table[i];
            PyTuple_SET_ITEM(out, j++, Py_NewRef(pyi_setentry_state(e) == 2 ? e->key : Py_None));
        }
    }
    Py_END_CRITICAL_SECTION();
    if (!ok) {
        return inconsistent(obj);
    }
    return out;
}

/* probe_set(obj, key) -> dict: the slots set_lookkey visits for key */
static PyObject *
probe_set(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    PyObject *out = NULL;
    Py_hash_t hash;
    int ok = 1;
    if (pyi_check_nargs("probe_set", nargs, 2, 2) < 0 || check_set("probe_set", args[0]) < 0) {
        return NULL;
    }
    PyObject *obj = args[0];
    /* the probe key is the caller's own object; hashing it is the lookup's first step */
    if (pyi_probe_key_hash(args[1], &hash) < 0) {
        return NULL;
    }
    Py_BEGIN_CRITICAL_SECTION(obj);
    ok = set_consistent((PySetObject *)obj);
    if (ok) {
        out = pyi_set_probe_raw((PySetObject *)obj, args[1], hash);
    }
    Py_END_CRITICAL_SECTION();
    if (!ok) {
        return inconsistent(obj);
    }
    return out;
}

PyMethodDef pyi_set_methods[] = {
    {"read_set", (PyCFunction)(void (*)(void))read_set, METH_FASTCALL,
     "read_set(obj, head=None, tail=None) -> dict\n\nfill, used, mask, finger, the slots window (None, 'dummy' or "
     "(hash, key address)) and C statistics of a set or frozenset."},
    {"set_stats", set_stats, METH_O, "set_stats(obj) -> dict\n\nLoad, dummies and probe lengths, computed in C."},
    {"set_table", set_table, METH_O, "set_table(obj) -> bytes\n\nThe setentry array as stored."},
    {"set_objects", (PyCFunction)(void (*)(void))set_objects, METH_FASTCALL,
     "set_objects(obj, head=None, tail=None) -> tuple\n\nThe key objects of the slots window (None if no key)."},
    {"probe_set", (PyCFunction)(void (*)(void))probe_set, METH_FASTCALL,
     "probe_set(obj, key) -> dict\n\nThe slots set_lookkey visits: LINEAR_PROBES neighbours, then perturbation."},
    {NULL, NULL, 0, NULL},
};
