/* read_code_util.h: helpers shared by read_func.c, read_type.c and read_gen.c.
 *
 * They copy the names a struct points at (str objects and tuples of str)
 * into fresh exact str objects, so a str subclass stored in, say,
 * func_qualname never reaches Python code that might format it (which would
 * call its __format__).  Nothing here runs code of the inspected objects.
 */
#ifndef PYI_READ_CODE_UTIL_H
#define PYI_READ_CODE_UTIL_H

#include "readers.h"
#include "snapshot.h"

#include <stddef.h>

/* Longest name copied; longer ones are cut (docstrings, odd qualnames). */
#define PYI_NAME_MAX 4096
/* Most names copied out of one tuple (co_names of a huge module, ...). */
#define PYI_NAMES_MAX 65536

/* An exact str copy of `o`, None when `o` is NULL or not a str.  New ref. */
static inline PyObject *
pyi_str_copy(PyObject *o, Py_ssize_t max_len)
{
    if (o == NULL || !PyUnicode_Check(o)) {
        Py_RETURN_NONE;
    }
#if !PYI_PY312
    if (PyUnicode_READY(o) < 0) {
        return NULL;
    }
#endif
    Py_ssize_t n = PyUnicode_GET_LENGTH(o);
    if (PyUnicode_CheckExact(o) && n <= max_len) {
        return Py_NewRef(o);
    }
    if (n > max_len) {
        n = max_len;
    }
    /* PyUnicode_FromKindAndData copies the code units: no method of a str
     * subclass is looked up */
    return PyUnicode_FromKindAndData(PyUnicode_KIND(o), PyUnicode_DATA(o), n);
}

/* A tuple of exact str copies of the str items of tuple `t` (None for a
 * non-str item); None when `t` is NULL or not a tuple.  New ref. */
static inline PyObject *
pyi_names(PyObject *t)
{
    if (t == NULL || !PyTuple_Check(t)) {
        Py_RETURN_NONE;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(t);
    if (n > PYI_NAMES_MAX) {
        n = PYI_NAMES_MAX;
    }
    PyObject *out = PyTuple_New(n);
    if (out == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *s = pyi_str_copy(PyTuple_GET_ITEM(t, i), PYI_NAME_MAX);
        if (s == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyTuple_SET_ITEM(out, i, s);
    }
    return out;
}

/* The tp_name of o's type, as a str.  New ref. */
static inline PyObject *
pyi_tp_name(PyObject *o)
{
    if (o == NULL) {
        Py_RETURN_NONE;
    }
    const char *name = Py_TYPE(o)->tp_name;
    return PyUnicode_DecodeUTF8(name, (Py_ssize_t)strlen(name), "replace");
}

/* A new strong reference to o (NULL stays NULL).  Runs no code: taken while
 * snapshotting (see snapshot.h), released after the build. */
static inline PyObject *
pyi_code_hold(PyObject *o)
{
    Py_XINCREF(o);
    return o;
}

/* The (key, value) pairs of a dict copied with strong references, for
 * building rows from after the dict may have changed (a __del__ run by the
 * collector inside a row's allocation can set or delete entries, resizing
 * the table).  keys.items[i] and values.items[i] are one entry. */
typedef struct {
    pyi_held_t keys;
    pyi_held_t values;
    Py_ssize_t used;   /* ma_used when it was read */
} pyi_pairs_t;

#define PYI_PAIRS_INIT {PYI_HELD_INIT, PYI_HELD_INIT, 0}

/* Copy the entries of dict `d` whose key `keep` accepts (all when NULL)
 * under the dict's critical section.  PyDict_Next hands out the stored
 * pointers and compares nothing, PyMem_* and Py_INCREF run no code; `keep`
 * must not either.  0, or -1 (no memory, no exception set: the caller
 * raises once it holds no pointer into the dict). */
static inline int
pyi_hold_pairs(pyi_pairs_t *p, PyObject *d, int (*keep)(PyObject *key))
{
    int rc = 0;
    p->used = 0;
    Py_BEGIN_CRITICAL_SECTION(d);
    Py_ssize_t n = PyDict_GET_SIZE(d);
    p->used = n;
    if (pyi_held_alloc(&p->keys, n) < 0 || pyi_held_alloc(&p->values, n) < 0) {
        rc = -1;
    }
    else {
        Py_ssize_t pos = 0;
        Py_ssize_t j = 0;
        PyObject *k, *v;
        while (j < n && PyDict_Next(d, &pos, &k, &v)) {
            if (keep != NULL && !keep(k)) {
                continue;
            }
            pyi_held_set(&p->keys, j, k);
            pyi_held_set(&p->values, j, v);
            j++;
        }
        /* the slots past j stay NULL and are not visited */
        if (p->keys.items != NULL) {
            p->keys.n = j;
        }
        if (p->values.items != NULL) {
            p->values.n = j;
        }
    }
    Py_END_CRITICAL_SECTION();
    return rc;
}

/* Drop the references (may run code: after the build). */
static inline void
pyi_pairs_release(pyi_pairs_t *p)
{
    pyi_held_release(&p->keys);
    pyi_held_release(&p->values);
}

/* A C function pointer as an int (None for NULL).  Function pointers are
 * converted through uintptr_t, which POSIX guarantees to hold them. */
#define PYI_FPTR(p) pyi_addr((const void *)(uintptr_t)(p))
#define PYI_PUT_FPTR(d, k, v) pyi_put((d), (k), PYI_FPTR(v))

#endif /* PYI_READ_CODE_UTIL_H */
