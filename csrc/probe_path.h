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

#endif /* PYI_PROBE_PATH_H */
