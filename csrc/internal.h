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

/* ---- struct table (internal_struct_table.c) ----------------------------- */

typedef struct {
    const char *strct;
    const char *field;
    Py_ssize_t offset;
    Py_ssize_t size;
} pyi_field_t;

/* Every (struct, field) of the layouts dossier that this build has, as the
 * compiler laid it out.  Terminated by an entry with strct == NULL. */
extern const pyi_field_t pyi_fields[];

/* ---- memory around an object (internal_preheader.c) --------------------- */

/* sizeof(PyGC_Head), or 0 on free-threaded builds (no GC head). */
Py_ssize_t pyi_gc_head_size(void);

/* Bytes in front of an object of this type: GC head plus the managed
 * dict/weakref pointers (_PyType_PreHeaderSize). */
Py_ssize_t pyi_preheader_size(PyTypeObject *tp);

/* ---- instance attributes (internal_instance.c) -------------------------- */

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
    Py_ssize_t tp_dictoffset;      /* of the type, read in the same moment */
    Py_ssize_t tp_weaklistoffset;
} pyi_instance_t;

/* Fill `out` for `op`; returns 0.  Never materializes __dict__. */
int pyi_read_instance(PyObject *op, pyi_instance_t *out);

/* ---- dict keys and values (internal_dict.c) ----------------------------- */

#define PYI_DICT_GENERAL 0   /* DICT_KEYS_GENERAL: PyDictKeyEntry {hash, key, value} */
#define PYI_DICT_UNICODE 1   /* DICT_KEYS_UNICODE (3.11+): PyDictUnicodeEntry {key, value} */
#define PYI_DICT_SPLIT 2     /* DICT_KEYS_SPLIT / a split table: values live apart */

/* A dict's tables as stored, located without creating any object.  For an
 * instance whose attributes have no dict yet (3.11+), `keys` is the type's
 * ht_cached_keys and `values` the pre-header or inline PyDictValues. */
typedef struct {
    PyDictKeysObject *keys;      /* ma_keys (or ht_cached_keys) */
    void *values;                /* ma_values: PyObject** (3.9/3.10), PyDictValues* (3.11+) */
    PyObject **value_slots;      /* the values array of a split table, else NULL */
    Py_ssize_t nvalue_slots;     /* slots of value_slots that may be read */
    Py_ssize_t used;             /* ma_used (instances: values present) */
    uint64_t version_tag;        /* ma_version_tag / _ma_watcher_tag (3.14+), 0 for instances */
    Py_ssize_t dk_refcnt;
    Py_ssize_t size;             /* slots in dk_indices (1 << dk_log2_size) */
    int log2_size;               /* dk_log2_size (computed from dk_size on 3.9/3.10) */
    int log2_index_bytes;        /* dk_log2_index_bytes (computed on 3.9/3.10) */
    int index_width;             /* bytes per index as dictkeys_get_index reads them */
    int kind;                    /* PYI_DICT_* */
    int has_dk_kind;             /* 3.11+: kind read from dk_kind */
    int unicode_entries;         /* entries are PyDictUnicodeEntry (16 B, no stored hash) */
    int64_t dk_version;          /* 3.11+ dk_version, -1 before */
    const void *lookup;          /* 3.9/3.10 dk_lookup, NULL after */
    Py_ssize_t usable;           /* dk_usable */
    Py_ssize_t nentries;         /* dk_nentries */
    Py_ssize_t entries_capacity; /* USABLE_FRACTION(size): entry slots allocated */
    const char *indices;         /* dk_indices */
    const char *entries;         /* the first entry */
    Py_ssize_t entry_size;       /* 24 (PyDictKeyEntry) or 16 (PyDictUnicodeEntry) */
    int empty_keys;              /* ma_keys is the interpreter's shared Py_EMPTY_KEYS */
    int empty_values;            /* 3.9/3.10: ma_values is the static empty_values */
    int immortal_keys;           /* 3.12+: dk_refcnt marks the keys immortal */
    /* PyDictValues (3.11+) */
    int values_capacity;         /* 3.13+: capacity, else -1 */
    int values_size;             /* 3.13+: size; 3.11/3.12: the used-size byte values[-2]; else -1 */
    int values_embedded;         /* 3.13+: embedded, else -1 */
    int values_valid;            /* 3.13+: valid, else -1 */
    const uint8_t *order;        /* 3.11+: insertion order of a split table's values */
    Py_ssize_t norder;           /* order bytes that may be read */
    int order_backwards;         /* 3.11/3.12: order[i] is at order[-i] */
} pyi_dict_t;

/* The i-th value index of a split table in insertion order. */
static inline int
pyi_dict_order_at(const pyi_dict_t *d, Py_ssize_t i)
{
    return d->order_backwards ? d->order[-i] : d->order[i];
}

typedef struct {
    Py_hash_t hash;              /* me_hash, or the key's cached str hash */
    int has_hash;                /* 0: a deleted unicode entry (no key, no hash) */
    PyObject *key;               /* NULL: deleted */
    PyObject *value;             /* NULL: deleted, or absent from this split table */
} pyi_dict_entry_t;

/* Locate the tables of a dict.  Returns 0, or -1 with *why set to a static
 * message when the stored fields are inconsistent (nothing is raised here). */
int pyi_dict_locate(PyObject *dict, pyi_dict_t *out, const char **why);

/* The attribute table of an instance without a materialized __dict__
 * (3.11+: ht_cached_keys + the pre-header / inline values).  Returns 1 when
 * filled, 0 when the object keeps no such table, -1 (why set) when broken. */
int pyi_instance_dict_locate(PyObject *obj, pyi_dict_t *out, const char **why);

/* The same, also when a __dict__ was made that still keeps its values in
 * the object (3.13+: the dict's values are the object's inline values, and
 * both the object and the dict report them to the collector). */
int pyi_instance_values_locate(PyObject *obj, pyi_dict_t *out, const char **why);

/* 3.15+: PyFrozenDictObject.ma_hash of a frozendict; -1 before 3.15. */
Py_hash_t pyi_frozendict_hash(PyObject *op);

/* dk_indices[i] as dictkeys_get_index reads it (signed, width by log2 size) */
static inline Py_ssize_t
pyi_dict_index(const pyi_dict_t *d, Py_ssize_t i)
{
    switch (d->index_width) {
    case 1: return ((const int8_t *)d->indices)[i];
    case 2: return ((const int16_t *)d->indices)[i];
    case 4: return ((const int32_t *)d->indices)[i];
    default: return (Py_ssize_t)((const int64_t *)d->indices)[i];
    }
}

/* Entry ix (0 <= ix < nentries) of the dense array, with its value taken
 * from the values array for split tables. */
void pyi_dict_entry(const pyi_dict_t *d, Py_ssize_t ix, pyi_dict_entry_t *e);

/* The stored hash of a str key (PyASCIIObject.hash), -1 when not computed. */
Py_hash_t pyi_str_cached_hash(PyObject *key);

/* The size dict.__sizeof__ reports for this table, computed from the fields
 * read through this build's struct definitions (the 3.9/3.10 mirror check). */
Py_ssize_t pyi_dict_expected_sizeof(PyObject *dict, const pyi_dict_t *d);

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

/* Slot `i` (0 <= i < nslots) of a frame: its name (borrowed str from the
 * code object), its PYI_SLOT_* kind, and its value (a NEW reference, taken
 * before anything else can run; NULL when unbound).  A cell or free
 * variable's value is the cell's contents.  Reads only: nothing is
 * materialized (no f_locals dict, no FrameLocalsProxy), no object is
 * created.  Returns 0, or -1 for an index out of range (no exception set,
 * *value untouched). */
int pyi_frame_slot(PyObject *frame, Py_ssize_t i, PyObject **name, int *kind, PyObject **value);

/* The same slot of a running frame (a _PyInterpreterFrame on 3.11+, a
 * PyFrameObject before) as stored: for cell and free variables the cell
 * itself, not its contents.  *value is a NEW reference (NULL when unbound
 * or a 3.14 tagged int); *owns says whether the slot owns a reference
 * (3.14's borrowed and deferred stack references do not).  Returns 0, or
 * -1 for an index out of range (nothing set). */
int pyi_iframe_slot(const void *iframe, Py_ssize_t i, PyObject **name, int *kind, PyObject **value, int *owns);

/* Whether a code object's file lies under `own_prefix` (pyinspect's own). */
int pyi_code_is_own(PyObject *code, PyObject *own_prefix);

/* ---- the running frames of every thread (internal_alive.c) -------------- */

/* References a running frame holds besides its fast-local slots. */
#define PYI_TFRAME_HELD 4

/* One running Python frame, innermost first.  Every pointer is borrowed:
 * the callback copies what it keeps (taking references) before anything
 * can run. */
typedef struct {
    const void *iframe;          /* for pyi_iframe_slot: _PyInterpreterFrame* (3.11+) or PyFrameObject* */
    PyObject *code;              /* the frame's code object */
    PyObject *frame_obj;         /* its PyFrameObject when one exists (always before 3.11), else NULL */
    PyObject *generator;         /* 3.11+: the generator/coroutine that owns the frame, else NULL */
    PyObject *locals;            /* f_locals of a non-optimized frame (module, class body, exec), else NULL */
    PyObject *globals;           /* f_globals (to tell a module-level frame's locals from a namespace) */
    PyObject *held[PYI_TFRAME_HELD]; /* other strong references the frame owns (code, function,
                                  * f_locals; 3.9/3.10 also f_globals and f_builtins), NULL-padded */
    Py_ssize_t nslots;           /* fast-local slots */
    int lineno;                  /* the line it is running */
    unsigned long thread_id;     /* PyThreadState.thread_id (threading.get_ident()) */
    int current_thread;          /* the thread calling pyinspect */
} pyi_tframe_t;

/* Call fn(frame, arg) for every complete Python frame of every thread of
 * this interpreter (free-threaded builds: the calling thread only, since
 * other threads run on while they are read), innermost first; a nonzero
 * return stops.  Reads only; creates nothing.  The GIL keeps other
 * threads' frames still. */
int pyi_thread_frames(int (*fn)(const pyi_tframe_t *frame, void *arg), void *arg);

/* What a frame object holds, for naming a reference from it (borrowed).
 * pyi_frame_object_iframe: the slots (for pyi_iframe_slot) when the frame
 * object owns them (a finished frame kept by a traceback; always before
 * 3.11), else NULL.  pyi_iframe_nslots: how many slots it has. */
const void *pyi_frame_object_iframe(PyObject *frame);
Py_ssize_t pyi_iframe_nslots(const void *iframe);
PyObject *pyi_frame_object_back(PyObject *frame);
PyObject *pyi_frame_object_trace(PyObject *frame);
PyObject *pyi_frame_object_locals(PyObject *frame);

/* Free-threaded builds: whether `op` uses deferred reference counting
 * (then its count carries a bias and stack references do not count).
 * Always 0 on GIL builds. */
int pyi_refcnt_deferred(PyObject *op);

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
