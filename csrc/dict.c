/* dict.c: the dict reader: PyDictObject, its keys table and values, the
 * attribute tables of instances without a __dict__, and one lookup's path
 * (replayed by dict_tables.c); frozendict (3.15) shares it.
 *
 * Everything is read inside the dict's critical section (free-threaded
 * builds), so the tables cannot be resized under us; nothing of a stored
 * key runs: no __hash__, no __eq__.
 */
#include "readers.h"
#include "tables.h"
#include "probe_path.h"
#include "snapshot.h"

/* ---- the 3.9/3.10 mirror self-check -------------------------------------- */

static int selfcheck_state = 0;  /* 0 not run, 1 passed, -1 failed */

/* dict_selfcheck() -> list of (n, expected, reported): dict.__sizeof__ of
 * dicts of n keys, made here, against the size computed from the fields
 * this build reads.  On 3.9/3.10 this validates the mirrored dict-common.h. */
static PyObject *
dict_selfcheck(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    static const Py_ssize_t sizes[] = {1, 6, 11, 86, 1000};
    PyObject *out = NULL;
    PyObject *rows = PyList_New(0);
    if (rows == NULL) {
        return NULL;
    }
    for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
        PyObject *d = PyDict_New();
        PyObject *reported = NULL;
        PyObject *row = NULL;
        if (d == NULL) {
            goto cleanup;
        }
        int ok = 1;
        for (Py_ssize_t i = 0; i < sizes[k] && ok; i++) {
            PyObject *key = PyLong_FromSsize_t(i * 7919);
            ok = key != NULL && PyDict_SetItem(d, key, Py_None) == 0;
            Py_XDECREF(key);
        }
        if (!ok) {
            Py_DECREF(d);
            goto cleanup;
        }
        pyi_dict_t t;
        const char *why = NULL;
        Py_ssize_t expected = -1;
        if (pyi_dict_locate(d, &t, &why) == 0) {
            expected = pyi_dict_expected_sizeof(d, &t);
            if (t.used != sizes[k] || t.nentries != sizes[k]) {
                expected = -1;
            }
        }
        reported = PyObject_CallMethod(d, "__sizeof__", NULL);
        Py_DECREF(d);
        if (reported == NULL) {
            goto cleanup;
        }
        row = Py_BuildValue("(nnO)", sizes[k], expected, reported);
        Py_DECREF(reported);
        if (row == NULL || PyList_Append(rows, row) < 0) {
            Py_XDECREF(row);
            goto cleanup;
        }
        Py_DECREF(row);
    }
    out = Py_NewRef(rows);
cleanup:
    Py_DECREF(rows);
    return out;
}

/* Run the self-check once, cheaply, before the first read (3.9/3.10 only,
 * where the struct is a mirror).  0, or -1 with RuntimeError. */
static int
ensure_selfcheck(void)
{
    if (!PYI_DICT_KEYS_MIRRORED || selfcheck_state == 1) {
        return 0;
    }
    if (selfcheck_state == 0) {
        PyObject *rows = dict_selfcheck(NULL, NULL);
        if (rows == NULL) {
            return -1;
        }
        selfcheck_state = 1;
        for (Py_ssize_t i = 0; i < PyList_GET_SIZE(rows); i++) {
            PyObject *row = PyList_GET_ITEM(rows, i);
            Py_ssize_t want = PyLong_AsSsize_t(PyTuple_GET_ITEM(row, 1));
            Py_ssize_t got = PyLong_AsSsize_t(PyTuple_GET_ITEM(row, 2));
            if (want != got) {
                selfcheck_state = -1;
            }
        }
        Py_DECREF(rows);
    }
    if (selfcheck_state < 0) {
        PyErr_SetString(pyi_InspectError,
                        "pyinspect's mirror of the 3.9/3.10 dict keys struct (csrc/cpython/dictkeys_39.h) "
                        "does not match this interpreter: dict.__sizeof__ disagrees with the sizes it "
                        "implies, so dict tables are not read");
        return -1;
    }
    return 0;
}

/* ---- one snapshot of a table ---------------------------------------------- */

/* One row of the entries window: what the entry held, each object held by a
 * strong reference, and the index slot that leads to it. */
typedef struct {
    Py_hash_t hash;
    int has_hash;
    PyObject *key;           /* NULL: deleted */
    PyObject *value;         /* NULL: deleted, or absent from this split table */
    Py_ssize_t slot;         /* -1: no index slot leads to it */
    Py_ssize_t probes;
} dict_row_t;

/* Everything a reader reports of one table, copied out of it inside the
 * dict's critical section and before any GC object is made.  t's pointers
 * (keys, indices, entries, values) are reported as addresses only: they are
 * never followed after the snapshot. */
typedef struct {
    pyi_dict_t t;
    pyi_table_stats_t stats;
    pyi_window_t wi;         /* index slots */
    pyi_window_t we;         /* entries */
    PyObject *indices;       /* bytes: the index window as stored (not GC-tracked) */
    dict_row_t *rows;        /* we.head + we.tail rows */
    Py_ssize_t nrows;
    void **values;           /* copy of a split table's value pointers (addresses) */
    Py_ssize_t nvalues;
    int *order;              /* copy of a split table's insertion order */
    Py_ssize_t norder;
    pyi_sizes_t sizes;       /* the dict's header size fields (not for instances) */
    int has_values;          /* a split table: "values" is a tuple, else None */
    int has_order;           /* 3.11+ split values keep an insertion order */
} dict_snap_t;

enum { SNAP_STATS = 1, SNAP_INDICES = 2, SNAP_ROWS = 4, SNAP_SLOTS = 8, SNAP_VALUES = 16 };
#define SNAP_ALL (SNAP_STATS | SNAP_INDICES | SNAP_ROWS | SNAP_SLOTS | SNAP_VALUES)

/* Results of dict_snapshot */
#define SNAP_OK 1
#define SNAP_NO_TABLE 0      /* an instance that keeps no attribute table */
#define SNAP_BROKEN (-1)     /* inconsistent fields: *why says which */
#define SNAP_NOMEM (-2)      /* no exception set yet (raised after the snapshot) */

static void
dict_snap_release(dict_snap_t *s)
{
    for (Py_ssize_t i = 0; i < s->nrows; i++) {
        Py_XDECREF(s->rows[i].key);
        Py_XDECREF(s->rows[i].value);
    }
    PyMem_Free(s->rows);
    PyMem_Free(s->values);
    PyMem_Free(s->order);
    Py_CLEAR(s->indices);
    s->rows = NULL;
    s->values = NULL;
    s->order = NULL;
    s->nrows = s->nvalues = s->norder = 0;
}

/* Copy what `what` asks for out of a located table (pointers valid). */
static int
dict_copy(const pyi_dict_t *d, int what, Py_ssize_t head, Py_ssize_t tail, Py_ssize_t shead,
          Py_ssize_t stail, dict_snap_t *s)
{
    s->wi = pyi_window(d->size, shead, stail);
    s->we = pyi_window(d->nentries, head, tail);
    if (what & SNAP_STATS) {
        pyi_dict_stats(d, &s->stats);  /* pure C over the table */
    }
    if (what & SNAP_INDICES) {
        /* bytes are not GC-tracked: making one here never collects */
        s->indices = pyi_window_bytes(d->indices, d->size, d->index_width, s->wi);
        if (s->indices == NULL) {
            return SNAP_NOMEM;
        }
    }
    if (what & SNAP_ROWS) {
        Py_ssize_t n = s->we.head + s->we.tail;
        if (n > 0) {
            s->rows = (dict_row_t *)PyMem_Calloc((size_t)n, sizeof(dict_row_t));
            if (s->rows == NULL) {
                return SNAP_NOMEM;
            }
        }
        for (Py_ssize_t j = 0; j < n; j++) {
            Py_ssize_t ix = j < s->we.head ? j : d->nentries - s->we.tail + (j - s->we.head);
            pyi_dict_entry_t e;
            pyi_dict_entry(d, ix, &e);
            dict_row_t *r = &s->rows[j];
            r->hash = e.hash;
            r->has_hash = e.has_hash;
            r->key = Py_XNewRef(e.key);
            r->value = Py_XNewRef(e.value);
            r->slot = r->probes = -1;
            if ((what & SNAP_SLOTS) && e.key != NULL && e.has_hash) {
                r->slot = pyi_dict_slot_of(d, e.hash, ix, &r->probes);
            }
            s->nrows = j + 1;
        }
    }
    if ((what & SNAP_VALUES) && d->value_slots != NULL && d->nvalue_slots > 0) {
        s->values = (void **)PyMem_Calloc((size_t)d->nvalue_slots, sizeof(void *));
        if (s->values == NULL) {
            return SNAP_NOMEM;
        }
        memcpy(s->values, (const void *)d->value_slots, (size_t)d->nvalue_slots * sizeof(void *));
        s->nvalues = d->nvalue_slots;
    }
    if ((what & SNAP_VALUES) && d->order != NULL && d->norder > 0) {
        s->order = (int *)PyMem_Calloc((size_t)d->norder, sizeof(int));
        if (s->order == NULL) {
            return SNAP_NOMEM;
        }
        for (Py_ssize_t i = 0; i < d->norder; i++) {
            s->order[i] = pyi_dict_order_at(d, i);
        }
        s->norder = d->norder;
    }
    return SNAP_OK;
}

/* Take one snapshot of the table of obj: a dict (instance == 0) or the
 * attribute table of an instance without a __dict__ (instance == 1).  One
 * critical section, no GC allocation inside it (ARCHITECTURE rule 3). */
static int
dict_snapshot(PyObject *obj, int instance, int what, Py_ssize_t head, Py_ssize_t tail, Py_ssize_t shead,
              Py_ssize_t stail, dict_snap_t *s, const char **why)
{
    int rc;
    memset(s, 0, sizeof(*s));
    if (!instance && pyi_sizes_begin(obj, &s->sizes) < 0) {
        return SNAP_NOMEM;  /* the exception is set */
    }
    Py_BEGIN_CRITICAL_SECTION(obj);
    rc = instance ? pyi_instance_dict_locate(obj, &s->t, why)
                  : (pyi_dict_locate(obj, &s->t, why) == 0 ? SNAP_OK : SNAP_BROKEN);
    if (rc == SNAP_OK) {
        rc = dict_copy(&s->t, what, head, tail, shead, stail, s);
    }
    if (rc == SNAP_OK && !instance) {
        pyi_sizes_read(obj, &s->sizes);
    }
    /* the located pointers are addresses from here on: never followed */
    s->has_values = s->t.value_slots != NULL;
    s->has_order = s->t.order != NULL;
    s->t.value_slots = NULL;
    s->t.order = NULL;
    Py_END_CRITICAL_SECTION();
    if (rc == SNAP_NOMEM && !PyErr_Occurred()) {
        PyErr_NoMemory();
    }
    return rc;
}

/* ---- building results from a snapshot -------------------------------------- */

static PyObject *
kind_name(int kind)
{
    const char *k = kind == PYI_DICT_SPLIT ? "split" : kind == PYI_DICT_UNICODE ? "unicode" : "general";
    return PyUnicode_FromString(k);
}

/* (hash or None, key address, value address) of row i */
static PyObject *
row_entry(const void *rows, Py_ssize_t i)
{
    const dict_row_t *r = (const dict_row_t *)rows + i;
    PyObject *h = r->has_hash ? PyLong_FromSsize_t(r->hash) : Py_NewRef(Py_None);
    if (h == NULL) {
        return NULL;
    }
    return Py_BuildValue("(NNN)", h, pyi_addr(r->key), pyi_addr(r->value));
}

/* (slot, probes) of a live entry, or None when it has no slot (deleted) */
static PyObject *
row_slot(const void *rows, Py_ssize_t i)
{
    const dict_row_t *r = (const dict_row_t *)rows + i;
    if (r->slot < 0) {
        Py_RETURN_NONE;
    }
    return Py_BuildValue("(nn)", r->slot, r->probes);
}

/* (key, value) objects, None for NULL: handed out for describing them,
 * nothing is stored in the dict */
static PyObject *
row_objects(const void *rows, Py_ssize_t i)
{
    const dict_row_t *r = (const dict_row_t *)rows + i;
    return PyTuple_Pack(2, r->key != NULL ? r->key : Py_None, r->value != NULL ? r->value : Py_None);
}

static PyObject *
order_at(const void *order, Py_ssize_t i)
{
    return PyLong_FromLong(((const int *)order)[i]);
}

/* The raw dict of a snapshot: every field, the index window as stored, the
 * entries window, their slots and objects, and the whole-table statistics. */
static PyObject *
table_raw(const dict_snap_t *s, const char *source)
{
    const pyi_dict_t *d = &s->t;
    PyObject *r = NULL;
    PyObject *out = NULL;

    r = PyDict_New();
    if (r == NULL) {
        goto cleanup;
    }
    if (pyi_put(r, "source", PyUnicode_FromString(source)) < 0 ||
        PYI_PUT_SSIZE(r, "used", d->used) < 0 ||
        PYI_PUT_ULL(r, "version_tag", d->version_tag) < 0 ||
        PYI_PUT_ADDR(r, "keys_address", d->keys) < 0 ||
        PYI_PUT_ADDR(r, "values_address", d->values) < 0 ||
        pyi_put(r, "keys_kind", kind_name(d->kind)) < 0 ||
        pyi_put(r, "dk_kind", d->has_dk_kind ? PyLong_FromLong(d->kind) : Py_NewRef(Py_None)) < 0 ||
        PYI_PUT_SSIZE(r, "dk_refcnt", d->dk_refcnt) < 0 ||
        PYI_PUT_BOOL(r, "immortal_keys", d->immortal_keys) < 0 ||
        PYI_PUT_SSIZE(r, "log2_size", d->log2_size) < 0 ||
        PYI_PUT_SSIZE(r, "log2_index_bytes", d->log2_index_bytes) < 0 ||
        PYI_PUT_SSIZE(r, "capacity", d->size) < 0 ||
        PYI_PUT_SSIZE(r, "index_width", d->index_width) < 0 ||
        pyi_put(r, "dk_version", d->dk_version >= 0 ? PyLong_FromLongLong(d->dk_version) : Py_NewRef(Py_None)) < 0 ||
        PYI_PUT_ADDR(r, "dk_lookup", d->lookup) < 0 ||
        PYI_PUT_SSIZE(r, "usable", d->usable) < 0 ||
        PYI_PUT_SSIZE(r, "nentries", d->nentries) < 0 ||
        PYI_PUT_SSIZE(r, "entries_capacity", d->entries_capacity) < 0 ||
        PYI_PUT_SSIZE(r, "entry_size", d->entry_size) < 0 ||
        PYI_PUT_ADDR(r, "indices_address", d->indices) < 0 ||
        PYI_PUT_ADDR(r, "entries_address", d->entries) < 0 ||
        PYI_PUT_BOOL(r, "empty_keys", d->empty_keys) < 0 ||
        PYI_PUT_BOOL(r, "empty_values", d->empty_values) < 0 ||
        PYI_PUT_SSIZE(r, "values_capacity", d->values_capacity) < 0 ||
        PYI_PUT_SSIZE(r, "values_size", d->values_size) < 0 ||
        PYI_PUT_SSIZE(r, "values_embedded", d->values_embedded) < 0 ||
        PYI_PUT_SSIZE(r, "values_valid", d->values_valid) < 0) {
        goto cleanup;
    }
    /* the index window as stored: indices_raw is memory, decoded in Python */
    if (pyi_put(r, "indices_raw", Py_NewRef(s->indices)) < 0 ||
        PYI_PUT_SSIZE(r, "indices_head", s->wi.head) < 0 ||
        PYI_PUT_SSIZE(r, "indices_omitted", s->wi.omitted) < 0 ||
        pyi_put(r, "entries", pyi_tuple_from(s->nrows, row_entry, s->rows)) < 0 ||
        pyi_put(r, "entry_slots", pyi_tuple_from(s->nrows, row_slot, s->rows)) < 0 ||
        pyi_put(r, "objects", pyi_tuple_from(s->nrows, row_objects, s->rows)) < 0 ||
        PYI_PUT_SSIZE(r, "entries_head", s->we.head) < 0 ||
        PYI_PUT_SSIZE(r, "entries_omitted", s->we.omitted) < 0 ||
        pyi_put(r, "stats", pyi_stats_dict(&s->stats, d->used)) < 0 ||
        pyi_put(r, "values", s->has_values ? pyi_addresses((PyObject *const *)s->values, s->nvalues, pyi_window(s->nvalues, -1, -1))
                                                 : Py_NewRef(Py_None)) < 0 ||
        pyi_put(r, "order", s->has_order ? pyi_tuple_from(s->norder, order_at, s->order) : Py_NewRef(Py_None)) < 0) {
        goto cleanup;
    }
    if (s->sizes.ok && pyi_put(r, "sizes", pyi_sizes_dict(&s->sizes)) < 0) {
        goto cleanup;
    }
    out = r;
    r = NULL;
cleanup:
    Py_XDECREF(r);
    return out;
}

/* the index-slot window: args 3 and 4, defaulting to the entries window */
static int
slot_window_args(PyObject *const *args, Py_ssize_t nargs, Py_ssize_t *shead, Py_ssize_t *stail)
{
    if (nargs <= 3) {
        return pyi_window_args(args, nargs, 1, shead, stail);
    }
    return pyi_window_args(args, nargs, 3, shead, stail);
}

static int
check_dict(const char *name, PyObject *obj)
{
    if (!PYI_ANYDICT_CHECK(obj)) {
        PyErr_Format(PyExc_TypeError, "%s() needs a dict, not %.100s", name, Py_TYPE(obj)->tp_name);
        return -1;
    }
    return ensure_selfcheck();
}

static PyObject *
broken(PyObject *obj, const char *why)
{
    PyErr_Format(pyi_InspectError, "the tables of the %.100s at %p are inconsistent: %s",
                 Py_TYPE(obj)->tp_name, (void *)obj, why);
    return NULL;
}

/* The __dict__ an instance already has (a new reference), or NULL: read
 * from its dict slot, never created. */
static PyObject *
instance_materialized_dict(PyObject *obj)
{
    PyObject *dict = NULL;
    pyi_instance_t in;
    Py_BEGIN_CRITICAL_SECTION(obj);
    pyi_read_instance(obj, &in);
    if (in.dict != NULL && PyDict_Check(in.dict)) {
        dict = Py_NewRef(in.dict);
    }
    Py_END_CRITICAL_SECTION();
    return dict;
}

/* The table to read for obj: a dict itself, the __dict__ an instance
 * already has (*held, a new reference), or the instance's attribute table
 * (*instance set).  -1 with an exception when the 3.9/3.10 self-check fails. */
static int
table_owner(PyObject *obj, PyObject **table, PyObject **held, int *instance)
{
    *held = NULL;
    *table = obj;
    if (!PYI_ANYDICT_CHECK(obj) && (*held = instance_materialized_dict(obj)) != NULL) {
        *table = *held;
    }
    *instance = !PYI_ANYDICT_CHECK(*table);
    if (!*instance && ensure_selfcheck() < 0) {
        Py_CLEAR(*held);
        return -1;
    }
    return 0;
}

/* What to return when an instance keeps no attribute table (SNAP_NO_TABLE). */
enum { NO_TABLE_NULL, NO_TABLE_NONE, NO_TABLE_EMPTY_TUPLE };

/* Builds a reader's result from a snapshot: a new reference, or NULL with an
 * exception.  `table` is the object the snapshot was taken of. */
typedef PyObject *(*dict_build_t)(const dict_snap_t *s, PyObject *table, int instance);

/* The body every dict reader shares: lock `table`, locate and copy what
 * `what` asks for (dict_snapshot), build the result from the copy, then drop
 * the copy.  An inconsistent table raises InspectError naming `owner`; an
 * instance without a table gives what `no_table` says. */
static PyObject *
read_with_snapshot(PyObject *owner, PyObject *table, int instance, int what, Py_ssize_t head,
                   Py_ssize_t tail, Py_ssize_t shead, Py_ssize_t stail, dict_build_t build, int no_table)
{
    PyObject *out = NULL;
    const char *why = NULL;
    dict_snap_t s;
    int rc = dict_snapshot(table, instance, what, head, tail, shead, stail, &s, &why);
    if (rc == SNAP_OK) {
        out = build(&s, table, instance);
    }
    dict_snap_release(&s);
    if (rc == SNAP_BROKEN) {
        return broken(owner, why);
    }
    if (rc == SNAP_NO_TABLE && no_table == NO_TABLE_NONE) {
        return Py_NewRef(Py_None);
    }
    if (rc == SNAP_NO_TABLE && no_table == NO_TABLE_EMPTY_TUPLE) {
        return PyTuple_New(0);
    }
    return out;
}

static PyObject *
build_dict_raw(const dict_snap_t *s, PyObject *table, int instance)
{
    return table_raw(s, "dict");
}

/* read_dict(obj, head=None, tail=None, slots_head=head, slots_tail=tail) -> dict */
static PyObject *
read_dict(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Py_ssize_t head, tail, shead, stail;
    if (pyi_check_nargs("read_dict", nargs, 1, 5) < 0 || check_dict("read_dict", args[0]) < 0 ||
        pyi_window_args(args, nargs, 1, &head, &tail) < 0 || slot_window_args(args, nargs, &shead, &stail) < 0) {
        return NULL;
    }
    return read_with_snapshot(args[0], args[0], 0, SNAP_ALL, head, tail, shead, stail, build_dict_raw,
                              NO_TABLE_NULL);
}

static PyObject *
build_instance_raw(const dict_snap_t *s, PyObject *table, int instance)
{
    PyObject *out = table_raw(s, instance ? "instance" : "__dict__");
    if (out != NULL && pyi_put(out, "dict_address", instance ? Py_NewRef(Py_None) : pyi_addr(table)) < 0) {
        Py_CLEAR(out);
    }
    return out;
}

/* read_instance_dict(obj, head=None, tail=None, slots_head=head, slots_tail=tail)
 * -> dict or None: the attribute table of an instance, read from the
 * __dict__ it already has, or (3.11+) the type's shared keys with this
 * object's values when it has none; None when it keeps neither. */
static PyObject *
read_instance_dict(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Py_ssize_t head, tail, shead, stail;
    PyObject *out = NULL;
    PyObject *table = NULL;
    PyObject *held = NULL;
    int instance;
    if (pyi_check_nargs("read_instance_dict", nargs, 1, 5) < 0 ||
        pyi_window_args(args, nargs, 1, &head, &tail) < 0 || slot_window_args(args, nargs, &shead, &stail) < 0) {
        return NULL;
    }
    /* a dict has no instance attributes: only a __dict__ it holds, or an
     * attribute table, is read */
    held = PYI_ANYDICT_CHECK(args[0]) ? NULL : instance_materialized_dict(args[0]);
    table = held != NULL ? held : args[0];
    instance = held == NULL;
    if (held != NULL && ensure_selfcheck() < 0) {
        Py_DECREF(held);
        return NULL;
    }
    if (instance && PYI_ANYDICT_CHECK(args[0])) {
        Py_RETURN_NONE;
    }
    out = read_with_snapshot(args[0], table, instance, SNAP_ALL, head, tail, shead, stail, build_instance_raw,
                             NO_TABLE_NONE);
    Py_XDECREF(held);
    return out;
}

static PyObject *
build_stats(const dict_snap_t *s, PyObject *table, int instance)
{
    return pyi_stats_dict(&s->stats, s->t.used);
}

/* dict_stats(obj) -> dict: whole-table statistics, computed in C */
static PyObject *
dict_stats(PyObject *module, PyObject *obj)
{
    if (check_dict("dict_stats", obj) < 0) {
        return NULL;
    }
    return read_with_snapshot(obj, obj, 0, SNAP_STATS, -1, -1, -1, -1, build_stats, NO_TABLE_NULL);
}

static PyObject *
build_indices(const dict_snap_t *s, PyObject *table, int instance)
{
    return Py_BuildValue("(Oi)", s->indices, s->t.index_width);
}

/* dict_indices(obj) -> (bytes, width): dk_indices as stored */
static PyObject *
dict_indices(PyObject *module, PyObject *obj)
{
    if (check_dict("dict_indices", obj) < 0) {
        return NULL;
    }
    return read_with_snapshot(obj, obj, 0, SNAP_INDICES, -1, -1, -1, -1, build_indices, NO_TABLE_NULL);
}

static PyObject *
build_objects(const dict_snap_t *s, PyObject *table, int instance)
{
    return pyi_tuple_from(s->nrows, row_objects, s->rows);
}

/* dict_objects(obj, head=None, tail=None) -> tuple of (key, value): the
 * objects of the entries window (None for NULL), for describing them.  Only
 * references are handed out; nothing is stored in obj. */
static PyObject *
dict_objects(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Py_ssize_t head, tail;
    PyObject *out = NULL;
    PyObject *table = NULL;
    PyObject *held = NULL;
    int instance;
    if (pyi_check_nargs("dict_objects", nargs, 1, 3) < 0 ||
        pyi_window_args(args, nargs, 1, &head, &tail) < 0 ||
        table_owner(args[0], &table, &held, &instance) < 0) {
        return NULL;
    }
    out = read_with_snapshot(table, table, instance, SNAP_ROWS, head, tail, -1, -1, build_objects,
                             NO_TABLE_EMPTY_TUPLE);
    Py_XDECREF(held);
    return out;
}

/* ---- the path of one lookup --------------------------------------------------- */

/* probe_dict(obj, key) -> dict: the slots a lookup of key visits in obj (a
 * dict, or an instance's attribute table), in order. */
static PyObject *
probe_dict(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    PyObject *out = NULL;
    PyObject *steps = NULL;
    PyObject *table = NULL;
    PyObject *held = NULL;
    const char *why = NULL;
    Py_hash_t hash;
    int instance;
    int rc = SNAP_OK;
    pyi_probe_path_t path = {NULL, 0, 0, 1};
    pyi_dict_probe_t res;
    memset(&res, 0, sizeof(res));
    if (pyi_check_nargs("probe_dict", nargs, 2, 2) < 0 || pyi_probe_key_hash(args[1], &hash) < 0 ||
        table_owner(args[0], &table, &held, &instance) < 0) {
        return NULL;
    }
    Py_BEGIN_CRITICAL_SECTION(table);
    pyi_dict_t d;
    rc = instance ? pyi_instance_dict_locate(table, &d, &why)
                  : (pyi_dict_locate(table, &d, &why) == 0 ? SNAP_OK : SNAP_BROKEN);
    if (rc == SNAP_OK && pyi_dict_probe_record(&d, args[1], hash, &path, &res) < 0) {
        rc = SNAP_NOMEM;
    }
    Py_END_CRITICAL_SECTION();
    if (rc == SNAP_BROKEN) {
        broken(args[0], why);
        goto cleanup;
    }
    if (rc == SNAP_NOMEM) {
        PyErr_NoMemory();
        goto cleanup;
    }
    if (rc == SNAP_NO_TABLE) {
        PyErr_Format(PyExc_TypeError, "probe() needs a dict, a set or frozenset, or an object with "
                     "instance attributes, not %.100s", Py_TYPE(args[0])->tp_name);
        goto cleanup;
    }
    steps = pyi_probe_steps(&path);
    if (steps == NULL) {
        goto cleanup;
    }
    out = Py_BuildValue("{s:n,s:n,s:O,s:s,s:n,s:s,s:n,s:n,s:N,s:N}", "hash", (Py_ssize_t)hash,
                        "mask", res.mask, "steps", steps, "result", res.result, "entry_index", res.entry_index,
                        "scheme", "dict", "capacity", res.size, "used", res.used,
                        "keys_kind", kind_name(res.kind), "table_address", pyi_addr(table));
cleanup:
    Py_XDECREF(steps);
    pyi_probe_release(&path);
    Py_XDECREF(held);
    return out;
}

/* frozendict_hash(obj) -> int: 3.15's cached PyFrozenDictObject.ma_hash
 * (-1 until hash() is called). */
static PyObject *
frozendict_hash(PyObject *module, PyObject *obj)
{
    if (!PYI_FROZENDICT_CHECK(obj)) {
        PyErr_Format(PyExc_TypeError, "frozendict_hash() needs a frozendict (3.15+), not %.100s",
                     Py_TYPE(obj)->tp_name);
        return NULL;
    }
    return PyLong_FromSsize_t(pyi_frozendict_hash(obj));
}

PyMethodDef pyi_dict_methods[] = {
    {"frozendict_hash", frozendict_hash, METH_O,
     "frozendict_hash(obj) -> int\n\nThe cached ma_hash of a 3.15 frozendict (-1: not computed)."},
    {"read_dict", (PyCFunction)(void (*)(void))read_dict, METH_FASTCALL,
     "read_dict(obj, head=None, tail=None, slots_head=head, slots_tail=tail) -> dict\n\nThe PyDictObject fields, its keys table (dk_indices window as "
     "stored bytes, dense entries window as (hash, key address, value address)), values and C statistics."},
    {"read_instance_dict", (PyCFunction)(void (*)(void))read_instance_dict, METH_FASTCALL,
     "read_instance_dict(obj, head=None, tail=None) -> dict or None\n\nThe attribute table of an instance without "
     "a materialized __dict__ (3.11+): the type's shared keys with this object's values."},
    {"dict_stats", dict_stats, METH_O,
     "dict_stats(obj) -> dict\n\nLoad, dummies and the probe length of every key, computed in C."},
    {"dict_indices", dict_indices, METH_O, "dict_indices(obj) -> (bytes, width)\n\nThe whole dk_indices array as stored."},
    {"dict_objects", (PyCFunction)(void (*)(void))dict_objects, METH_FASTCALL,
     "dict_objects(obj, head=None, tail=None) -> tuple\n\n(key, value) objects of the entries window."},
    {"probe_dict", (PyCFunction)(void (*)(void))probe_dict, METH_FASTCALL,
     "probe_dict(obj, key) -> dict\n\nThe slots a lookup of key visits, in CPython's order, from stored hashes and "
     "identity (exact str keys by their text, as unicode_eq); no __eq__ or __hash__ of a stored key runs."},
    {"dict_selfcheck", dict_selfcheck, METH_NOARGS,
     "dict_selfcheck() -> list\n\n(n, size implied by the read fields, dict.__sizeof__) for dicts of n keys."},
    {NULL, NULL, 0, NULL},
};
