/* size.h: the bytes an object's own allocation and owned buffers take,
 * computed from its struct (never by calling __sizeof__).
 *
 * Which formula applies is decided the way sys.getsizeof decides it: by the
 * type that defines the `__sizeof__` found on the object's type (looked up in
 * the MRO as _PyType_Lookup does, but comparing keys by their text: a dict
 * lookup would run the __eq__ of a non-str key of the same hash).  Each
 * builtin __sizeof__ is mirrored here from its CPython source, per version,
 * and numpy.ndarray's from numpy's (when the program has imported numpy:
 * buffers.h); a __sizeof__ pyinspect does not mirror (a Python override,
 * Decimal, io.BufferedReader, ...) is reported as such (`mirrored == 0`)
 * and the struct-family formula is used instead.
 */
#ifndef PYI_SIZE_H
#define PYI_SIZE_H

#include "compat.h"

/* Whose __sizeof__ an object's type uses (the formula mirrored). */
typedef enum {
    PYI_SZ_OBJECT = 0,  /* object.__sizeof__: tp_basicsize + tp_itemsize * ob_size */
    PYI_SZ_INT,         /* int.__sizeof__ (also bool and int subclasses) */
    PYI_SZ_STR,         /* str.__sizeof__: data, UTF-8 cache, 3.9-3.11 wstr */
    PYI_SZ_BYTEARRAY,   /* bytearray.__sizeof__: ob_alloc (3.15: a bytes object) */
    PYI_SZ_LIST,        /* list.__sizeof__: allocated item slots */
    PYI_SZ_DICT,        /* dict.__sizeof__ (3.15: also frozendict): keys table, split values */
    PYI_SZ_SET,         /* set/frozenset.__sizeof__: the table unless it is the smalltable */
    PYI_SZ_TYPE,        /* type.__sizeof__: PyTypeObject / PyHeapTypeObject + cached keys */
    PYI_SZ_CODE,        /* code.__sizeof__: co_extra (3.9/3.10: cell2arg, opcache) */
    PYI_SZ_FRAME,       /* frame.__sizeof__: the frame with its locals and stack */
    PYI_SZ_GEN,         /* 3.11+ generator/coroutine/async generator __sizeof__ */
    PYI_SZ_ODICT,       /* OrderedDict.__sizeof__: dict + od_fast_nodes + nodes */
    PYI_SZ_DEQUE,       /* collections.deque.__sizeof__: its 64-slot blocks */
    PYI_SZ_ARRAY,       /* array.array.__sizeof__: allocated * itemsize */
    PYI_SZ_BYTESIO,     /* io.BytesIO.__sizeof__: its unshared bytes buffer */
    PYI_SZ_NDARRAY,     /* numpy.ndarray.__sizeof__: struct, shape and strides, owned data */
    PYI_SZ_NKINDS
} pyi_sizeof_kind_t;

typedef struct {
    Py_ssize_t gc_head;     /* PyGC_Head physically in front (0 if none / free-threaded) */
    Py_ssize_t preheader;   /* managed dict/weakref pointers in front (3.11+), excluding the GC head */
    Py_ssize_t object;      /* the struct itself with its inline items */
    Py_ssize_t buffers;     /* separately allocated buffers it owns (list items, str utf8 cache, ...) */
    Py_ssize_t sys_extra;   /* what sys.getsizeof adds to __sizeof__: the GC head (3.9/3.10,
                             * when the object is GC) or _PyType_PreHeaderSize(type) (3.11+,
                             * which also counts a GC head for static types, that have none) */
    Py_ssize_t slack;       /* bytes of item capacity not holding an item: list spare slots,
                             * dict entry/value slots unused or deleted, set slots empty or
                             * dummy, bytearray spare bytes */
    int kind;               /* pyi_sizeof_kind_t of the formula used */
    int mirrored;           /* 1: the type's own __sizeof__ is the formula mirrored here */
} pyi_size_t;

/* Fill `out`; returns 0, or -1 with an exception set. */
int pyi_flat_size(PyObject *op, pyi_size_t *out);

/* Which __sizeof__ a type uses: sets *kind and *mirrored, and *owner (a NEW
 * reference, may be NULL) to the type whose dict defines it.  Runs no Python
 * code and allocates no GC object.  Returns 0, or -1 with an exception set. */
int pyi_sizeof_kind(PyTypeObject *tp, int *kind, int *mirrored, PyTypeObject **owner);

/* dict[name] for the exact str key whose text is the ASCII `name`, found by
 * scanning the entries (inside the dict's critical section) and comparing
 * exact str keys by their code units: no __eq__/__hash__ runs, nothing is
 * allocated.  A new reference, or NULL when absent (never raises). */
PyObject *pyi_dict_find_str(PyObject *dict, const char *name);

/* pyi_flat_size with the kind already known (the walk caches it per type).
 * `mirrored` is copied into out->mirrored. */
int pyi_flat_size_kind(PyObject *op, int kind, int mirrored, pyi_size_t *out);

/* pyi_flat_size_kind for a caller that already holds op's critical section
 * (a reader taking the sizes in the same moment as the fields it reports):
 * the list, bytearray, dict and set formulas then take no lock of their own,
 * which on 3.13t would suspend the caller's (no recursive fast path before
 * 3.14).  Allocates nothing. */
int pyi_flat_size_locked(PyObject *op, int kind, int mirrored, pyi_size_t *out);

/* Family hooks called by pyi_flat_size (they fill object/buffers/slack). */
int pyi_dict_flat_size(PyObject *op, pyi_size_t *out);  /* internal_dict_size.c */
/* the same, for a caller already inside the dict's critical section */
void pyi_dict_flat_size_locked(PyObject *op, pyi_size_t *out);
int pyi_set_flat_size(PyObject *op, pyi_size_t *out);   /* set_size.c */
void pyi_set_flat_size_locked(PyObject *op, pyi_size_t *out);

/* ---- internal_dict_size.c (Py_BUILD_CORE; creates no objects) ------------ */

/* _PyDict_KeysSize: bytes of a keys object (header, indices, entries). */
Py_ssize_t pyi_dict_keys_size(PyDictKeysObject *keys);

/* Visit the keys a dict holds that dict's own tp_traverse does not visit:
 * the keys of a combined table whose keys are all str (DICT_KEYS_UNICODE,
 * or 3.9/3.10 tables not looked up by the general `lookdict`), which the
 * collector skips because str cannot form cycles.  Split tables' keys belong
 * to the type's shared keys and are not visited.  The caller holds the
 * dict's critical section.  Returns what `visit` returned, or 0. */
int pyi_dict_visit_untraversed_keys(PyObject *op, visitproc visit, void *arg);

/* How many keys pyi_dict_visit_untraversed_keys would visit (the live
 * entries of a combined str-only table), without visiting them. */
Py_ssize_t pyi_dict_untraversed_key_count(PyObject *op);

/* 3.9/3.10: remember dk_lookup of a dict with a non-str key (`lookdict`, the
 * only lookup whose tables dict_traverse walks keys of).  No-op on 3.11+. */
void pyi_dict_note_general_lookup(PyObject *dict_with_int_key);

/* Note the general lookup once, from a dict made for it (size.c); a no-op
 * where the tables have no dk_lookup (3.11+).  0, or -1 with MemoryError. */
int pyi_dict_learn_general_lookup(void);

/* ---- internal_size.c (Py_BUILD_CORE; creates no objects) ----------------- */

/* These fill out->object and out->buffers for their kind. */
void pyi_type_flat_size(PyObject *op, pyi_size_t *out);   /* type.__sizeof__ */
void pyi_code_flat_size(PyObject *op, pyi_size_t *out);   /* code.__sizeof__ */
void pyi_frame_flat_size(PyObject *op, pyi_size_t *out);  /* frame.__sizeof__ */
/* gen/coro/async gen __sizeof__ (3.11+ embeds the frame's slots) */
void pyi_generator_flat_size(PyObject *op, pyi_size_t *out);

/* What sys.getsizeof reports (for builtins): __sizeof__ + its header addition. */
#define PYI_GETSIZEOF(s) ((s).object + (s).buffers + (s).sys_extra)

/* out->object + out->buffers + out->preheader: what sys.getsizeof reports
 * for builtins, minus the GC head. */
#define PYI_ALLOCATED(s) ((s).object + (s).buffers + (s).preheader)

#endif /* PYI_SIZE_H */
