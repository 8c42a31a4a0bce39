/* alive.h: naming one reference, holder -> target, for why_alive(). */
#ifndef PYI_ALIVE_H
#define PYI_ALIVE_H

#include "compat.h"

typedef enum {
    PYI_EDGE_REFERENT = 0, /* a reference tp_traverse reports whose place pyinspect does not name */
    PYI_EDGE_INDEX,        /* list / tuple item `index` */
    PYI_EDGE_KEY,          /* the value of a dict entry: obj = its key */
    PYI_EDGE_DICT_KEY,     /* the key of a dict entry: index = the entry's position in iteration order */
    PYI_EDGE_SET_ITEM,     /* an element of a set or frozenset */
    PYI_EDGE_ATTR,         /* an attribute: obj = its name (inline values, __slots__, a member) */
    PYI_EDGE_FIELD,        /* a field of a builtin struct: field = the name code uses ("__closure__") */
    PYI_EDGE_LOCAL,        /* a variable of a frame object or generator: obj = its name, index = slot */
    PYI_EDGE_CLASS,        /* an instance of a heap type holds its type */
    PYI_EDGE_NKINDS
} pyi_edge_kind_t;

typedef struct {
    int kind;
    Py_ssize_t index;
    const char *field;     /* static text, for PYI_EDGE_FIELD */
    PyObject *obj;         /* strong or NULL: the key or the name */
    PyObject *code;        /* strong or NULL: for a function's __closure__, its code (free variable names) */
    PyObject *qualname;    /* strong or NULL: for a function's __closure__, its __qualname__ */
} pyi_edge_t;

/* Name the reference `holder` -> `target` by reading the holder's struct
 * (under its critical section): which index, key, attribute or field holds
 * the target (`ndarray_type`, may be NULL: numpy's array type, whose `base`
 * the collector cannot see).  Runs no Python code; allocates only str
 * objects for member names (not GC objects).  The caller holds both objects.  Returns 0, or
 * -1 when out of memory (no exception set: the caller raises after its
 * snapshot). */
int pyi_alive_edge(PyObject *holder, PyObject *target, PyObject *ndarray_type, pyi_edge_t *out);

/* Drop the edge's references (may run code: after the result is built). */
void pyi_edge_release(pyi_edge_t *e);

/* ---- numpy arrays (alive_numpy.c) ---------------------------------------- */

/* numpy.ndarray when the program imported numpy (never imports it): a new
 * reference, or NULL (no exception).  Call before a snapshot: it reads
 * dicts under their critical sections. */
PyObject *pyi_numpy_ndarray_type(void);

/* The array's `base` (borrowed; NULL when none or op is not an array of
 * ndarray_type).  Arrays are not GC objects: the collector never sees this
 * reference. */
PyObject *pyi_ndarray_base(PyObject *op, PyObject *ndarray_type);

/* Text of the edge kinds, for the raw result. */
extern const char *const pyi_edge_kind_names[PYI_EDGE_NKINDS];

#endif /* PYI_ALIVE_H */
