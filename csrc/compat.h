/* compat.h: the one place that knows which CPython this build reads.
 *
 * Every version ladder lives in an accessor below, so the readers never test
 * PY_VERSION_HEX themselves.  Each guard cites the CPython change that moved
 * the field.  Only public headers are used here; private structs live behind
 * internal.h (translation units compiled with Py_BUILD_CORE).
 */
#ifndef PYI_COMPAT_H
#define PYI_COMPAT_H

#ifndef PY_SSIZE_T_CLEAN
#define PY_SSIZE_T_CLEAN
#endif
#include <Python.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* ---- supported interpreters ------------------------------------------ */

#if PY_VERSION_HEX < 0x03090000
#  error "pyinspect reads CPython 3.9 and newer; this interpreter is older"
#endif
#if PY_VERSION_HEX >= 0x03100000
#  error "pyinspect does not know the struct layouts of CPython 3.16+; add them to compat.h and the layouts dossier before building"
#endif
#if SIZEOF_VOID_P != 8
#  error "pyinspect reads 64-bit interpreters only (pointer = Py_ssize_t = 8 bytes)"
#endif

#define PYI_MINOR ((PY_VERSION_HEX >> 16) & 0xFF)
#define PYI_PY310 (PY_VERSION_HEX >= 0x030A0000)
#define PYI_PY311 (PY_VERSION_HEX >= 0x030B0000)
#define PYI_PY312 (PY_VERSION_HEX >= 0x030C0000)
#define PYI_PY313 (PY_VERSION_HEX >= 0x030D0000)
#define PYI_PY314 (PY_VERSION_HEX >= 0x030E0000)
#define PYI_PY315 (PY_VERSION_HEX >= 0x030F0000)

#ifdef Py_GIL_DISABLED
#  define PYI_FT 1
#  if !PYI_PY313
#    error "Py_GIL_DISABLED before 3.13 is not a CPython build pyinspect knows"
#  endif
#else
#  define PYI_FT 0
#endif

/* Version key used by the generated struct table: minor*10 + free-threaded. */
#define PYI_VKEY (PYI_MINOR * 10 + PYI_FT)

#ifdef Py_DEBUG
#  define PYI_DEBUG_BUILD 1
#else
#  define PYI_DEBUG_BUILD 0
#endif

/* 3.9 and 3.10 keep the int digits in longintrepr.h, which Python.h does not
 * include; 3.11 moved it to cpython/longintrepr.h and includes it. */
#if !PYI_PY311
#  include <longintrepr.h>
#endif
#if !PYI_PY311
#  include <frameobject.h>
#endif

/* ---- API backports ------------------------------------------------------- */
#if !PYI_PY310
/* bpo-42262 added Py_NewRef() to Python 3.10.0a3 */
static inline PyObject *pyi_newref(PyObject *o) { Py_INCREF(o); return o; }
#  define Py_NewRef(o) pyi_newref((PyObject *)(o))
static inline PyObject *pyi_xnewref(PyObject *o) { Py_XINCREF(o); return o; }
#  define Py_XNewRef(o) pyi_xnewref((PyObject *)(o))
#endif

/* ---- critical sections ------------------------------------------------ */
/* Free-threaded builds (3.13t+) let other threads resize lists, dicts and
 * sets while we read them; Py_BEGIN_CRITICAL_SECTION locks the object's
 * ob_mutex (PEP 703).  On GIL builds the macros are no-ops from 3.13, and
 * absent before, where we define them as no-ops. */
#ifndef Py_BEGIN_CRITICAL_SECTION
#  define Py_BEGIN_CRITICAL_SECTION(op) {
#  define Py_END_CRITICAL_SECTION() }
#endif

/* ---- object header ------------------------------------------------------ */

/* Raw reference-count words of the header, as stored. */
typedef struct {
    int64_t word;        /* GIL builds: the 8 bytes at offset 0 (ob_refcnt / ob_refcnt_full) */
    uint32_t low;        /* 3.14+: ob_refcnt (uint32); 3.12/3.13: ob_refcnt_split[0] */
    uint32_t high;       /* 3.12/3.13: ob_refcnt_split[1]; 3.14: ob_overflow | ob_flags << 16 */
    uint16_t overflow;   /* 3.14+: ob_overflow */
    uint16_t flags;      /* 3.14+: ob_flags (also 3.14t) */
    /* free-threaded fields (PEP 703) */
    uint64_t tid;        /* ob_tid */
    uint32_t ref_local;  /* ob_ref_local */
    int64_t ref_shared;  /* ob_ref_shared (count << 2 | flags) */
    uint8_t mutex;       /* ob_mutex */
    uint8_t gc_bits;     /* ob_gc_bits */
    Py_ssize_t refcnt;   /* the count Py_REFCNT would return */
    int immortal;
} pyi_refcnt_t;

/* memoryview.exports: gh-112063 (3.13): free-threaded builds count exports
 * atomically (get_exports() in Objects/memoryobject.c) */
static inline Py_ssize_t
pyi_memoryview_exports(const PyMemoryViewObject *mv)
{
#if PYI_FT
    return _Py_atomic_load_ssize_relaxed((Py_ssize_t *)&mv->exports);
#else
    return mv->exports;
#endif
}

static inline void
pyi_read_refcnt(PyObject *op, pyi_refcnt_t *out)
{
    memset(out, 0, sizeof(*out));
#if PYI_FT
    /* PEP 703 header (3.13t+): ob_tid, [ob_flags], ob_mutex, ob_gc_bits,
     * ob_ref_local, ob_ref_shared. */
    out->tid = (uint64_t)op->ob_tid;
    out->mutex = *(const uint8_t *)&op->ob_mutex;
    out->gc_bits = op->ob_gc_bits;
#  if PYI_PY314
    /* gh-128137 / gh-125174 (3.14t): _padding became ob_flags */
    out->flags = op->ob_flags;
#  endif
    out->ref_local = _Py_atomic_load_uint32_relaxed(&op->ob_ref_local);
    out->ref_shared = (int64_t)_Py_atomic_load_ssize_relaxed(&op->ob_ref_shared);
    out->immortal = (out->ref_local == UINT32_MAX);
    /* Py_REFCNT: ob_ref_local + (ob_ref_shared >> _Py_REF_SHARED_SHIFT) */
    out->refcnt = Py_REFCNT(op);
#else
    memcpy(&out->word, (const char *)op, 8);
    out->low = (uint32_t)((uint64_t)out->word & 0xFFFFFFFFu);
    out->high = (uint32_t)((uint64_t)out->word >> 32);
#  if PYI_PY314
    /* gh-125174 (3.14): {uint32 ob_refcnt; uint16 ob_overflow; uint16 ob_flags} */
    out->overflow = op->ob_overflow;
    out->flags = op->ob_flags;
    out->immortal = ((int32_t)op->ob_refcnt < 0);
    out->refcnt = (Py_ssize_t)op->ob_refcnt;
#  elif PYI_PY312
    /* PEP 683, gh-84436 (3.12): immortal <=> (int32_t)ob_refcnt < 0 */
    out->immortal = ((int32_t)out->low < 0);
    out->refcnt = op->ob_refcnt;
#  else
    out->immortal = 0;
    out->refcnt = op->ob_refcnt;
#  endif
#endif
}

/* The raw header words of pyi_refcnt_t under the names this build's PyObject
 * gives them, for read_header()'s refcnt_fields.  Returns how many of
 * out[0..6] were filled. */
typedef struct {
    const char *name;
    unsigned long long bits;  /* the value; reinterpreted when is_signed */
    int is_signed;
} pyi_header_word_t;

static inline int
pyi_refcnt_words(const pyi_refcnt_t *rc, pyi_header_word_t out[6])
{
    int n = 0;
#define PYI_WORD(nm, v, sg) (out[n].name = (nm), out[n].bits = (unsigned long long)(v), out[n].is_signed = (sg), n++)
#if PYI_FT
    /* PEP 703 (3.13t) */
    PYI_WORD("ob_tid", rc->tid, 0);
    PYI_WORD("ob_mutex", rc->mutex, 1);
    PYI_WORD("ob_gc_bits", rc->gc_bits, 1);
    PYI_WORD("ob_ref_local", rc->ref_local, 0);
    PYI_WORD("ob_ref_shared", rc->ref_shared, 1);
#  if PYI_PY314
    /* gh-128137 / gh-125174 (3.14t): ob_flags */
    PYI_WORD("ob_flags", rc->flags, 1);
#  endif
#elif PYI_PY314
    /* gh-125174 (3.14): {uint32 ob_refcnt; uint16 ob_overflow; uint16 ob_flags} */
    PYI_WORD("ob_refcnt_full", rc->word, 1);
    PYI_WORD("ob_refcnt", rc->low, 0);
    PYI_WORD("ob_overflow", rc->overflow, 1);
    PYI_WORD("ob_flags", rc->flags, 1);
#elif PYI_PY312
    /* PEP 683 (3.12): ob_refcnt shares its word with ob_refcnt_split[2] */
    PYI_WORD("ob_refcnt", rc->word, 1);
    PYI_WORD("ob_refcnt_split[0]", rc->low, 0);
    PYI_WORD("ob_refcnt_split[1]", rc->high, 0);
#else
    PYI_WORD("ob_refcnt", rc->word, 1);
#endif
#undef PYI_WORD
    return n;
}

/* The stored count as one Python value: (ob_ref_local, ob_ref_shared) on
 * free-threaded builds (PEP 703), else the 8-byte word.  New reference. */
static inline PyObject *
pyi_refcnt_raw(const pyi_refcnt_t *rc)
{
#if PYI_FT
    return Py_BuildValue("(KL)", (unsigned long long)rc->ref_local, (long long)rc->ref_shared);
#else
    return PyLong_FromLongLong((long long)rc->word);
#endif
}

/* Whether the object is immortal (PEP 683, 3.12: _Py_IsImmortal); never
 * before 3.12. */
static inline int
pyi_is_immortal(PyObject *op)
{
#if PYI_PY312
    return _Py_IsImmortal(op);
#else
    (void)op;
    return 0;
#endif
}

/* Whether the object is never freed: immortal (3.12+), or on 3.11 one of the
 * statically allocated objects (deep-frozen code constants, the _Py_ID
 * strings, small ints), which start at _PyObject_IMMORTAL_REFCNT = 999999999
 * (gh-90699, 3.11); no real count gets near it. */
static inline int
pyi_is_never_freed(PyObject *op)
{
#if PYI_PY312
    return _Py_IsImmortal(op);
#elif PYI_PY311
    return Py_REFCNT(op) >= 999999999 / 2;
#else
    (void)op;
    return 0;
#endif
}

/* Whether nothing but the caller's reference holds op: what BytesIO's
 * SHARED_BUF tests (3.9-3.13: Py_REFCNT(op) == 1; 3.14:
 * PyUnstable_Object_IsUniquelyReferenced, which is right on free-threaded
 * builds too, gh-133140). */
static inline int
pyi_is_uniquely_referenced(PyObject *op)
{
#if PYI_PY314
    return PyUnstable_Object_IsUniquelyReferenced(op);
#else
    return Py_REFCNT(op) <= 1;
#endif
}

/* What sys.getsizeof adds to o.__sizeof__(), given the GC head really in
 * front of op (0 when none) and _PyType_PreHeaderSize(Py_TYPE(op)). */
static inline Py_ssize_t
pyi_getsizeof_extra(PyObject *op, Py_ssize_t gc_head, Py_ssize_t preheader)
{
#if PYI_PY311
    /* bpo-45947 (3.11): sys.getsizeof adds _PyType_PreHeaderSize(Py_TYPE(o)),
     * a GC head even for static types, which have none ... */
#  if PYI_PY313
    /* ... until gh-112529 (3.13) left static types (exact PyType_Type
     * instances without Py_TPFLAGS_HEAPTYPE) out */
    if (Py_TYPE(op) == &PyType_Type && !(((PyTypeObject *)op)->tp_flags & Py_TPFLAGS_HEAPTYPE)) {
        return 0;
    }
#  endif
    (void)gc_head;
    return preheader;
#else
    /* 3.9/3.10: sys.getsizeof adds sizeof(PyGC_Head) if _PyObject_IS_GC(o) */
    (void)op;
    (void)preheader;
    return gc_head;
#endif
}

/* ---- int ---------------------------------------------------------------- */

/* Sign, digit count and the stored tag word of an int (or bool/subclass). */
static inline void
pyi_long_shape(PyObject *op, int *sign, Py_ssize_t *ndigits, int64_t *tag)
{
#if PYI_PY312
    /* GH-101291 (3.12): ob_size replaced by long_value.lv_tag =
     * ndigits << _PyLong_NON_SIZE_BITS | sign (0 positive, 1 zero, 2 negative);
     * 3.14 also sets bit 2 on the cached small ints (gh-127119). */
    uintptr_t t = ((PyLongObject *)op)->long_value.lv_tag;
    *tag = (int64_t)t;
    *ndigits = (Py_ssize_t)(t >> 3);
    switch (t & 3) {
    case 0: *sign = 1; break;
    case 1: *sign = 0; break;
    default: *sign = -1; break;
    }
#else
    /* 3.9-3.11: sign and length are ob_size = +/- ndigits */
    Py_ssize_t size = Py_SIZE(op);
    *tag = (int64_t)size;
    *ndigits = size < 0 ? -size : size;
    *sign = size < 0 ? -1 : (size > 0 ? 1 : 0);
#endif
}

static inline const digit *
pyi_long_digits(PyObject *op)
{
#if PYI_PY312
    return ((PyLongObject *)op)->long_value.ob_digit;
#else
    return ((PyLongObject *)op)->ob_digit;
#endif
}

/* Whether an int's header has ob_size: GH-101291 (3.12) replaced it by
 * long_value.lv_tag (pyi_long_shape's tag is then lv_tag, else ob_size). */
#define PYI_LONG_HAS_OB_SIZE (!PYI_PY312)

/* int.__sizeof__ without the buffers: the bytes of the object itself. */
static inline Py_ssize_t
pyi_long_object_size(PyObject *op)
{
    int sign;
    Py_ssize_t ndigits;
    int64_t tag;
    pyi_long_shape(op, &sign, &ndigits, &tag);
#if PYI_PY312
    /* GH-101291 (3.12): tp_basicsize + tp_itemsize * max(ndigits, 1), so an
     * int subclass's own slots count too */
    if (ndigits < 1) {
        ndigits = 1;
    }
    return Py_TYPE(op)->tp_basicsize + Py_TYPE(op)->tp_itemsize * ndigits;
#else
    Py_ssize_t base = (Py_ssize_t)((const char *)pyi_long_digits(op) - (const char *)op);
#  if PYI_PY311
    /* bpo-46361 (3.11): zero keeps one (zero) digit allocated (24 -> 28) */
    if (ndigits < 1) {
        ndigits = 1;
    }
#  endif
    /* offsetof(PyLongObject, ob_digit) + |ob_size| digits: a subclass's
     * extra slots are left out, as int.__sizeof__ leaves them out */
    return base + ndigits * (Py_ssize_t)sizeof(digit);
#endif
}

/* ---- str ---------------------------------------------------------------- */

typedef struct {
    unsigned int interned;
    unsigned int kind;
    unsigned int compact;
    unsigned int ascii;
    int ready;                 /* -1 where the bit does not exist (3.12+) */
    int statically_allocated;  /* -1 before 3.12 */
} pyi_ustate_t;

static inline void
pyi_unicode_state(PyObject *op, pyi_ustate_t *st)
{
    PyASCIIObject *a = (PyASCIIObject *)op;
    /* Read through the compiled bitfields: their positions move between
     * versions (3.14t makes `interned` a whole byte, gh-128137) and the
     * padding bits hold garbage, so never mask the raw word by hand. */
    st->interned = a->state.interned;
    st->kind = a->state.kind;
    st->compact = a->state.compact;
    st->ascii = a->state.ascii;
#if PYI_PY312
    /* PEP 623 / gh-92536 (3.12): `ready` and wstr removed, statically_allocated added */
    st->ready = -1;
    st->statically_allocated = a->state.statically_allocated;
#else
    st->ready = a->state.ready;
    st->statically_allocated = -1;
#endif
}

/* Where the code units are stored, or NULL for a not-ready legacy string. */
static inline const void *
pyi_unicode_data(PyObject *op, const pyi_ustate_t *st)
{
    if (st->compact) {
        if (st->ascii) {
            return (const void *)(((PyASCIIObject *)op) + 1);
        }
        return (const void *)(((PyCompactUnicodeObject *)op) + 1);
    }
    return ((PyUnicodeObject *)op)->data.any;
}

/* The bitfields of PyASCIIObject.state this build has, as X(name): PEP 623 /
 * gh-92536 (3.12) replaced `ready` by `statically_allocated`; gh-128137
 * (3.14t) made `interned` a whole byte (listed with the fields, not here). */
#if PYI_FT && PYI_PY314
#  define PYI_USTATE_INTERNED_BITS(X)
#else
#  define PYI_USTATE_INTERNED_BITS(X) X(interned)
#endif
#if PYI_PY312
#  define PYI_USTATE_READY_BITS(X) X(statically_allocated)
#else
#  define PYI_USTATE_READY_BITS(X) X(ready)
#endif
#define PYI_USTATE_BITFIELDS(X) \
    PYI_USTATE_INTERNED_BITS(X) X(kind) X(compact) X(ascii) PYI_USTATE_READY_BITS(X)

/* Whether a str's canonical data is there without building it: 3.9-3.11's
 * legacy strings may not be ready (PEP 393); every str is from 3.12 (PEP 623). */
static inline int
pyi_unicode_is_ready(PyObject *op)
{
#if PYI_PY312
    (void)op;
    return 1;
#else
    return PyUnicode_IS_READY(op);
#endif
}

/* PyUnicode_READY where it exists (3.9-3.11): builds a legacy string's
 * canonical data.  0, or -1 with an exception set. */
static inline int
pyi_unicode_ready(PyObject *op)
{
#if PYI_PY312
    (void)op;
    return 0;
#else
    return PyUnicode_READY(op);
#endif
}

/* The optional wchar_t copy 3.9-3.11 keep (wstr, wstr_length; removed by
 * PEP 623 in 3.12).  Returns 0 where the field does not exist, else 1 with
 * *wstr (may be NULL) and *wlen filled; `length` is the str's length. */
static inline int
pyi_unicode_wstr(PyObject *op, const pyi_ustate_t *st, Py_ssize_t length,
                 const wchar_t **wstr, Py_ssize_t *wlen)
{
#if PYI_PY312
    (void)op;
    (void)st;
    (void)length;
    *wstr = NULL;
    *wlen = 0;
    return 0;
#else
#  if defined(__GNUC__)
#    pragma GCC diagnostic push
#    pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#  endif
    *wstr = ((PyASCIIObject *)op)->wstr;
    *wlen = (st->compact && st->ascii) ? length : ((PyCompactUnicodeObject *)op)->wstr_length;
#  if defined(__GNUC__)
#    pragma GCC diagnostic pop
#  endif
    return 1;
#endif
}

/* ---- tuple -------------------------------------------------------------- */

#if PYI_PY314
/* gh-131525 (3.14): tuples cache their hash in ob_hash (-1 = not computed) */
#  define PYI_TUPLE_HAS_HASH 1
static inline Py_hash_t pyi_tuple_hash(PyObject *op) { return ((PyTupleObject *)op)->ob_hash; }
#else
#  define PYI_TUPLE_HAS_HASH 0
static inline Py_hash_t pyi_tuple_hash(PyObject *op) { (void)op; return -1; }
#endif

/* ---- bytes -------------------------------------------------------------- */

static inline Py_hash_t
pyi_bytes_hash(PyObject *op)
{
    /* ob_shash: deprecated in 3.11 (gh-91020) but still stored through 3.15 */
#if defined(__GNUC__)
#  pragma GCC diagnostic push
#  pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#endif
    return ((PyBytesObject *)op)->ob_shash;
#if defined(__GNUC__)
#  pragma GCC diagnostic pop
#endif
}

/* ---- dict ----------------------------------------------------------------- */

#if PYI_PY315
/* 3.15 adds frozendict: the PyDictObject prefix plus ma_hash, and not a dict
 * subclass (Py_TPFLAGS_DICT_SUBCLASS unset), so test for either */
#  define PYI_ANYDICT_CHECK(op) PyAnyDict_Check(op)
#  define PYI_FROZENDICT_CHECK(op) PyFrozenDict_Check(op)
#else
#  define PYI_ANYDICT_CHECK(op) PyDict_Check(op)
#  define PYI_FROZENDICT_CHECK(op) 0
#endif

/* &PyFrozenDict_Type (3.15), or NULL where frozendict does not exist. */
static inline PyTypeObject *
pyi_frozendict_type(void)
{
#if PYI_PY315
    return &PyFrozenDict_Type;
#else
    return NULL;
#endif
}

/* PyDict_GetItemRef (gh-106004, 3.13): 1 with a new reference in *result, 0
 * with NULL when absent, -1 with an exception. */
static inline int
pyi_dict_getitem_ref(PyObject *dict, PyObject *key, PyObject **result)
{
#if PYI_PY313
    return PyDict_GetItemRef(dict, key, result);
#else
    PyObject *v = PyDict_GetItemWithError(dict, key);
    *result = Py_XNewRef(v);
    return v != NULL ? 1 : (PyErr_Occurred() ? -1 : 0);
#endif
}

/* 3.9/3.10's PyDictKeysObject is private to dictobject.c: pyinspect reads a
 * mirror of it (csrc/cpython/dictkeys_39.h), checked against
 * dict.__sizeof__ before the first read.  3.11 moved it to
 * Include/internal/pycore_dict.h. */
#define PYI_DICT_KEYS_MIRRORED (!PYI_PY311)

/* 3.9/3.10's keys tables carry their lookup function (dk_lookup); 3.11
 * replaced it by dk_kind (bpo-46845, 3.11). */
#define PYI_DICT_HAS_DK_LOOKUP (!PYI_PY311)

/* ---- bytearray ---------------------------------------------------------- */

/* Bytes of the separately allocated buffer a bytearray owns. */
static inline Py_ssize_t
pyi_bytearray_buffer_size(PyObject *op)
{
    Py_ssize_t alloc = ((PyByteArrayObject *)op)->ob_alloc;
#if PYI_PY315
    /* gh-139871 (3.15): the buffer is a bytes object, ob_bytes_object, so it
     * carries a PyBytesObject header (bytearray.__sizeof__ counts it) */
    return alloc > 0 ? (Py_ssize_t)offsetof(PyBytesObject, ob_sval) + 1 + alloc : 0;
#else
    return alloc;
#endif
}

static inline PyObject *
pyi_bytearray_bytes_object(PyObject *op)
{
#if PYI_PY315
    return ((PyByteArrayObject *)op)->ob_bytes_object;
#else
    (void)op;
    return NULL;
#endif
}

/* ---- functions, code objects (PyFunctionObject, PyCodeObject) ------------ */

/* PyFunctionObject fields that exist only on some versions; NULL / -1 where
 * the field is absent. */
static inline PyObject *
pyi_func_builtins(PyFunctionObject *f)
{
#if PYI_PY310
    /* bpo-42990 (3.10): COMMON_FIELDS(func_) added func_builtins */
    return f->func_builtins;
#else
    (void)f;
    return NULL;
#endif
}

static inline PyObject *
pyi_func_typeparams(PyFunctionObject *f)
{
#if PYI_PY312
    /* PEP 695 (3.12): func_typeparams, the tuple of type parameters */
    return f->func_typeparams;
#else
    (void)f;
    return NULL;
#endif
}

static inline PyObject *
pyi_func_annotate(PyFunctionObject *f)
{
#if PYI_PY314
    /* PEP 649 / PEP 749 (3.14): func_annotate, the lazy __annotate__ callable */
    return f->func_annotate;
#else
    (void)f;
    return NULL;
#endif
}

static inline long long
pyi_func_version(PyFunctionObject *f)
{
#if PYI_PY311
    /* bpo-44990 / PEP 659 (3.11): func_version for the specializer */
    return (long long)f->func_version;
#else
    (void)f;
    return -1;
#endif
}

/* The fields of a PyCodeObject, as one version-independent record.
 * 3.11 rewrote the struct (bpo-44530 co_qualname, bpo-43693 localsplus):
 * co_varnames/co_cellvars/co_freevars became co_localsplusnames plus the
 * co_localspluskinds bytes, and the bytecode moved inline into
 * co_code_adaptive (co_code became a property that makes a copy). */
typedef struct {
    int argcount, posonlyargcount, kwonlyargcount, nlocals, stacksize, flags, firstlineno;
    int nlocalsplus;        /* 3.11+, else -1 */
    int framesize;          /* 3.12+, else -1 */
    int ncellvars, nfreevars; /* 3.11+ stored; before: the tuple sizes */
    int version;            /* co_version 3.12+, else -1 */
    PyObject *consts, *names, *filename, *name, *qualname /* 3.11+ */;
    PyObject *varnames, *cellvars, *freevars;       /* 3.9/3.10 tuples, else NULL */
    PyObject *localsplusnames, *localspluskinds;    /* 3.11+, else NULL */
    PyObject *linetable;    /* co_linetable (3.10+) / co_lnotab (3.9) */
    PyObject *exceptiontable; /* 3.11+, else NULL */
    PyObject *code_bytes;   /* co_code bytes object (3.9/3.10), else NULL */
    const void *code_units; /* first code unit */
    Py_ssize_t code_nbytes; /* size of the bytecode in bytes */
    const void *weakreflist;
    const void *extra;
} pyi_code_t;

static inline void
pyi_code_read(PyCodeObject *co, pyi_code_t *c)
{
    memset(c, 0, sizeof(*c));
    c->argcount = co->co_argcount;
    c->posonlyargcount = co->co_posonlyargcount;
    c->kwonlyargcount = co->co_kwonlyargcount;
    c->nlocals = co->co_nlocals;
    c->stacksize = co->co_stacksize;
    c->flags = co->co_flags;
    c->firstlineno = co->co_firstlineno;
    c->consts = co->co_consts;
    c->names = co->co_names;
    c->filename = co->co_filename;
    c->name = co->co_name;
    c->weakreflist = co->co_weakreflist;
    c->extra = co->co_extra;
#if PYI_PY311
    c->nlocalsplus = co->co_nlocalsplus;
    c->ncellvars = co->co_ncellvars;
    c->nfreevars = co->co_nfreevars;
    c->qualname = co->co_qualname;
    c->localsplusnames = co->co_localsplusnames;
    c->localspluskinds = co->co_localspluskinds;
    c->linetable = co->co_linetable;
    c->exceptiontable = co->co_exceptiontable;
    /* the bytecode is inline: Py_SIZE(co) code units of 2 bytes each
     * (_PyCode_NBYTES; _Py_CODEUNIT is a uint16 opcode/oparg pair) */
    c->code_units = (const void *)co->co_code_adaptive;
    c->code_nbytes = Py_SIZE(co) * 2;
#  if PYI_PY312
    c->framesize = co->co_framesize;
    c->version = (int)co->co_version;
#  else
    c->framesize = -1;
    c->version = -1;
#  endif
#else
    c->nlocalsplus = -1;
    c->framesize = -1;
    c->version = -1;
    c->varnames = co->co_varnames;
    c->cellvars = co->co_cellvars;
    c->freevars = co->co_freevars;
    c->ncellvars = (c->cellvars != NULL && PyTuple_Check(c->cellvars)) ? (int)PyTuple_GET_SIZE(c->cellvars) : 0;
    c->nfreevars = (c->freevars != NULL && PyTuple_Check(c->freevars)) ? (int)PyTuple_GET_SIZE(c->freevars) : 0;
#  if PYI_PY310
    c->linetable = co->co_linetable;  /* bpo-43914 (3.10): PEP 626 line table */
#  else
    c->linetable = co->co_lnotab;
#  endif
    c->code_bytes = co->co_code;
    if (co->co_code != NULL && PyBytes_Check(co->co_code)) {
        c->code_units = (const void *)PyBytes_AS_STRING(co->co_code);
        c->code_nbytes = PyBytes_GET_SIZE(co->co_code);
    }
#endif
}

/* ---- types (PyTypeObject, PyHeapTypeObject) ------------------------------ */

/* The dict a type's attributes live in.  3.12 keeps it out of the type for
 * static builtin types (gh-94673: per-interpreter state, tp_dict NULL);
 * PyType_GetDict (3.12+) returns it.  New reference, or NULL. */
static inline PyObject *
pyi_type_dict(PyTypeObject *tp)
{
#if PYI_PY312
    return PyType_GetDict(tp);
#else
    return tp->tp_dict != NULL ? Py_NewRef(tp->tp_dict) : NULL;
#endif
}

/* Heap-type fields that exist only on some versions. */
static inline PyObject *
pyi_heaptype_module(PyTypeObject *tp)
{
    /* bpo-38787 / PEP 573 (3.9): ht_module */
    return (tp->tp_flags & Py_TPFLAGS_HEAPTYPE) ? ((PyHeapTypeObject *)tp)->ht_module : NULL;
}

/* ---- generators ---------------------------------------------------------- */

/* 3.11 (bpo-44032, gh-90997) embeds the generator's frame (gi_iframe) and
 * gives generators their own __sizeof__; 3.9/3.10 point at a separate
 * PyFrameObject (gi_frame) and use object.__sizeof__. */
#define PYI_GEN_FRAME_EMBEDDED PYI_PY311

/* ---- exceptions ----------------------------------------------------------- */

static inline PyObject *
pyi_exception_notes(PyBaseExceptionObject *e)
{
#if PYI_PY311
    /* PEP 678 (3.11): __notes__ */
    return e->notes;
#else
    (void)e;
    return NULL;
#endif
}

/* ---- type slots ------------------------------------------------------------ */

/* Slots that exist only on some versions, as X(name) for read_type.c's table. */
#if PYI_PY315
/* 3.15: _tp_iteritem (private, no dunder) */
#  define PYI_TP_SLOTS_SINCE_315(X) X(_tp_iteritem)
#else
#  define PYI_TP_SLOTS_SINCE_315(X)
#endif
#if PYI_PY310
/* bpo-41756 (3.10): am_send */
#  define PYI_AM_SLOTS_SINCE_310(X) X(am_send)
#else
#  define PYI_AM_SLOTS_SINCE_310(X)
#endif

/* ---- weak references -------------------------------------------------------- */

/* The words of a weak reference, copied before anything is allocated, and the
 * referent's tp_name (name[0] stays 0 when it is not read). */
static inline void
pyi_weakref_words(PyWeakReference *wr, PyObject **referent, PyObject **callback,
                  Py_hash_t *hash, char *name, size_t name_size)
{
#if PYI_FT
    /* gh-111926 (3.13): free-threaded builds clear wr_object (to Py_None)
     * under the referent's striped weakref lock; an atomic load sees either
     * the object or Py_None.  The referent's type is not read there: nothing
     * keeps the referent alive between the load and the read. */
    *referent = (PyObject *)_Py_atomic_load_ptr(&wr->wr_object);
    *callback = (PyObject *)_Py_atomic_load_ptr(&wr->wr_callback);
    *hash = _Py_atomic_load_ssize_relaxed(&wr->hash);
    (void)name;
    (void)name_size;
#else
    /* with the GIL held and no code run since, a referent that is not
     * Py_None is alive: its type and name can be read */
    *referent = wr->wr_object;
    *callback = wr->wr_callback;
    *hash = wr->hash;
    if (*referent != NULL && *referent != Py_None) {
        const char *tp_name = Py_TYPE(*referent)->tp_name;
        if (tp_name != NULL) {
            strncpy(name, tp_name, name_size - 1);
        }
    }
#endif
}

#endif /* PYI_COMPAT_H */
