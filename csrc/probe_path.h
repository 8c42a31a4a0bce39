/* probe_path.h: the slots one lookup visits in a dict or set table, recorded
 * in C memory first and turned into Python objects afterwards (ARCHITECTURE
 * rule 3): the recording follows pointers into the table, so it must finish
 * before anything that can run the collector. */
#ifndef PYI_PROBE_PATH_H
#define PYI_PROBE_PATH_H

#include "tables.h"

typedef struct {
    Py_ssize_t slot;          /* the table slot examined */
    Py_ssize_t index;         /* dict: dk_indices[slot]; set: the linear step within its block */
    const char *status;       /* "empty", "dummy", "hash differs", "identical", ... (static) */
    int has_entry;            /* whether (hash, key[, value]) is reported for this slot */
    int has_hash;             /* 0: a deleted unicode entry, which keeps no hash */
    Py_hash_t hash;
    PyObject *key;            /* strong reference, or NULL */
    PyObject *value;          /* strong reference, or NULL */
    unsigned long long perturb;
} pyi_probe_step_t;

typedef struct {
    pyi_probe_step_t *steps;
    Py_ssize_t n, cap;
    int with_value;           /* dict paths report a value address beside the key's */
} pyi_probe_path_t;

/* Append a copy of *s, taking strong references to its key and value.
 * 0, or -1 when memory ran out (no exception set: see snapshot.h). */
int pyi_probe_push(pyi_probe_path_t *p, const pyi_probe_step_t *s);

/* The recorded steps as a list of tuples
 * (slot, index, status, (hash, key address[, value address]) or None,
 *  perturb, key object or None, value object or None). */
PyObject *pyi_probe_steps(const pyi_probe_path_t *p);

/* Drop the references and free the steps (may run code: call it last). */
void pyi_probe_release(pyi_probe_path_t *p);

/* What a lookup does with a stored key of the probe key's hash, decided
 * without running code: "identical", "str equal"/"str differs" for two
 * exact str (their code units compared, as unicode_eq does), else
 * "eq needed" (the lookup would call __eq__; pyinspect does not). */
const char *pyi_compare_same_hash(PyObject *stored, PyObject *key);

/* Whether a status ends a lookup with the key found. */
static inline int
pyi_probe_matched(const char *status)
{
    return strcmp(status, "identical") == 0 || strcmp(status, "str equal") == 0;
}

/* ---- one lookup, replayed (dict_tables.c, set_tables.c) ---- */

typedef struct {
    const char *result;      /* "found", "missing" or "undecided" (static) */
    Py_ssize_t entry_index;  /* the entry found, else -1 */
    Py_ssize_t size, used;
    int kind;
    Py_ssize_t mask;
} pyi_dict_probe_t;

/* Record the lookup of (key, hash) in a located table, following CPython's
 * perturbed probe sequence (Objects/dictobject.c).  0 or -1 (no memory, no
 * exception set). */
int pyi_dict_probe_record(const pyi_dict_t *d, PyObject *key, Py_hash_t hash, pyi_probe_path_t *path,
                          pyi_dict_probe_t *res);

typedef struct {
    const char *result;
    Py_ssize_t found_slot;
    Py_ssize_t mask, used;
} pyi_set_probe_t;

/* Record the slots set_lookkey visits for (key, hash) (Objects/setobject.c:
 * LINEAR_PROBES neighbours of each start slot, then perturbation); the
 * caller holds the set's critical section.  0 or -1 (no memory, no
 * exception set). */
int pyi_set_probe_record(PySetObject *so, PyObject *key, Py_hash_t hash, pyi_probe_path_t *path,
                         pyi_set_probe_t *res);

#endif /* PYI_PROBE_PATH_H */
