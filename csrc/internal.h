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

/* ---- generators and coroutines (internal_gen.c) ------------------------- */

enum { PYI_GEN_CREATED = 0, PYI_GEN_SUSPENDED = 1, PYI_GEN_RUNNING = 2, PYI_GEN_CLOSED = 3 };

/* What a generator, coroutine or async generator stores about its frame.
 * 3.9/3.10 keep a PyFrameObject (gi_frame, NULL once finished); 3.11+ embed a
 * _PyInterpreterFrame (gi_iframe) and record its state in gi_frame_state. */
typedef struct {
    int state;                  /* PYI_GEN_* as inspect.getgeneratorstate names it */
    int frame_state;            /* gi_frame_state (3.11+), f_state (3.10), else 0 */
    int suspended_yield_from;   /* 3.13+: FRAME_SUSPENDED_YIELD_FROM*, else -1 */
    PyCodeObject *code;         /* borrowed */
    const void *frame;          /* gi_iframe (3.11+) or gi_frame; NULL when gone */
    const void *frame_obj;      /* the PyFrameObject, if one was created */
    Py_ssize_t frame_offset;    /* offset of gi_iframe in the object (3.11+), else -1 */
    int line;                   /* what frame.f_lineno gives; -1 when closed */
    int lasti;                  /* frame.f_lasti in bytes; -1 when none */
    int running_flag;           /* 3.9 gi_running, else -1 */
    int hooks_inited;           /* ag/3.11+ *_hooks_inited, else -1 */
    int closed_flag;            /* ag/3.11+ *_closed, else -1 */
    int running_async;          /* ag/3.11+ *_running_async, else -1 */
    PyObject *name, *qualname;  /* borrowed */
    const void *weakreflist;
    const void *origin_or_finalizer; /* cr_origin / ag_finalizer (3.11+: one field) */
    const void *exc_value;      /* gi_exc_state.exc_value (3.11+) / exc_type (<=3.10) */
    const void *globals, *builtins, *locals_dict;
    Py_ssize_t nslots;          /* local variable slots readable (0 when closed) */
} pyi_gen_t;

/* Fill `out` for a generator, coroutine or async generator.  Returns 0. */
int pyi_gen_read(PyObject *gen, pyi_gen_t *out);

/* Local slot i of the frame (i < nslots): the object, borrowed, or NULL.
 * On 3.14+ a slot may hold a tagged int instead of a pointer: then *tagged
 * is 1, *tagval its value and NULL is returned. */
PyObject *pyi_gen_local(PyObject *gen, Py_ssize_t i, int *tagged, Py_ssize_t *tagval);

#endif /* PYI_INTERNAL_H */
