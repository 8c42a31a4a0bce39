/* internal.h: facts that only CPython's private headers give.
 *
 * The functions declared here are implemented in internal_*.c, the only
 * translation units compiled with Py_BUILD_CORE.  They do pointer arithmetic
 * and struct reads; they create no Python objects, so the rest of the
 * extension never sees a private header.
 */
#ifndef PYI_INTERNAL_H
#define PYI_INTERNAL_H

#include "compat.h"

/* ---- struct table (internal_layout.c) ---------------------------------- */

typedef struct {
    const char *strct;
    const char *field;
    Py_ssize_t offset;
    Py_ssize_t size;
} pyi_field_t;

/* Every (struct, field) of the layouts dossier that this build has, as the
 * compiler laid it out.  Terminated by an entry with strct == NULL. */
extern const pyi_field_t pyi_fields[];

/* ---- memory around an object (internal_layout.c) ----------------------- */

/* sizeof(PyGC_Head), or 0 on free-threaded builds (no GC head). */
Py_ssize_t pyi_gc_head_size(void);

/* Bytes in front of an object of this type: GC head plus the managed
 * dict/weakref pointers (_PyType_PreHeaderSize). */
Py_ssize_t pyi_preheader_size(PyTypeObject *tp);

/* Where an instance keeps its attributes, read without creating __dict__. */
typedef struct {
    int managed;              /* Py_TPFLAGS_MANAGED_DICT (3.11+) */
    Py_ssize_t dict_slot;     /* byte offset of the dict pointer from the object, 0 = none */
    PyObject *dict;           /* the materialized dict, or NULL */
    void *values;             /* PyDictValues* (3.11+) when attributes live outside a dict */
    int values_inline;        /* 3.13+: values embedded at obj + tp_basicsize */
    int values_capacity;      /* 3.13+: PyDictValues.capacity, else -1 */
    int values_size;          /* 3.13+: PyDictValues.size, else -1 */
    int values_valid;         /* 3.13+: PyDictValues.valid, else -1 */
    Py_ssize_t nvalues;       /* number of value slots reported in `slots` */
    PyObject *const *slots;   /* the value pointers (may contain NULL) */
    Py_ssize_t weakref_slot;  /* byte offset of the weakref list pointer, 0 = none */
    PyObject *weakrefs;       /* the weakref list head, or NULL */
} pyi_instance_t;

/* Fill `out` for `op`; returns 0.  Never materializes __dict__. */
int pyi_read_instance(PyObject *op, pyi_instance_t *out);

/* ---- frames (internal_frames.c) ---------------------------------------- */

/* References to `obj` held, right now, by pyinspect's own Python frames and
 * by the value stack of the frame that called into pyinspect (ARCHITECTURE
 * rule 5).  `args`/`nargs` are the vectorcall arguments of the C function
 * running this, which on 3.9-3.13 point into the calling frame's stack.
 * `own_prefix` is the package directory: frames whose code lives there are
 * pyinspect's.  Never fails; returns 0 when it cannot tell. */
Py_ssize_t pyi_transient_refs(PyObject *obj, PyObject *const *args, Py_ssize_t nargs,
                              PyObject *own_prefix);

#endif /* PYI_INTERNAL_H */
