/* tables.c: what dict and set tables share: the hash a lookup starts from,
 * and the statistics of a table as a Python dict (created here, outside the
 * internal units). */
#include "tables.h"

/* The probe key's hash, computed once as the lookup itself would
 * (PyObject_Hash; an exact str reuses its cached hash).  The probe key is
 * the caller's own object: hashing it is the lookup's first step, and the
 * only code that may run here, before any table is read. */
int
pyi_probe_key_hash(PyObject *key, Py_hash_t *hash)
{
    *hash = PyObject_Hash(key);
    return *hash == -1 && PyErr_Occurred() ? -1 : 0;
}

PyObject *
pyi_stats_dict(const pyi_table_stats_t *st, Py_ssize_t used)
{
    PyObject *hist = NULL;
    PyObject *out = NULL;
    Py_ssize_t last = 0;
    for (Py_ssize_t k = 0; k < PYI_HIST_BUCKETS; k++) {
        if (st->hist[k]) {
            last = k + 1;
        }
    }
    hist = PyTuple_New(last);
    if (hist == NULL) {
        goto cleanup;
    }
    for (Py_ssize_t k = 0; k < last; k++) {
        PyObject *v = PyLong_FromSsize_t(st->hist[k]);
        if (v == NULL) {
            goto cleanup;
        }
        PyTuple_SET_ITEM(hist, k, v);
    }
    out = Py_BuildValue("{s:n,s:n,s:n,s:n,s:n,s:n,s:n,s:n,s:n,s:n,s:n,s:n,s:n,s:O,s:n}",
                        "slots", st->slots, "used", used, "live", st->live, "dummies", st->dummies,
                        "empty", st->empty, "absent", st->absent, "deleted", st->deleted,
                        "bad", st->bad, "measured", st->measured, "unreachable", st->unreachable,
                        "collisions", st->collisions, "probe_sum", st->probe_sum,
                        "probe_max", st->probe_max, "histogram", hist,
                        "histogram_cap", (Py_ssize_t)PYI_HIST_BUCKETS);
cleanup:
    Py_XDECREF(hist);
    return out;
}
