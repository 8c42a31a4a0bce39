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

/* ---- a frame's variables (internal_frames.c) ---------------------------- */

/* Kinds of a frame's fast-local slot (CPython's CO_FAST_* bits, 3.11+, or
 * the varnames/cellvars/freevars split before). */
#define PYI_SLOT_LOCAL  1
#define PYI_SLOT_CELL   2   /* a cell variable: the slot holds a cell, report its contents */
#define PYI_SLOT_FREE   4   /* a free variable: a cell from the closure */
#define PYI_SLOT_HIDDEN 8   /* 3.12+: a comprehension's inlined local (PEP 709) */

typedef struct {
    PyObject *code;       /* borrowed: the frame's code object */
    PyObject *locals;     /* borrowed: f_locals of a non-optimized (module,
                           * class body, exec) frame, or NULL */
    int optimized;        /* CO_OPTIMIZED: locals live in fast slots */
    Py_ssize_t nslots;    /* fast-local slots (locals, cells, frees) */
} pyi_frame_t;

/* Fill `out` for a frame object (PyFrame_Check).  Returns 0, or -1 when the
 * frame has no code (no exception is set: the caller raises). */
int pyi_frame_info(PyObject *frame, pyi_frame_t *out);

/* Slot `i` (0 <= i < nslots) of a frame: its name (borrowed str), its
 * PYI_SLOT_* kind, and its value (borrowed; NULL when unbound).  A cell or
 * free variable's value is the cell's contents.  Reads only: nothing is
 * materialized (no f_locals dict, no FrameLocalsProxy).  Returns 0, or -1
 * for an index out of range (no exception set). */
int pyi_frame_slot(PyObject *frame, Py_ssize_t i, PyObject **name, int *kind, PyObject **value);

#endif /* PYI_INTERNAL_H */
