/* set.c: the set reader: set and frozenset (PySetObject, setentry), and one
 * lookup's path (replayed by set_tables.c).
 *
 * PySetObject and setentry are public structs, unchanged apart from the
 * object header from 3.9 to 3.15.  A slot is unused (key NULL), dummy (hash
 * -1: the key is the static dummy object) or active (setobject.h).
 */
#include "readers.h"
#include "tables.h"
#include "probe_path.h"

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

/* One slot of the window, copied: its state, hash, key (a strong
 * reference when active) and the probes a lookup of that key makes. */
typedef struct {
    int state;               /* pyi_setentry_state: 0 unused, 1 dummy, 2 active */
    Py_hash_t hash;
    PyObject *key;           /* active slots only */
    Py_ssize_t probes;       /* -1: none, or unreachable */
} set_row_t;

typedef struct {
    Py_ssize_t fill, used, mask, finger;
    Py_hash_t hash;
    const void *table;       /* addresses only after the snapshot */
    int smalltable;
    Py_ssize_t smalltable_offset;
    const void *weakreflist;
    pyi_window_t w;
    pyi_table_stats_t stats;
    set_row_t *rows;
    Py_ssize_t nrows;
    pyi_sizes_t sizes;       /* the header's size fields, same moment */
} set_snap_t;

enum { SET_STATS = 1, SET_ROWS = 2, SET_PROBES = 4 };

static void
set_snap_release(set_snap_t *s)
{
    for (Py_ssize_t i = 0; i < s->nrows; i++) {
        Py_XDECREF(s->rows[i].key);
    }
    PyMem_Free(s->rows);
    s->rows = NULL;
    s->nrows = 0;
}

/* Copy the fields, statistics and window of slots of a set, inside its
 * critical section and with no GC allocation (ARCHITECTURE rule 3).
 * 0; -1 with an exception (inconsistent table, or no memory). */
static int
set_snapshot(PyObject *obj, int what, Py_ssize_t head, Py_ssize_t tail, set_snap_t *s)
{
    PySetObject *so = (PySetObject *)obj;
    int ok, nomem = 0;
    memset(s, 0, sizeof(*s));
    if (pyi_sizes_begin(obj, &s->sizes) < 0) {
        return -1;
    }
    Py_BEGIN_CRITICAL_SECTION(obj);
    ok = set_consistent(so);
    if (ok) {
        pyi_sizes_read(obj, &s->sizes);
        Py_ssize_t size = so->mask + 1;
        s->fill = so->fill;
        s->used = so->used;
        s->mask = so->mask;
        s->finger = so->finger;
        s->hash = so->hash;
        s->table = so->table;
        s->smalltable = so->table == so->smalltable;
        s->smalltable_offset = (Py_ssize_t)((char *)so->smalltable - (char *)so);
        s->weakreflist = so->weakreflist;
        s->w = pyi_window(size, head, tail);
        if (what & SET_STATS) {
            pyi_set_stats(so, &s->stats);
        }
        Py_ssize_t n = (what & SET_ROWS) ? s->w.head + s->w.tail : 0;
        if (n > 0 && (s->rows = (set_row_t *)PyMem_Calloc((size_t)n, sizeof(set_row_t))) == NULL) {
            nomem = 1;
            n = 0;
        }
        Py_ssize_t limit = (so->mask + 65) * (PYI_LINEAR_PROBES + 1);
        for (Py_ssize_t j = 0; j < n; j++) {
            Py_ssize_t i = j < s->w.head ? j : size - s->w.tail + (j - s->w.head);
            const setentry *e = &so->table[i];
            set_row_t *r = &s->rows[j];
            r->state = pyi_setentry_state(e);
            r->hash = e->hash;
            r->key = r->state == 2 ? Py_NewRef(e->key) : NULL;
            r->probes = (r->state == 2 && (what & SET_PROBES))
                            ? pyi_set_probe_length(e->hash, (size_t)so->mask, (size_t)i, limit) : -1;
            s->nrows = j + 1;
        }
    }
    Py_END_CRITICAL_SECTION();
    if (!ok) {
        PyErr_Format(pyi_InspectError, "the table of the %.100s at %p is inconsistent (mask/fill/used)",
                     Py_TYPE(obj)->tp_name, (void *)obj);
        return -1;
    }
    if (nomem) {
        PyErr_NoMemory();
        set_snap_release(s);
        return -1;
    }
    return 0;
}

/* one slot: None (unused), 'dummy', or (hash, key address) */
static PyObject *
row_slot(const void *rows, Py_ssize_t i)
{
    const set_row_t *r = (const set_row_t *)rows + i;
    switch (r->state) {
    case 0:
        Py_RETURN_NONE;
    case 1:
        return PyUnicode_FromString("dummy");
    default:
        return Py_BuildValue("(nN)", (Py_ssize_t)r->hash, pyi_addr(r->key));
    }
}

/* the key object of an active slot, else None */
static PyObject *
row_object(const void *rows, Py_ssize_t i)
{
    const set_row_t *r = (const set_row_t *)rows + i;
    return Py_NewRef(r->key != NULL ? r->key : Py_None);
}

/* probes a lookup of an active slot's key makes to reach it, else None */
static PyObject *
row_probes(const void *rows, Py_ssize_t i)
{
    const set_row_t *r = (const set_row_t *)rows + i;
    if (r->probes < 0) {
        Py_RETURN_NONE;
    }
    return PyLong_FromSsize_t(r->probes);
}

/* Builds a reader's result from a snapshot: a new reference, or NULL with an
 * exception. */
typedef PyObject *(*set_build_t)(const set_snap_t *s);

/* The body every set reader shares: check the arguments (name(obj, head=None,
 * tail=None)), lock the set and copy what `what` asks for (set_snapshot),
 * build the result from the copy, then drop the copy. */
static PyObject *
read_with_snapshot(const char *name, PyObject *const *args, Py_ssize_t nargs, int what, set_build_t build)
{
    Py_ssize_t head = -1, tail = -1;
    set_snap_t s;
    if (pyi_check_nargs(name, nargs, 1, 3) < 0 || check_set(name, args[0]) < 0 ||
        pyi_window_args(args, nargs, 1, &head, &tail) < 0 ||
        set_snapshot(args[0], what, head, tail, &s) < 0) {
        return NULL;
    }
    PyObject *out = build(&s);
    set_snap_release(&s);
    return out;
}

static PyObject *
build_set_raw(const set_snap_t *s)
{
    PyObject *r = NULL;
    PyObject *out = NULL;
    r = PyDict_New();
    if (r == NULL) {
        goto cleanup;
    }
    if (PYI_PUT_SSIZE(r, "fill", s->fill) < 0 ||
        PYI_PUT_SSIZE(r, "used", s->used) < 0 ||
        PYI_PUT_SSIZE(r, "mask", s->mask) < 0 ||
        PYI_PUT_ADDR(r, "table_address", s->table) < 0 ||
        PYI_PUT_BOOL(r, "smalltable", s->smalltable) < 0 ||
        PYI_PUT_SSIZE(r, "smalltable_offset", s->smalltable_offset) < 0 ||
        PYI_PUT_SSIZE(r, "hash", s->hash) < 0 ||
        PYI_PUT_SSIZE(r, "finger", s->finger) < 0 ||
        PYI_PUT_ADDR(r, "weakreflist", s->weakreflist) < 0 ||
        pyi_put(r, "table", pyi_tuple_from(s->nrows, row_slot, s->rows)) < 0 ||
        pyi_put(r, "probes", pyi_tuple_from(s->nrows, row_probes, s->rows)) < 0 ||
        pyi_put(r, "objects", pyi_tuple_from(s->nrows, row_object, s->rows)) < 0 ||
        PYI_PUT_SSIZE(r, "table_head", s->w.head) < 0 ||
        PYI_PUT_SSIZE(r, "table_omitted", s->w.omitted) < 0 ||
        pyi_put(r, "stats", pyi_stats_dict(&s->stats, s->used)) < 0 ||
        pyi_put(r, "sizes", pyi_sizes_dict(&s->sizes)) < 0) {
        goto cleanup;
    }
    out = r;
    r = NULL;
cleanup:
    Py_XDECREF(r);
    return out;
}

/* read_set(obj, head=None, tail=None) -> dict */
static PyObject *
read_set(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    return read_with_snapshot("read_set", args, nargs, SET_STATS | SET_ROWS | SET_PROBES, build_set_raw);
}

static PyObject *
build_stats(const set_snap_t *s)
{
    return pyi_stats_dict(&s->stats, s->used);
}

/* set_stats(obj) -> dict: whole-table statistics, computed in C */
static PyObject *
set_stats(PyObject *module, PyObject *obj)
{
    return read_with_snapshot("set_stats", &obj, 1, SET_STATS, build_stats);
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
        /* bytes are not GC-tracked: the copy is taken before anything can run */
        out = PyBytes_FromStringAndSize((const char *)so->table, (so->mask + 1) * (Py_ssize_t)sizeof(setentry));
    }
    Py_END_CRITICAL_SECTION();
    if (!ok) {
        return inconsistent(obj);
    }
    return out;
}

static PyObject *
build_objects(const set_snap_t *s)
{
    return pyi_tuple_from(s->nrows, row_object, s->rows);
}

/* set_objects(obj, head=None, tail=None) -> tuple: the key object of each
 * slot in the window (None for unused and dummy slots). */
static PyObject *
set_objects(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    return read_with_snapshot("set_objects", args, nargs, SET_ROWS, build_objects);
}

/* probe_set(obj, key) -> dict: the slots set_lookkey visits for key */
static PyObject *
probe_set(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    PyObject *out = NULL;
    PyObject *steps = NULL;
    Py_hash_t hash;
    int ok = 1, nomem = 0;
    pyi_probe_path_t path = {NULL, 0, 0, 0};
    pyi_set_probe_t res;
    memset(&res, 0, sizeof(res));
    if (pyi_check_nargs("probe_set", nargs, 2, 2) < 0 || check_set("probe_set", args[0]) < 0 ||
        pyi_probe_key_hash(args[1], &hash) < 0) {
        return NULL;
    }
    PyObject *obj = args[0];
    Py_BEGIN_CRITICAL_SECTION(obj);
    ok = set_consistent((PySetObject *)obj);
    if (ok) {
        nomem = pyi_set_probe_record((PySetObject *)obj, args[1], hash, &path, &res) < 0;
    }
    Py_END_CRITICAL_SECTION();
    if (!ok) {
        inconsistent(obj);
        goto cleanup;
    }
    if (nomem) {
        PyErr_NoMemory();
        goto cleanup;
    }
    steps = pyi_probe_steps(&path);
    if (steps == NULL) {
        goto cleanup;
    }
    out = Py_BuildValue("{s:n,s:n,s:O,s:s,s:n,s:s,s:n,s:n,s:i}", "hash", (Py_ssize_t)hash,
                        "mask", res.mask, "steps", steps, "result", res.result,
                        "entry_index", res.found_slot, "scheme", "set", "capacity", res.mask + 1,
                        "used", res.used, "linear_probes", PYI_LINEAR_PROBES);
cleanup:
    Py_XDECREF(steps);
    pyi_probe_release(&path);
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
