/* tables.h: CPython's probe sequences for dicts and sets, and whole-table
 * statistics computed from stored hashes and identities only (dict_tables.c,
 * set_tables.c; tables.c for what both share).
 *
 * Nothing here compares keys with __eq__ or hashes a stored key: a lookup's
 * path is fully determined by the hash it starts from and by what the slots
 * hold.
 */
#ifndef PYI_TABLES_H
#define PYI_TABLES_H

#include "internal.h"

/* Objects/dictobject.c and Objects/setobject.c, unchanged 3.9-3.15 */
#define PYI_PERTURB_SHIFT 5
/* Objects/setobject.c: slots examined linearly before perturbing */
#define PYI_LINEAR_PROBES 9

/* Probe-length histogram buckets: hist[k] counts keys found on probe k+1,
 * the last bucket everything from PYI_HIST_BUCKETS probes on. */
#define PYI_HIST_BUCKETS 32

typedef struct {
    Py_ssize_t slots;          /* table size */
    Py_ssize_t live;           /* slots leading to a present key */
    Py_ssize_t dummies;        /* DKIX_DUMMY indices / dummy set slots */
    Py_ssize_t empty;          /* DKIX_EMPTY indices / unused set slots */
    Py_ssize_t absent;         /* split tables: keys this dict has no value for */
    Py_ssize_t deleted;        /* dict: dense entries whose key was deleted */
    Py_ssize_t bad;            /* slots whose content is inconsistent */
    Py_ssize_t measured;       /* keys whose probe length was computed */
    Py_ssize_t unreachable;    /* keys the probe sequence never reaches (inconsistent) */
    Py_ssize_t collisions;     /* keys not in their home slot (probe length > 1) */
    Py_ssize_t probe_sum;
    Py_ssize_t probe_max;
    Py_ssize_t hist[PYI_HIST_BUCKETS];
} pyi_table_stats_t;

/* Count one key found after n probes (n < 0: never reached). */
static inline void
pyi_count_probe(pyi_table_stats_t *st, Py_ssize_t n)
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

/* ---- dicts (dict_tables.c) ---- */

/* The slot after `i` in a dict lookup: perturb >>= 5; i = (i*5 + perturb + 1) & mask */
static inline size_t
pyi_dict_next_slot(size_t i, size_t *perturb, size_t mask)
{
    *perturb >>= PYI_PERTURB_SHIFT;
    return (i * 5 + *perturb + 1) & mask;
}

/* Probes a dict lookup of `hash` makes to reach slot `target` (1 = its home
 * slot), or -1 after more than `limit` probes. */
Py_ssize_t pyi_dict_probe_length(Py_hash_t hash, size_t mask, size_t target, Py_ssize_t limit);

/* The slot whose index is `ix`, following the probe sequence of `hash`;
 * -1 when not reached within the table's size. */
Py_ssize_t pyi_dict_slot_of(const pyi_dict_t *d, Py_hash_t hash, Py_ssize_t ix, Py_ssize_t *probes);

/* Statistics of every key in the table. */
void pyi_dict_stats(const pyi_dict_t *d, pyi_table_stats_t *st);

/* ---- sets (set_tables.c) ---- */

/* Probes set_lookkey makes to reach slot `target`, or -1 past `limit`. */
Py_ssize_t pyi_set_probe_length(Py_hash_t hash, size_t mask, size_t target, Py_ssize_t limit);

/* A setentry's state: 0 unused, 1 dummy, 2 active (setobject.h) */
static inline int
pyi_setentry_state(const setentry *e)
{
    if (e->key == NULL) {
        return 0;
    }
    /* "Dummy: key == dummy and hash == -1"; a real hash is never -1 */
    return e->hash == -1 ? 1 : 2;
}

void pyi_set_stats(PySetObject *so, pyi_table_stats_t *st);

/* ---- both (tables.c) ---- */

/* The probe key's hash, computed once as a lookup does. */
int pyi_probe_key_hash(PyObject *key, Py_hash_t *hash);

/* A Python dict of the statistics (created outside the internal units). */
PyObject *pyi_stats_dict(const pyi_table_stats_t *st, Py_ssize_t used);

#endif /* PYI_TABLES_H */
