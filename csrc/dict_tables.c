/* dict_tables.c: a dict table's probe sequences: the probe length and
 * statistics of every key, and the recorded path of one lookup, in C,
 * without a Python object per entry.  set_tables.c does the same for sets.
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
#include "probe_path.h"

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
        pyi_count_probe(st, n);
    }
    /* index slots that point at deleted entries or at nothing this dict has */
    st->bad += pointing - st->live - st->absent > 0 ? pointing - st->live - st->absent : 0;
}

/* Record the lookup of (key, hash) in a located table, following CPython's
 * perturbed probe sequence (Objects/dictobject.c).  0 or -1 (no memory, no
 * exception set). */
int
pyi_dict_probe_record(const pyi_dict_t *d, PyObject *key, Py_hash_t hash, pyi_probe_path_t *path, pyi_dict_probe_t *res)
{
    size_t mask = (size_t)d->size - 1;
    size_t perturb = (size_t)hash;
    size_t i = (size_t)hash & mask;
    int undecided = 0;
    res->result = "missing";
    res->entry_index = -1;
    res->size = d->size;
    res->used = d->used;
    res->kind = d->kind;
    res->mask = (Py_ssize_t)mask;
    for (Py_ssize_t n = 0; n <= d->size + 64; n++) {
        pyi_probe_step_t step;
        memset(&step, 0, sizeof(step));
        Py_ssize_t ix = pyi_dict_index(d, (Py_ssize_t)i);
        int stop = 0;
        step.slot = (Py_ssize_t)i;
        step.index = ix;
        step.perturb = (unsigned long long)perturb;
        if (ix == -1) {
            step.status = "empty";
            stop = 1;
        }
        else if (ix == -2) {
            step.status = "dummy";
        }
        else if (ix < 0 || ix >= d->nentries) {
            step.status = "bad index";
            stop = 1;
        }
        else {
            pyi_dict_entry_t e;
            pyi_dict_entry(d, ix, &e);
            step.has_entry = 1;
            step.has_hash = e.has_hash;
            step.hash = e.hash;
            step.key = e.key;
            step.value = e.value;
            if (e.key == NULL || !e.has_hash) {
                step.status = "deleted entry";
            }
            else if (e.hash != hash) {
                step.status = "hash differs";
            }
            else {
                step.status = pyi_compare_same_hash(e.key, key);
            }
            if (pyi_probe_matched(step.status)) {
                if (d->value_slots != NULL && e.value == NULL) {
                    step.status = "no value";  /* a shared key this split table has no value for */
                }
                else {
                    res->result = "found";
                    res->entry_index = ix;
                }
                stop = 1;
            }
            else if (strcmp(step.status, "eq needed") == 0) {
                undecided = 1;
            }
        }
        if (pyi_probe_push(path, &step) < 0) {
            return -1;
        }
        if (stop) {
            break;
        }
        i = pyi_dict_next_slot(i, &perturb, mask);
    }
    if (strcmp(res->result, "missing") == 0 && undecided) {
        res->result = "undecided";
    }
    return 0;
}
