/* set_tables.c: a set table's probe sequences (Objects/setobject.c,
 * set_lookkey/set_do_lookup, 3.9-3.15): the probe length and statistics of
 * every key, and the recorded path of one lookup, in C, without a Python
 * object per entry.  From each start slot i, slots i..i+9 when
 * i + LINEAR_PROBES <= mask (else i alone), then
 *     perturb >>= 5; i = (i*5 + 1 + perturb) & mask
 */
#include "tables.h"
#include "probe_path.h"

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
            pyi_count_probe(st, pyi_set_probe_length(table[s].hash, mask, (size_t)s, limit));
        }
    }
}

/* Record the slots set_lookkey visits for (key, hash) (Objects/setobject.c:
 * LINEAR_PROBES neighbours of each start slot, then perturbation).  0 or
 * -1 (no memory, no exception set). */
int
pyi_set_probe_record(PySetObject *so, PyObject *key, Py_hash_t hash, pyi_probe_path_t *path, pyi_set_probe_t *res)
{
    size_t mask = (size_t)so->mask;
    size_t perturb = (size_t)hash;
    size_t i = (size_t)hash & mask;
    Py_ssize_t budget = ((Py_ssize_t)mask + 65) * (PYI_LINEAR_PROBES + 1);
    int undecided = 0;
    int stop = 0;
    res->result = "missing";
    res->found_slot = -1;
    res->mask = so->mask;
    res->used = so->used;
    while (!stop && budget > 0) {
        size_t probes = (i + PYI_LINEAR_PROBES <= mask) ? PYI_LINEAR_PROBES : 0;
        for (size_t j = 0; j <= probes && !stop; j++, budget--) {
            const setentry *e = &so->table[i + j];
            pyi_probe_step_t step;
            memset(&step, 0, sizeof(step));
            int state = pyi_setentry_state(e);
            step.slot = (Py_ssize_t)(i + j);
            step.index = (Py_ssize_t)j;
            step.perturb = (unsigned long long)perturb;
            step.has_entry = state != 0;
            step.has_hash = 1;
            step.hash = e->hash;
            step.key = state == 2 ? e->key : NULL;
            if (state == 0) {
                step.status = "empty";
                stop = 1;
            }
            else if (state == 1) {
                step.status = "dummy";
            }
            else if (e->hash != hash) {
                step.status = "hash differs";
            }
            else {
                step.status = pyi_compare_same_hash(e->key, key);
                if (pyi_probe_matched(step.status)) {
                    res->result = "found";
                    res->found_slot = (Py_ssize_t)(i + j);
                    stop = 1;
                }
                else if (strcmp(step.status, "eq needed") == 0) {
                    undecided = 1;
                }
            }
            if (pyi_probe_push(path, &step) < 0) {
                return -1;
            }
        }
        perturb >>= PYI_PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
    if (strcmp(res->result, "missing") == 0 && undecided) {
        res->result = "undecided";
    }
    return 0;
}
