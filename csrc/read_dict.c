/* read_dict.c: dict (PyDictObject, its keys table and values), the attribute
 * tables of instances without a __dict__, and the path of one lookup.
 *
 * Everything is read inside the dict's critical section (free-threaded
 * builds), so the tables cannot be resized under us; nothing of a stored
 * key runs: no __hash__, no __eq__.
 */
#include "readers.h"
#include "tables.h"

/* ---- the 3.9/3.10 mirror self-check -------------------------------------- */

#if !PYI_PY311
static int selfcheck_state = 0;  /* 0 not run, 1 passed, -1 failed */
#endif

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
#if PYI_PY311
    return 0;
#else
    if (selfcheck_state == 1) {
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
#endif
}

/* ---- raw tables -------------------------------------------------------------- */

static PyObject *
kind_name(const pyi_dict_t *d)
{
    const char *k = d->kind == PYI_DICT_SPLIT ? "split" : d->kind == PYI_DICT_UNICODE ? "unicode" : "general";
    return PyUnicode_FromString(k);
}

static PyObject *
entry_tuple(const void *table, Py_ssize_t ix)
{
    const pyi_dict_t *d = (const pyi_dict_t *)table;
    pyi_dict_entry_t e;
    pyi_dict_entry(d, ix, &e);
    PyObject *h = e.has_hash ? PyLong_FromSsize_t(e.hash) : Py_NewRef(Py_None);
    if (h == NULL) {
        return NULL;
    }
    return Py_BuildValue("(NNN)", h, pyi_addr(e.key), pyi_addr(e.value));
}

/* (slot, probes) of entry ix, or None when it has no slot (deleted) */
static PyObject *
entry_slot(const void *table, Py_ssize_t ix)
{
    const pyi_dict_t *d = (const pyi_dict_t *)table;
    pyi_dict_entry_t e;
    pyi_dict_entry(d, ix, &e);
    if (e.key == NULL || !e.has_hash) {
        Py_RETURN_NONE;
    }
    Py_ssize_t probes;
    Py_ssize_t slot = pyi_dict_slot_of(d, e.hash, ix, &probes);
    if (slot < 0) {
        Py_RETURN_NONE;
    }
    return Py_BuildValue("(nn)", slot, probes);
}

/* (key, value) objects of entry ix, None for NULL: handed out for
 * describing them, nothing is stored in the dict */
static PyObject *
entry_objects(const void *table, Py_ssize_t ix)
{
    const pyi_dict_t *d = (const pyi_dict_t *)table;
    pyi_dict_entry_t e;
    pyi_dict_entry(d, ix, &e);
    return PyTuple_Pack(2, e.key != NULL ? e.key : Py_None, e.value != NULL ? e.value : Py_None);
}

/* The raw dict of a located table: every field, a window of the indices and
 * the entries, their slots, and the whole-table statistics. */
static PyObject *
table_raw(const pyi_dict_t *d, Py_ssize_t head, Py_ssize_t tail, Py_ssize_t shead, Py_ssize_t stail,
          const char *source)
{
    PyObject *r = NULL;
    PyObject *out = NULL;
    pyi_window_t wi = pyi_window(d->size, shead, stail);
    pyi_window_t we = pyi_window(d->nentries, head, tail);
    pyi_table_stats_t st;
    pyi_dict_stats(d, &st);

    r = PyDict_New();
    if (r == NULL) {
        goto cleanup;
    }
    if (pyi_put(r, "source", PyUnicode_FromString(source)) < 0 ||
        PYI_PUT_SSIZE(r, "used", d->used) < 0 ||
        PYI_PUT_ULL(r, "version_tag", d->version_tag) < 0 ||
        PYI_PUT_ADDR(r, "keys_address", d->keys) < 0 ||
        PYI_PUT_ADDR(r, "values_address", d->values) < 0 ||
        pyi_put(r, "keys_kind", kind_name(d)) < 0 ||
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
    if (pyi_put(r, "indices_raw", pyi_window_bytes(d->indices, d->size, d->index_width, wi)) < 0 ||
        PYI_PUT_SSIZE(r, "indices_head", wi.head) < 0 ||
        PYI_PUT_SSIZE(r, "indices_omitted", wi.omitted) < 0 ||
        pyi_put(r, "entries", pyi_window_tuple(we, d->nentries, entry_tuple, d)) < 0 ||
        pyi_put(r, "entry_slots", pyi_window_tuple(we, d->nentries, entry_slot, d)) < 0 ||
        pyi_put(r, "objects", pyi_window_tuple(we, d->nentries, entry_objects, d)) < 0 ||
        PYI_PUT_SSIZE(r, "entries_head", we.head) < 0 ||
        PYI_PUT_SSIZE(r, "entries_omitted", we.omitted) < 0 ||
        pyi_put(r, "stats", pyi_stats_dict(&st, d->used)) < 0) {
        goto cleanup;
    }
    if (d->value_slots != NULL) {
        if (pyi_put(r, "values", pyi_addresses((PyObject *const *)d->value_slots, d->nvalue_slots,
                                               pyi_window(d->nvalue_slots, -1, -1))) < 0) {
            goto cleanup;
        }
    }
    else if (PyDict_SetItemString(r, "values", Py_None) < 0) {
        goto cleanup;
    }
    if (d->order != NULL) {
        PyObject *order = PyTuple_New(d->norder);
        if (order == NULL) {
            goto cleanup;
        }
        for (Py_ssize_t i = 0; i < d->norder; i++) {
            PyObject *v = PyLong_FromLong(pyi_dict_order_at(d, i));
            if (v == NULL) {
                Py_DECREF(order);
                goto cleanup;
            }
            PyTuple_SET_ITEM(order, i, v);
        }
        if (pyi_put(r, "order", order) < 0) {
            goto cleanup;
        }
    }
    else if (PyDict_SetItemString(r, "order", Py_None) < 0) {
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

/* read_dict(obj, head=None, tail=None) -> dict */
static PyObject *
read_dict(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Py_ssize_t head, tail;
    PyObject *out = NULL;
    const char *why = NULL;
    Py_ssize_t shead, stail;
    if (pyi_check_nargs("read_dict", nargs, 1, 5) < 0 || check_dict("read_dict", args[0]) < 0 ||
        pyi_window_args(args, nargs, 1, &head, &tail) < 0 || slot_window_args(args, nargs, &shead, &stail) < 0) {
        return NULL;
    }
    PyObject *obj = args[0];
    Py_BEGIN_CRITICAL_SECTION(obj);
    pyi_dict_t d;
    if (pyi_dict_locate(obj, &d, &why) == 0) {
        out = table_raw(&d, head, tail, shead, stail, "dict");
    }
    Py_END_CRITICAL_SECTION();
    if (out == NULL && why != NULL) {
        return broken(obj, why);
    }
    return out;
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

/* read_instance_dict(obj, head=None, tail=None) -> dict or None: the
 * attribute table of an instance whose __dict__ was never materialized
 * (3.11+): the type's shared keys with this object's values. */
static PyObject *
read_instance_dict(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Py_ssize_t head, tail;
    PyObject *out = NULL;
    const char *why = NULL;
    int found = 0;
    Py_ssize_t shead, stail;
    if (pyi_check_nargs("read_instance_dict", nargs, 1, 5) < 0 ||
        pyi_window_args(args, nargs, 1, &head, &tail) < 0 || slot_window_args(args, nargs, &shead, &stail) < 0) {
        return NULL;
    }
    PyObject *obj = args[0];
    PyObject *dict = instance_materialized_dict(obj);
    if (dict != NULL) {
        /* the attributes live in a real dict: read it as any dict */
        if (ensure_selfcheck() < 0) {
            Py_DECREF(dict);
            return NULL;
        }
        Py_BEGIN_CRITICAL_SECTION(dict);
        pyi_dict_t d;
        found = pyi_dict_locate(dict, &d, &why) == 0 ? 1 : -1;
        if (found == 1) {
            out = table_raw(&d, head, tail, shead, stail, "__dict__");
            if (out != NULL && PYI_PUT_ADDR(out, "dict_address", dict) < 0) {
                Py_CLEAR(out);
            }
        }
        Py_END_CRITICAL_SECTION();
        Py_DECREF(dict);
        if (found < 0) {
            return broken(obj, why);
        }
        return out;
    }
    Py_BEGIN_CRITICAL_SECTION(obj);
    pyi_dict_t d;
    found = pyi_instance_dict_locate(obj, &d, &why);
    if (found == 1) {
        out = table_raw(&d, head, tail, shead, stail, "instance");
        if (out != NULL && PyDict_SetItemString(out, "dict_address", Py_None) < 0) {
            Py_CLEAR(out);
        }
    }
    Py_END_CRITICAL_SECTION();
    if (found < 0) {
        return broken(obj, why);
    }
    if (found == 0) {
        Py_RETURN_NONE;
    }
    return out;
}

/* dict_stats(obj) -> dict: whole-table statistics, computed in C */
static PyObject *
dict_stats(PyObject *module, PyObject *obj)
{
    PyObject *out = NULL;
    const char *why = NULL;
    if (check_dict("dict_stats", obj) < 0) {
        return NULL;
    }
    Py_BEGIN_CRITICAL_SECTION(obj);
    pyi_dict_t d;
    if (pyi_dict_locate(obj, &d, &why) == 0) {
        pyi_table_stats_t st;
        pyi_dict_stats(&d, &st);
        out = pyi_stats_dict(&st, d.used);
    }
    Py_END_CRITICAL_SECTION();
    if (out == NULL && why != NULL) {
        return broken(obj, why);
    }
    return out;
}

/* dict_indices(obj) -> (bytes, width): dk_indices as stored */
static PyObject *
dict_indices(PyObject *module, PyObject *obj)
{
    PyObject *out = NULL;
    const char *why = NULL;
    if (check_dict("dict_indices", obj) < 0) {
        return NULL;
    }
    Py_BEGIN_CRITICAL_SECTION(obj);
    pyi_dict_t d;
    if (pyi_dict_locate(obj, &d, &why) == 0) {
        out = Py_BuildValue("(y#i)", d.indices, d.size * d.index_width, d.index_width);
    }
    Py_END_CRITICAL_SECTION();
    if (out == NULL && why != NULL) {
        return broken(obj, why);
    }
    return out;
}

/* dict_objects(obj, head=None, tail=None) -> tuple of (key, value): the
 * objects of the entries window (None for NULL), for describing them.  Only
 * references are handed out; nothing is stored in obj. */
static PyObject *
dict_objects(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Py_ssize_t head, tail;
    PyObject *out = NULL;
    const char *why = NULL;
    if (pyi_check_nargs("dict_objects", nargs, 1, 3) < 0 ||
        pyi_window_args(args, nargs, 1, &head, &tail) < 0) {
        return NULL;
    }
    PyObject *obj = args[0];
    PyObject *held = NULL;
    if (!PYI_ANYDICT_CHECK(obj) && (held = instance_materialized_dict(obj)) != NULL) {
        obj = held;
    }
    int instance = !PYI_ANYDICT_CHECK(obj);
    if (!instance && ensure_selfcheck() < 0) {
        Py_XDECREF(held);
        return NULL;
    }
    int found = 1;
    Py_BEGIN_CRITICAL_SECTION(obj);
    pyi_dict_t d;
    found = instance ? pyi_instance_dict_locate(obj, &d, &why) : (pyi_dict_locate(obj, &d, &why) == 0 ? 1 : -1);
    if (found == 1) {
        pyi_window_t w = pyi_window(d.nentries, head, tail);
        out = PyTuple_New(w.head + w.tail);
        Py_ssize_t j = 0;
        for (Py_ssize_t i = 0; out != NULL && i < d.nentries; i++) {
            if (i == w.head) {
                i = d.nentries - w.tail;
                if (i >= d.nentries) {
                    break;
                }
            }
            pyi_dict_entry_t e;
            pyi_dict_entry(&d, i, &e);
            PyObject *pair = PyTuple_Pack(2, e.key ? e.key : Py_None, e.value ? e.value : Py_None);
            if (pair == NULL) {
                Py_CLEAR(out);
                break;
            }
            PyTuple_SET_ITEM(out, j++, pair);
        }
    }
    Py_END_CRITICAL_SECTION();
    if (found < 0) {
        out = broken(obj, why);
    }
    else if (found == 0) {
        out = PyTuple_New(0);
    }
    Py_XDECREF(held);
    return out;
}

/* ---- the path of one lookup --------------------------------------------------- */

/* Whether two exact str objects hold the same text: what unicode_eq (and
 * _PyUnicode_EQ) compare, read from their buffers; no code runs. */
static int
str_equal(PyObject *a, PyObject *b)
{
    pyi_ustate_t sa, sb;
    pyi_unicode_state(a, &sa);
    pyi_unicode_state(b, &sb);
    Py_ssize_t n = ((PyASCIIObject *)a)->length;
    if (n != ((PyASCIIObject *)b)->length || sa.kind != sb.kind || sa.kind == 0) {
        return 0;
    }
    const void *da = pyi_unicode_data(a, &sa);
    const void *db = pyi_unicode_data(b, &sb);
    if (da == NULL || db == NULL) {
        return 0;
    }
    return memcmp(da, db, (size_t)n * sa.kind) == 0;
}

/* What a lookup does with a candidate of the same hash. */
static const char *
compare_same_hash(PyObject *stored, PyObject *key)
{
    if (stored == key) {
        return "identical";
    }
    if (PyUnicode_CheckExact(stored) && PyUnicode_CheckExact(key)) {
        return str_equal(stored, key) ? "str equal" : "str differs";
    }
    return "eq needed";
}

/* The probe key's hash, computed once as the lookup itself would
 * (PyObject_Hash; an exact str reuses its cached hash). */
static int
probe_hash(PyObject *key, Py_hash_t *hash)
{
    *hash = PyObject_Hash(key);
    return *hash == -1 && PyErr_Occurred() ? -1 : 0;
}

static PyObject *
dict_probe_raw(const pyi_dict_t *d, PyObject *key, Py_hash_t hash)
{
    PyObject *steps = PyList_New(0);
    PyObject *out = NULL;
    const char *result = "missing";
    Py_ssize_t found_ix = -1;
    if (steps == NULL) {
        return NULL;
    }
    size_t mask = (size_t)d->size - 1;
    size_t perturb = (size_t)hash;
    size_t i = (size_t)hash & mask;
    int undecided = 0;
    for (Py_ssize_t n = 0; n <= d->size + 64; n++) {
        Py_ssize_t ix = pyi_dict_index(d, (Py_ssize_t)i);
        const char *status;
        PyObject *entry = NULL;
        int stop = 0;
        if (ix == -1) {
            status = "empty";
            stop = 1;
        }
        else if (ix == -2) {
            status = "dummy";
        }
        else if (ix < 0 || ix >= d->nentries) {
            status = "bad index";
            stop = 1;
        }
        else {
            pyi_dict_entry_t e;
            pyi_dict_entry(d, ix, &e);
            if (e.key == NULL || !e.has_hash) {
                status = "deleted entry";
            }
            else if (e.hash != hash) {
                status = "hash differs";
            }
            else {
                status = compare_same_hash(e.key, key);
            }
            if (strcmp(status, "identical") == 0 || strcmp(status, "str equal") == 0) {
                if (d->value_slots != NULL && e.value == NULL) {
                    status = "no value";  /* a shared key this split table has no value for */
                    result = "missing";
                }
                else {
                    result = "found";
                    found_ix = ix;
                }
                stop = 1;
            }
            else if (strcmp(status, "eq needed") == 0) {
                undecided = 1;
            }
            PyObject *h = e.has_hash ? PyLong_FromSsize_t(e.hash) : Py_NewRef(Py_None);
            entry = h == NULL ? NULL : Py_BuildValue("(NNN)", h, pyi_addr(e.key), pyi_addr(e.value));
            if (entry == NULL) {
                goto cleanup;
            }
        }
        /* (slot, dk_indices[slot], status, (hash, key, value addresses),
         *  perturb, key object, value object) */
        PyObject *kobj = Py_None, *vobj = Py_None;
        if (ix >= 0 && ix < d->nentries) {
            pyi_dict_entry_t e;
            pyi_dict_entry(d, ix, &e);
            kobj = e.key != NULL ? e.key : Py_None;
            vobj = e.value != NULL ? e.value : Py_None;
        }
        PyObject *step = Py_BuildValue("(nnsNKOO)", (Py_ssize_t)i, ix, status,
                                       entry != NULL ? entry : Py_NewRef(Py_None),
                                       (unsigned long long)perturb, kobj, vobj);
        if (step == NULL || PyList_Append(steps, step) < 0) {
            Py_XDECREF(step);
            goto cleanup;
        }
        Py_DECREF(step);
        if (stop) {
            break;
        }
        i = pyi_dict_next_slot(i, &perturb, mask);
    }
    if (strcmp(result, "missing") == 0 && undecided) {
        result = "undecided";
    }
    out = Py_BuildValue("{s:n,s:n,s:O,s:s,s:n,s:s}", "hash", (Py_ssize_t)hash, "mask", (Py_ssize_t)mask,
                        "steps", steps, "result", result, "entry_index", found_ix, "scheme", "dict");
cleanup:
    Py_DECREF(steps);
    return out;
}

/* probe_dict(obj, key) -> dict: the slots a lookup of key visits in obj (a
 * dict, or an instance whose attributes have no dict yet), in order. */
static PyObject *
probe_dict(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    PyObject *out = NULL;
    PyObject *raw = NULL;
    const char *why = NULL;
    Py_hash_t hash;
    if (pyi_check_nargs("probe_dict", nargs, 2, 2) < 0) {
        return NULL;
    }
    PyObject *obj = args[0];
    PyObject *key = args[1];
    PyObject *held = NULL;
    /* the probe key is the caller's own object: hashing it is what the
     * lookup does first, and the only code that may run here */
    if (probe_hash(key, &hash) < 0) {
        return NULL;
    }
    if (!PYI_ANYDICT_CHECK(obj) && (held = instance_materialized_dict(obj)) != NULL) {
        obj = held;
    }
    int instance = !PYI_ANYDICT_CHECK(obj);
    if (!instance && ensure_selfcheck() < 0) {
        Py_XDECREF(held);
        return NULL;
    }
    int found = 1;
    Py_BEGIN_CRITICAL_SECTION(obj);
    pyi_dict_t d;
    found = instance ? pyi_instance_dict_locate(obj, &d, &why) : (pyi_dict_locate(obj, &d, &why) == 0 ? 1 : -1);
    if (found == 1) {
        raw = dict_probe_raw(&d, key, hash);
        if (raw != NULL) {
            out = raw;
            if (pyi_put(raw, "capacity", PyLong_FromSsize_t(d.size)) < 0 ||
                pyi_put(raw, "used", PyLong_FromSsize_t(d.used)) < 0 ||
                pyi_put(raw, "keys_kind", kind_name(&d)) < 0) {
                Py_CLEAR(out);
            }
        }
    }
    Py_END_CRITICAL_SECTION();
    if (found < 0) {
        out = broken(obj, why);
    }
    else if (found == 0) {
        PyErr_Format(PyExc_TypeError, "probe() needs a dict, a set or frozenset, or an object with "
                     "instance attributes, not %.100s", Py_TYPE(obj)->tp_name);
    }
    else if (out != NULL && PYI_PUT_ADDR(out, "table_address", held != NULL ? held : args[0]) < 0) {
        Py_CLEAR(out);
    }
    Py_XDECREF(held);
    return out;
}

/* ---- sets share the probe helpers: see read_set.c ---- */

PyObject *
pyi_set_probe_raw(PySetObject *so, PyObject *key, Py_hash_t hash)
{
    PyObject *steps = PyList_New(0);
    PyObject *out = NULL;
    const char *result = "missing";
    Py_ssize_t found_slot = -1;
    int undecided = 0;
    if (steps == NULL) {
        return NULL;
    }
    size_t mask = (size_t)so->mask;
    size_t perturb = (size_t)hash;
    size_t i = (size_t)hash & mask;
    Py_ssize_t budget = ((Py_ssize_t)mask + 65) * (PYI_LINEAR_PROBES + 1);
    int stop = 0;
    while (!stop && budget > 0) {
        size_t probes = (i + PYI_LINEAR_PROBES <= mask) ? PYI_LINEAR_PROBES : 0;
        for (size_t j = 0; j <= probes && !stop; j++, budget--) {
            const setentry *e = &so->table[i + j];
            const char *status;
            PyObject *entry = NULL;
            int state = pyi_setentry_state(e);
            if (state == 0) {
                status = "empty";
                stop = 1;
            }
            else if (state == 1) {
                status = "dummy";
            }
            else if (e->hash != hash) {
                status = "hash differs";
            }
            else {
                status = compare_same_hash(e->key, key);
                if (strcmp(status, "identical") == 0 || strcmp(status, "str equal") == 0) {
                    result = "found";
                    found_slot = (Py_ssize_t)(i + j);
                    stop = 1;
                }
                else if (strcmp(status, "eq needed") == 0) {
                    undecided = 1;
                }
            }
            if (state != 0) {
                entry = Py_BuildValue("(nN)", (Py_ssize_t)e->hash, state == 2 ? pyi_addr(e->key) : Py_NewRef(Py_None));
                if (entry == NULL) {
                    goto cleanup;
                }
            }
            /* (slot, linear step within the block, status, (hash, key address),
             *  perturb, key object, None) */
            PyObject *step = Py_BuildValue("(nnsNKOO)", (Py_ssize_t)(i + j), (Py_ssize_t)j, status,
                                           entry != NULL ? entry : Py_NewRef(Py_None),
                                           (unsigned long long)perturb,
                                           state == 2 ? e->key : Py_None, Py_None);
            if (step == NULL || PyList_Append(steps, step) < 0) {
                Py_XDECREF(step);
                goto cleanup;
            }
            Py_DECREF(step);
        }
        perturb >>= PYI_PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
    if (strcmp(result, "missing") == 0 && undecided) {
        result = "undecided";
    }
    out = Py_BuildValue("{s:n,s:n,s:O,s:s,s:n,s:s,s:n,s:n,s:i}", "hash", (Py_ssize_t)hash,
                        "mask", (Py_ssize_t)mask, "steps", steps, "result", result,
                        "entry_index", found_slot, "scheme", "set", "capacity", (Py_ssize_t)mask + 1,
                        "used", so->used, "linear_probes", PYI_LINEAR_PROBES);
cleanup:
    Py_DECREF(steps);
    return out;
}

int
pyi_probe_key_hash(PyObject *key, Py_hash_t *hash)
{
    return probe_hash(key, hash);
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
