/* dict_stats.c: CPython's probe sequences and whole-table statistics of
 * dicts and sets, in C, without a Python object per entry.
 *
 * The probe length of a key is the number of slots a lookup of that key
 * examines before it reaches the slot holding it, replayed from the stored
 * hash alone.  Dict (Objects/dictobject.c, lookdict/do_lookup, 3.9-3.15):
 *     i = hash & mask; perturb = hash;
 *     then perturb >>= 5; i = (i*5 + perturb + 1) & mask
 * Set (Objects/setobject.c, set_lookkey/set_do_lookup, 3.9-3.15): from each
 * i, slots i..i+9 when i + LINEAR_PROBES <= mask (else i alone), then
 *     perturb >>= 5; i = (i*5 + 1 + perturb) & mask
 * Once perturb is 0 both are i -> 5i+1 (mod 2**k), which has full period, so
 * every slot is reached within size + 64 steps: that bounds every loop.
 */
#include "tables.h"

static inline void
count_probe(pyi_table_stats_t *st, Py_ssize_t n)
{
    if (n < 0) {
        st->unreachable++;
        return;
    }
    st->measured++;
    st->probe_sum += n;
    if (n > st->probe_max) {
        st->probe_max = n;
    }
    if (n > 1) {
        st->collisions++;
    }
    st->hist[n - 1 < PYI_HIST_BUCKETS - 1 ? n - 1 : PYI_HIST_BUCKETS - 1]++;
}

Py_ssize_t
pyi_dict_probe_length(Py_hash_t hash, size_t mask, size_t target, Py_ssize_t limit)
{
    size_t perturb = (size_t)hash;
    size_t i = (size_t)hash & mask;
    Py_ssize_t n = 1;
    while (i != target) {
        if (n >= limit) {
            return -1;
        }
        i = pyi_dict_next_slot(i, &perturb, mask);
        n++;
    }
    return n;
}

Py_ssize_t
pyi_dict_slot_of(const pyi_dict_t *d, Py_hash_t hash, Py_ssize_t ix, Py_ssize_t *probes)
{
    size_t mask = (size_t)d->size - 1;
    size_t perturb = (size_t)hash;
    size_t i = (size_t)hash & mask;
    Py_ssize_t limit = d->size + 64;
    for (Py_ssize_t n = 1; n <= limit; n++) {
        Py_ssize_t got = pyi_dict_index(d, (Py_ssize_t)i);
        if (got == ix) {
            *probes = n;
            return (Py_ssize_t)i;
        }
        if (got == -1) {
            break;  /* a lookup stops at the first EMPTY slot */
        }
        i = pyi_dict_next_slot(i, &perturb, mask);
    }
    *probes = -1;
    return -1;
}

void
pyi_dict_stats(const pyi_dict_t *d, pyi_table_stats_t *st)
{
    memset(st, 0, sizeof(*st));
    st->slots = d->size;
    size_t mask = (size_t)d->size - 1;
    Py_ssize_t limit = d->size + 64;
    Py_ssize_t pointing = 0;
    /* one sequential pass over dk_indices for the slot counts */
    for (Py_ssize_t s = 0; s < d->size; s++) {
        Py_ssize_t ix = pyi_dict_index(d, s);
        if (ix >= 0 && ix < d->nentries) {
            pointing++;
        }
        else if (ix == -1) {
            st->empty++;
        }
        else if (ix == -2) {
            st->dummies++;
        }
        else {
            st->bad++;
        }
    }
    /* then the entries in dense order: the keys were allocated in about the
     * same order, so reading each str's cached hash walks memory forwards,
     * and the few index slots of each probe path are the only random reads */
    for (Py_ssize_t ix = 0; ix < d->nentries; ix++) {
        pyi_dict_entry_t e;
        pyi_dict_entry(d, ix, &e);
        if (e.key == NULL || !e.has_hash) {
            st->deleted++;
            continue;
        }
        if (d->value_slots != NULL && e.value == NULL) {
            st->absent++;  /* shared key without a value in this dict */
            continue;
        }
        st->live++;
        size_t perturb = (size_t)e.hash;
        size_t i = (size_t)e.hash & mask;
        Py_ssize_t n = 1;
        for (;;) {
            Py_ssize_t got = pyi_dict_index(d, (Py_ssize_t)i);
            if (got == ix) {
                break;
            }
            if (got == -1 || n >= limit) {
                n = -1;  /* a lookup would stop before reaching it */
                break;
            }
            i = pyi_dict_next_slot(i, &perturb, mask);
            n++;
        }
        count_probe(st, n);
    }
    /* index slots that point at deleted entries or at nothing this dict has */
    st->bad += pointing - st->live - st->absent > 0 ? pointing - st->live - st->absent : 0;
}

Py_ssize_t
pyi_set_probe_length(Py_hash_t hash, size_t mask, size_t target, Py_ssize_t limit)
{
    size_t perturb = (size_t)hash;
    size_t i = (size_t)hash & mask;
    Py_ssize_t n = 0;
    for (;;) {
        size_t probes = (i + PYI_LINEAR_PROBES <= mask) ? PYI_LINEAR_PROBES : 0;
        if (target >= i && target <= i + probes) {
            return n + (Py_ssize_t)(target - i) + 1;
        }
        n += (Py_ssize_t)probes + 1;
        if (n >= limit) {
            return -1;
        }
        perturb >>= PYI_PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

void
pyi_set_stats(PySetObject *so, pyi_table_stats_t *st)
{
    memset(st, 0, sizeof(*st));
    size_t mask = (size_t)so->mask;
    st->slots = so->mask + 1;
    /* 10 slots per step at most, and every start slot is reached within
     * size + 64 steps */
    Py_ssize_t limit = (st->slots + 64) * (PYI_LINEAR_PROBES + 1);
    const setentry *table = so->table;
    for (Py_ssize_t s = 0; s < st->slots; s++) {
        switch (pyi_setentry_state(&table[s])) {
        case 0:
            st->empty++;
            break;
        case 1:
            st->dummies++;
            break;
        default:
            st->live++;
            count_probe(st, pyi_set_probe_length(table[s].hash, mask, (size_t)s, limit));
        }
    }
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
