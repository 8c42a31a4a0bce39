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

#endif /* PYI_COMPAT_H */
