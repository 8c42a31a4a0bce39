/* walk.c: deep and retained sizes by walking the references tp_traverse reports.
 *
 * The walk follows the references the collector sees: tp_traverse of every
 * GC object (as gc.get_referents does; an untracked tuple or dict still has
 * one).  Objects without tp_traverse have no referents.  On request
 * (W_DICT_KEYS) it also follows the keys of dicts whose str-only tables
 * dict_traverse skips (str cannot form cycles, so the collector need not see
 * them, but the dict owns them); otherwise it counts how many it left.
 *
 * It is iterative: an explicit stack of objects still to visit and an
 * open-addressing hash set of the addresses already found, so depth costs
 * heap memory, never C stack.  An object is classified (counted, or left out
 * as a type, module or immortal object) when it is taken off the stack, so a
 * reference only costs a probe of the set.
 *
 * Lifetimes.  The stack and the set hold borrowed pointers.  That is safe
 * while no Python code runs and the GIL is never released: tp_traverse, the
 * size formulas and the __sizeof__ lookup run none (the lookup compares
 * class-dict keys by their text, never with __eq__), and nothing is
 * allocated from the GC heap until the report is built.  Before anything
 * that can run Python code (the progress callback, a signal handler for
 * Ctrl-C) the walk takes a strong reference to every object found so far
 * and to every object found after, and drops them all when it ends; so a
 * callback may do anything, including emptying the containers being walked,
 * rebasing their classes and collecting.  What else outlives a callback is
 * strong too: each row's type and the type defining its __sizeof__, the
 * root and the callback.  The report is built from counters and rows only,
 * and everything is released after it is built (a release may be the last
 * reference, and run a __del__).  Free-threaded builds hold from the
 * start: other threads run all the time.  There each object is read inside
 * its critical section, and its referents are incref'd before the section
 * ends (the container's own references keep them alive until then).
 * Without a stop-the-world pause (not available to extensions) the result
 * is not an atomic snapshot: objects mutated by other threads during the
 * walk are seen as they were when read.
 *
 * Retained size: an object is kept alive from outside the walk when its
 * reference count (minus the references the walk holds) exceeds the number
 * of references to it found inside the walk; everything such an object
 * reaches without passing through the root is kept too.  What remains is
 * what freeing the root would free (the root always counts: its retained set
 * is computed as if every reference to it were dropped, as heap analysers
 * define it).  One pass over the set, then one walk from the kept objects:
 * no iteration to a fixed point is needed.  This is exact for reference
 * counts as the program holds them, with two approximations: references held
 * by objects the walk does not follow (a type's dict holding a function, a
 * range holding its ints) count as outside references, which only makes
 * retained smaller; and on free-threaded builds deferred and biased
 * reference counts make the counts of functions, code objects and objects
 * shared between threads approximate.
 */
#include "readers.h"
#include "internal.h"
#include "size.h"
#include "checked.h"
#include "walk_buffers.h"
#include "heap.h"

#include <stddef.h>
#include <time.h>
#if defined(__linux__)
#  include <sys/mman.h>
#endif

#if defined(__GNUC__) || defined(__clang__)
#  define PYI_PREFETCH(p, rw) __builtin_prefetch((p), (rw))
#else
#  define PYI_PREFETCH(p, rw) ((void)(p))
#endif

/* ---- flags of the walk, from Python ------------------------------------------- */

#define W_TYPES 0x01      /* count type objects (and follow their references) */
#define W_MODULES 0x02    /* count modules */
#define W_IMMORTAL 0x04   /* count immortal objects (3.12+) */
#define W_DICT_KEYS 0x08  /* add the dict keys dict_traverse skips */
#define W_RETAINED 0x10   /* compute the retained size */

/* ---- the visited set --------------------------------------------------------------- */

/* A slot is the object's address with two flags in its low bits (objects
 * are at least 8-byte aligned); 0 marks an empty slot.  The reference
 * counts found inside the walk live in a parallel array, only when the
 * retained size is asked for. */
#define S_SKIP ((uintptr_t)1)  /* found but left out: not counted, not followed */
#define S_KEPT ((uintptr_t)2)  /* retained phase: alive through something outside */
#define S_ADDR(k) ((k) & ~(uintptr_t)7)

typedef struct {
    uintptr_t *keys;
    uint32_t *inrefs;     /* NULL unless retained; saturating at UINT32_MAX */
    size_t mask;          /* capacity - 1 (a power of two) */
    int shift;            /* 64 - log2(capacity) */
    size_t used;
} aset_t;

/* ---- per type rows ----------------------------------------------------------------- */

enum { SKIP_NONE = 0, SKIP_TYPE, SKIP_MODULE, SKIP_IMMORTAL, SKIP_N };

typedef struct {
    PyTypeObject *tp;     /* strong reference while the walk runs */
    Py_ssize_t count, bytes, slack;
    Py_ssize_t kept_count, kept_bytes;
    int kind, mirrored;
    int skip;             /* SKIP_TYPE / SKIP_MODULE for instances of it, else 0 */
    int bufkind;          /* pyi_bufkind_t: owner or view of a data buffer */
    PyTypeObject *owner;  /* the type defining its __sizeof__ (strong; may be NULL): a
                           * callback may rebase tp away from it and free it */
} row_t;

#define WALK_BATCH 32
#define ROW_CACHE 16
#define ROW_SLOT(tp) ((((uintptr_t)(tp)) >> 6) & (ROW_CACHE - 1))

typedef struct {
    int flags;
    int hold;             /* the walk holds a reference to everything in the set */
    PyObject *root;       /* strong: the caller's may be borrowed (3.14 stack refs) */
    PyObject *progress;   /* strong, or NULL: a callback may drop the caller's */
    const pyi_buftypes_t *bt;  /* numpy, mmap, torch types, as registered when the walk began */
    pyi_bufs_t bufs;      /* the data buffers met, one record per owner */
    size_t bufs_mem;      /* bufs.mem already in `mem` */
    aset_t set;
    PyObject **stack;
    size_t top, stack_cap;
    row_t *rows;
    size_t nrows, rows_cap;
    uint32_t *rowmap;     /* open addressing on the type address: row index + 1 */
    size_t rowmap_mask;
    /* a small direct-mapped cache in front of rowmap: walks alternate
     * between a few types (dict, str, float, ...) */
    PyTypeObject *cache_tp[ROW_CACHE];
    uint32_t cache_row[ROW_CACHE];
    /* accounting */
    Py_ssize_t count, bytes, edges;
    Py_ssize_t keys_not_followed;  /* str keys of dicts that dict_traverse skips */
    Py_ssize_t skip_count[SKIP_N], skip_bytes[SKIP_N];
    size_t mem, peak_mem;
    int error;            /* an exception is set; unwind */
    /* references reported by one tp_traverse call, batched so that the
     * probes of the set for all of them are prefetched together */
    size_t nbuf;
    PyObject *buf[WALK_BATCH];
} walk_t;

static void
mem_add(walk_t *w, size_t n)
{
    w->mem += n;
    if (w->mem > w->peak_mem) {
        w->peak_mem = w->mem;
    }
}

/* Large zeroed blocks: mmap'd with transparent huge pages where Linux offers
 * them (random probes into a table of tens of MB otherwise miss the TLB and
 * fault in one 4 KiB page at a time); PyMem_RawCalloc elsewhere. */
#define BIG_BLOCK ((size_t)4 << 20)

static void *
big_calloc(size_t n)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (n >= BIG_BLOCK) {
        void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) {
            return NULL;
        }
        (void)madvise(p, n, MADV_HUGEPAGE);
        return p;
    }
#endif
    return PyMem_RawCalloc(1, n);
}

static void
big_free(void *p, size_t n)
{
    if (p == NULL) {
        return;
    }
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (n >= BIG_BLOCK) {
        munmap(p, n);
        return;
    }
#endif
    (void)n;
    PyMem_RawFree(p);
}

static inline size_t
hash_addr(uintptr_t key, int shift)
{
    /* Fibonacci hashing of the address without its alignment bits */
    return (size_t)(((uint64_t)(key >> 4) * UINT64_C(0x9E3779B97F4A7C15)) >> shift);
}

static void
aset_free(walk_t *w, aset_t *s)
{
    size_t cap = s->mask + 1;
    if (s->keys != NULL) {
        big_free(s->keys, cap * sizeof(uintptr_t));
        w->mem -= cap * sizeof(uintptr_t);
    }
    if (s->inrefs != NULL) {
        big_free(s->inrefs, cap * sizeof(uint32_t));
        w->mem -= cap * sizeof(uint32_t);
    }
    s->keys = NULL;
    s->inrefs = NULL;
}

static int
aset_init(walk_t *w, aset_t *s, int log2, int with_refs)
{
    size_t cap = (size_t)1 << log2;
    memset(s, 0, sizeof(*s));
    s->mask = cap - 1;
    s->shift = 64 - log2;
    s->keys = (uintptr_t *)big_calloc(cap * sizeof(uintptr_t));
    if (s->keys == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    mem_add(w, cap * sizeof(uintptr_t));
    if (with_refs) {
        s->inrefs = (uint32_t *)big_calloc(cap * sizeof(uint32_t));
        if (s->inrefs == NULL) {
            aset_free(w, s);
            PyErr_NoMemory();
            return -1;
        }
        mem_add(w, cap * sizeof(uint32_t));
    }
    return 0;
}

static int
aset_grow(walk_t *w, aset_t *s)
{
    aset_t bigger;
    int log2 = 64 - s->shift + 1;
    if (log2 > 40 || aset_init(w, &bigger, log2, s->inrefs != NULL) < 0) {
        if (!PyErr_Occurred()) {
            PyErr_NoMemory();
        }
        return -1;
    }
    for (size_t i = 0; i <= s->mask; i++) {
        uintptr_t k = s->keys[i];
        if (k == 0) {
            continue;
        }
        size_t j = hash_addr(S_ADDR(k), bigger.shift);
        while (bigger.keys[j] != 0) {
            j = (j + 1) & bigger.mask;
        }
        bigger.keys[j] = k;
        if (s->inrefs != NULL) {
            bigger.inrefs[j] = s->inrefs[i];
        }
    }
    bigger.used = s->used;
    aset_free(w, s);
    *s = bigger;
    return 0;
}

/* The index of `addr`, inserted when absent (*is_new says which); -1 with
 * an exception set when the table cannot grow. */
static inline Py_ssize_t
aset_insert(walk_t *w, uintptr_t addr, int *is_new)
{
    aset_t *s = &w->set;
    size_t i = hash_addr(addr, s->shift);
    for (;;) {
        uintptr_t k = s->keys[i];
        if (S_ADDR(k) == addr && k != 0) {
            *is_new = 0;
            return (Py_ssize_t)i;
        }
        if (k == 0) {
            break;
        }
        i = (i + 1) & s->mask;
    }
    /* keep the load under 0.8: linear probing stays within a cache line or
     * two, and a smaller table misses the caches less often */
    if ((s->used + 1) * 10 > (s->mask + 1) * 8) {
        if (aset_grow(w, s) < 0) {
            return -1;
        }
        i = hash_addr(addr, s->shift);
        while (s->keys[i] != 0) {
            i = (i + 1) & s->mask;
        }
    }
    s->keys[i] = addr;
    s->used++;
    *is_new = 1;
    return (Py_ssize_t)i;
}

static inline Py_ssize_t
aset_find(const aset_t *s, uintptr_t addr)
{
    size_t i = hash_addr(addr, s->shift);
    for (;;) {
        uintptr_t k = s->keys[i];
        if (k == 0) {
            return -1;
        }
        if (S_ADDR(k) == addr) {
            return (Py_ssize_t)i;
        }
        i = (i + 1) & s->mask;
    }
}

/* ---- the stack ------------------------------------------------------------------ */

/* Twice `cap` (or `first`), or 0 when an array of that many `size`-byte
 * items would not fit in a Py_ssize_t. */
static size_t
doubled(size_t cap, size_t first, size_t size)
{
    size_t n = cap ? cap * 2 : first;
    if (cap > (size_t)PY_SSIZE_T_MAX / 2 || n > (size_t)PY_SSIZE_T_MAX / size) {
        return 0;
    }
    return n;
}

static int
stack_grow(walk_t *w)
{
    size_t cap = doubled(w->stack_cap, 4096, sizeof(PyObject *));
    PyObject **bigger = cap ? (PyObject **)PyMem_RawRealloc(w->stack, cap * sizeof(PyObject *)) : NULL;
    if (bigger == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    w->stack = bigger;
    mem_add(w, (cap - w->stack_cap) * sizeof(PyObject *));
    w->stack_cap = cap;
    return 0;
}

static inline int
push(walk_t *w, PyObject *op)
{
    if (w->top == w->stack_cap && stack_grow(w) < 0) {
        return -1;
    }
    w->stack[w->top++] = op;
    return 0;
}

/* ---- rows ------------------------------------------------------------------------ */

static int
rowmap_rebuild(walk_t *w, size_t cap)
{
    uint32_t *map = (uint32_t *)PyMem_RawCalloc(cap, sizeof(uint32_t));
    if (map == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (size_t r = 0; r < w->nrows; r++) {
        size_t i = hash_addr((uintptr_t)w->rows[r].tp, 0) & (cap - 1);
        while (map[i] != 0) {
            i = (i + 1) & (cap - 1);
        }
        map[i] = (uint32_t)(r + 1);
    }
    if (w->rowmap != NULL) {
        w->mem -= (w->rowmap_mask + 1) * sizeof(uint32_t);
        PyMem_RawFree(w->rowmap);
    }
    w->rowmap = map;
    w->rowmap_mask = cap - 1;
    mem_add(w, cap * sizeof(uint32_t));
    return 0;
}

/* The row of type `tp`, created on first sight; NULL with an exception set
 * when it cannot be made. */
static row_t *
row_of(walk_t *w, PyTypeObject *tp)
{
    size_t c = ROW_SLOT(tp);
    if (w->cache_tp[c] == tp) {
        return &w->rows[w->cache_row[c]];
    }
    size_t i = hash_addr((uintptr_t)tp, 0) & w->rowmap_mask;
    for (;;) {
        uint32_t r = w->rowmap[i];
        if (r == 0) {
            break;
        }
        if (w->rows[r - 1].tp == tp) {
            w->cache_tp[c] = tp;
            w->cache_row[c] = r - 1;
            return &w->rows[r - 1];
        }
        i = (i + 1) & w->rowmap_mask;
    }
    if (w->nrows >= (size_t)UINT32_MAX - 1) {
        PyErr_SetString(PyExc_OverflowError, "too many distinct types for one walk");
        return NULL;
    }
    if (w->nrows == w->rows_cap) {
        size_t cap = doubled(w->rows_cap, 64, sizeof(row_t));
        row_t *bigger = cap ? (row_t *)PyMem_RawRealloc(w->rows, cap * sizeof(row_t)) : NULL;
        if (bigger == NULL) {
            PyErr_NoMemory();
            return NULL;
        }
        w->rows = bigger;
        mem_add(w, (cap - w->rows_cap) * sizeof(row_t));
        w->rows_cap = cap;
    }
    row_t *row = &w->rows[w->nrows];
    memset(row, 0, sizeof(*row));
    /* no code runs in it (a lookup comparing keys with __eq__ could free
     * what the stack and the set point to) */
    if (pyi_sizeof_kind(tp, &row->kind, &row->mirrored, &row->owner) < 0) {
        return NULL;
    }
    row->bufkind = pyi_buffer_kind(w->bt, tp, row->kind);
    if (PyType_FastSubclass(tp, Py_TPFLAGS_TYPE_SUBCLASS)) {
        row->skip = SKIP_TYPE;
    }
    else if (tp == &PyModule_Type || PyType_IsSubtype(tp, &PyModule_Type)) {
        row->skip = SKIP_MODULE;
    }
    /* held so that its kind stays true for the whole walk (a callback could
     * otherwise free a class and let another take its address) */
    Py_INCREF(tp);
    row->tp = tp;
    w->nrows++;
    if (w->nrows * 2 > w->rowmap_mask + 1) {
        /* nrows < UINT32_MAX: the map stays under 2**34 slots */
        if (rowmap_rebuild(w, (w->rowmap_mask + 1) * 2) < 0) {
            return NULL;
        }
    }
    else {
        size_t j = hash_addr((uintptr_t)tp, 0) & w->rowmap_mask;
        while (w->rowmap[j] != 0) {
            j = (j + 1) & w->rowmap_mask;
        }
        w->rowmap[j] = (uint32_t)w->nrows;
    }
    w->cache_tp[c] = tp;
    w->cache_row[c] = (uint32_t)(w->nrows - 1);
    return row;
}

static inline int
is_immortal(PyObject *op)
{
    return pyi_is_immortal(op);  /* PEP 683 (3.12) */
}

/* ---- data buffers -------------------------------------------------------------------- */

/* The buffer table's growth, in the walk's own memory figures. */
static void
bufs_mem_sync(walk_t *w)
{
    if (w->bufs.mem > w->bufs_mem) {
        mem_add(w, w->bufs.mem - w->bufs_mem);
    }
    else {
        w->mem -= w->bufs_mem - w->bufs.mem;
    }
    w->bufs_mem = w->bufs.mem;
}

/* The record becomes the owner's own range; a tensor is held so that
 * Python can read its storage after the walk. */
static void
set_known(walk_t *w, pyi_bufrec_t *rec, const pyi_bufrange_t *r, PyObject *owner)
{
    rec->lo = r->lo;
    rec->hi = r->hi;
    rec->nbytes = r->nbytes;
    rec->device = (uint8_t)r->device;
    rec->in_flat = (uint8_t)r->in_flat;
    rec->known = 1;
    if (r->device == PYI_DEV_TENSOR && rec->held == NULL) {
        rec->held = Py_NewRef(owner);
        w->bufs.held++;
    }
}

/* Note op's data buffer: as its owner, or as one more view of the buffer at
 * the end of its chain of views (buffers.h).  `flat_buffers` is the buffers
 * part of op's flat size, `oprow` the index of its row.  No Python code
 * runs: the chain is read field by field while op (which holds it) is
 * alive, and a record keeps an address, a row index (the row holds the
 * type) and, for a tensor, a strong reference. */
static int
note_buffer(walk_t *w, PyObject *op, int bufkind, Py_ssize_t flat_buffers, uint32_t oprow)
{
    pyi_bufrange_t r, hint;
    pyi_bufrec_t *rec;
    int is_new;
    if (pyi_buffer_own(w->bt, op, bufkind, flat_buffers, &r)) {
        rec = pyi_bufs_get(&w->bufs, (uintptr_t)op, oprow, &is_new);
        bufs_mem_sync(w);
        if (rec == NULL) {
            return -1;
        }
        set_known(w, rec, &r, op);
        rec->counted = 1;
        return 0;
    }
    PyObject *end = pyi_buffer_follow(w->bt, op, bufkind, &hint);
    if (end == NULL) {
        return 0;
    }
    row_t *erow = row_of(w, Py_TYPE(end));
    if (erow == NULL) {
        return -1;
    }
    int ekind = erow->bufkind, kind = erow->kind, mirrored = erow->mirrored;
    rec = pyi_bufs_get(&w->bufs, (uintptr_t)end, (uint32_t)(erow - w->rows), &is_new);
    bufs_mem_sync(w);
    if (rec == NULL) {
        return -1;
    }
    if (!rec->known) {
        Py_ssize_t owned = 0;
        if (ekind == PYI_BK_NDARRAY || ekind == PYI_BK_BYTEARRAY || ekind == PYI_BK_ARRAY) {
            pyi_size_t sz;
            if (pyi_flat_size_kind(end, kind, mirrored, &sz) < 0) {
                return -1;
            }
            owned = sz.buffers;
        }
        if (end != op && pyi_buffer_own(w->bt, end, ekind, owned, &r)) {
            set_known(w, rec, &r, end);
        }
        else if (hint.hi > hint.lo) {
            /* what the views show of an owner pyinspect cannot read: the
             * union of their ranges */
            if (rec->hi <= rec->lo) {
                rec->lo = hint.lo;
                rec->hi = hint.hi;
                rec->device = (uint8_t)hint.device;
            }
            else {
                rec->lo = hint.lo < rec->lo ? hint.lo : rec->lo;
                rec->hi = hint.hi > rec->hi ? hint.hi : rec->hi;
                if (hint.device == PYI_DEV_CPU) {
                    rec->device = PYI_DEV_CPU;  /* its exporter handed it out */
                }
            }
            rec->nbytes = (Py_ssize_t)(rec->hi - rec->lo);
            rec->in_flat = (uint8_t)pyi_buffer_inline(end, rec->lo, rec->hi);
            if (rec->in_flat) {
                rec->device = PYI_DEV_CPU;  /* inside the owner's struct (bytes' ob_sval) */
            }
        }
        else if (is_new) {
            rec->device = PYI_DEV_EXTERNAL;
        }
    }
    /* (a numpy array on foreign memory ends its own chain: the record of
     * that memory is under its address, and it is its one view) */
    rec->views++;
    return 0;
}

/* ---- holding what was found -------------------------------------------------------- */

/* Take a strong reference to everything in the set (before Python code can
 * run); from now on every object found is incref'd as it is found. */
static void
hold_all(walk_t *w)
{
    if (w->hold) {
        return;
    }
    for (size_t i = 0; i <= w->set.mask; i++) {
        uintptr_t k = w->set.keys[i];
        if (k != 0) {
            Py_INCREF((PyObject *)S_ADDR(k));
        }
    }
    w->hold = 1;
}

/* ---- phase 1: find and count ------------------------------------------------------ */

/* Take in one reference found inside the walk. */
static inline int
discover(walk_t *w, PyObject *op)
{
    int is_new;
    if (pyi_is_dead(op)) {
        return 0;  /* on a free list: nobody holds it, and a reference taken would free it twice */
    }
    w->edges++;
    Py_ssize_t i = aset_insert(w, (uintptr_t)op, &is_new);
    if (i < 0) {
        return -1;
    }
    if (w->set.inrefs != NULL && w->set.inrefs[i] != UINT32_MAX) {
        w->set.inrefs[i]++;
    }
    if (is_new) {
        if (w->hold) {
            /* inside the container's critical section: its reference keeps
             * op alive until ours is taken */
            Py_INCREF(op);
        }
        if (push(w, op) < 0) {
            return -1;
        }
    }
    return 0;
}

static int
flush(walk_t *w)
{
    size_t n = w->nbuf;
    w->nbuf = 0;
    for (size_t j = 0; j < n; j++) {
        if (discover(w, w->buf[j]) < 0) {
            w->error = 1;
            return -1;
        }
    }
    return 0;
}

/* The visitproc of phase 1: batch the reference, prefetching its slot (the
 * probes of a large set are cache misses; batched, they overlap). */
static int
visit_discover(PyObject *op, void *arg)
{
    walk_t *w = (walk_t *)arg;
    if (op == NULL || ((uintptr_t)op & 7) != 0) {
        /* the set keeps flags in the low address bits: an object not 8-byte
         * aligned (none that CPython allocates) is left out, not misread */
        return 0;
    }
    PYI_PREFETCH(&w->set.keys[hash_addr((uintptr_t)op, w->set.shift)], 1);
    w->buf[w->nbuf++] = op;
    if (w->nbuf == WALK_BATCH) {
        return flush(w);
    }
    return 0;
}

/* The references of op, through `visit`: what tp_traverse reports, and for
 * a numpy array (whose type has no tp_traverse) its base and, for an object
 * array owning its data, its items. */
static int
follow(walk_t *w, PyObject *op, int bufkind, visitproc visit)
{
    traverseproc traverse = Py_TYPE(op)->tp_traverse;
    int rc = 0;
    /* as gc.get_referents: only GC objects (a static type is not one) */
    int gc = traverse != NULL && PyObject_IS_GC(op);
    if (!gc && bufkind != PYI_BK_NDARRAY) {
        return 0;
    }
    Py_BEGIN_CRITICAL_SECTION(op);
    if (gc) {
        rc = traverse(op, visit, w);
    }
    if (rc == 0 && bufkind == PYI_BK_NDARRAY) {
        rc = pyi_ndarray_visit(w->bt, op, visit, w);
    }
    if (rc == 0 && gc && PYI_ANYDICT_CHECK(op)) {
        if (w->flags & W_DICT_KEYS) {
            rc = pyi_dict_visit_untraversed_keys(op, visit, w);
        }
        else if (visit == visit_discover) {
            w->keys_not_followed += pyi_dict_untraversed_key_count(op);
        }
    }
    /* the batch is taken in (and, when holding, incref'd) before the
     * section ends */
    if (rc == 0 && w->nbuf) {
        rc = flush(w);
    }
    w->nbuf = 0;
    Py_END_CRITICAL_SECTION();
    return rc;
}

/* Why `op` (not the root) is left out, or SKIP_NONE. */
static inline int
skip_reason(walk_t *w, PyObject *op, const row_t *row)
{
    if (row->skip == SKIP_TYPE && !(w->flags & W_TYPES)) {
        return SKIP_TYPE;
    }
    if (row->skip == SKIP_MODULE && !(w->flags & W_MODULES)) {
        return SKIP_MODULE;
    }
    if (!(w->flags & W_IMMORTAL) && is_immortal(op)) {
        return SKIP_IMMORTAL;
    }
    return SKIP_NONE;
}

enum { STOP_COMPLETE = 0, STOP_OBJECTS, STOP_BYTES };

/* The progress callback: it may do anything, so everything the walk keeps
 * across it is a strong reference (the set after hold_all, the rows' types,
 * the root and the callback itself); nothing borrowed is used after it. */
static int
call_progress(walk_t *w)
{
    PyObject *res = PyObject_CallFunction(w->progress, "nn", w->count, w->bytes);
    if (res == NULL) {
        return -1;
    }
    Py_DECREF(res);
    /* a signal that arrived during the callback (Ctrl-C) is handled now, not
     * only once a long walk turns interruptible: the walk holds what it
     * found while Python code runs, so stopping here is safe */
    return PyErr_CheckSignals();
}

/* Processor time (ANSI C, everywhere): the walk is CPU-bound, so it tracks
 * its wall time closely enough to decide when to become interruptible. */
static double
now(void)
{
    return (double)clock() / (double)CLOCKS_PER_SEC;
}

/* A walk longer than this becomes interruptible (Ctrl-C): it then holds
 * what it found, so that signal handlers may run. */
#define INTERRUPTIBLE_AFTER 0.2

/* *acc += b, saturating at PY_SSIZE_T_MAX: sizes of real objects cannot
 * get there, but a sum must not wrap into a negative that passes a limit */
static inline void
sum_into(Py_ssize_t *acc, Py_ssize_t b)
{
    if (pyi_add_overflow(*acc, b, acc)) {
        *acc = PY_SSIZE_T_MAX;
    }
}

/* The count at which the next progress call is due (every >= 1). */
static inline Py_ssize_t
next_due(Py_ssize_t count, Py_ssize_t every)
{
    Py_ssize_t due;
    return pyi_add_overflow(count, every, &due) ? PY_SSIZE_T_MAX : due;
}

static int
walk_count(walk_t *w, Py_ssize_t max_objects, Py_ssize_t max_bytes, Py_ssize_t every, int *stop)
{
    double start = now();
    Py_ssize_t next_progress = next_due(0, every);
    *stop = STOP_COMPLETE;
    while (w->top > 0) {
        if (max_objects >= 0 && w->count >= max_objects) {
            *stop = STOP_OBJECTS;
            break;
        }
        if (max_bytes >= 0 && w->bytes >= max_bytes) {
            *stop = STOP_BYTES;
            break;
        }
        PyObject *op = w->stack[--w->top];
        if (w->top > 0) {
            PYI_PREFETCH(w->stack[w->top - 1], 0);
        }
        row_t *row = row_of(w, Py_TYPE(op));
        if (row == NULL) {
            return -1;
        }
        pyi_size_t sz;
        if (pyi_flat_size_kind(op, row->kind, row->mirrored, &sz) < 0) {
            return -1;
        }
        Py_ssize_t b = PYI_GETSIZEOF(sz);
        int skip = op == w->root ? SKIP_NONE : skip_reason(w, op, row);
        if (skip != SKIP_NONE) {
            /* left out: counted apart, not followed */
            Py_ssize_t i = aset_find(&w->set, (uintptr_t)op);
            if (i >= 0) {
                w->set.keys[i] |= S_SKIP;
            }
            w->skip_count[skip]++;
            sum_into(&w->skip_bytes[skip], b);
            continue;
        }
        row->count++;
        sum_into(&row->bytes, b);
        sum_into(&row->slack, sz.slack);
        w->count++;
        sum_into(&w->bytes, b);
        int bufkind = row->bufkind;  /* note_buffer may move the rows */
        if (bufkind != PYI_BK_NONE && note_buffer(w, op, bufkind, sz.buffers, (uint32_t)(row - w->rows)) < 0) {
            return -1;
        }
        if (follow(w, op, bufkind, visit_discover) != 0 || w->error) {
            if (!PyErr_Occurred()) {
                PyErr_SetString(PyExc_RuntimeError, "a tp_traverse function failed during the walk");
            }
            return -1;
        }
        if ((w->count & 0xFFFF) == 0) {
            if (!w->hold && now() - start > INTERRUPTIBLE_AFTER) {
                hold_all(w);
            }
            if (w->hold && PyErr_CheckSignals() < 0) {
                return -1;  /* KeyboardInterrupt: everything found is released */
            }
        }
        if (w->progress != NULL && w->count >= next_progress) {
            next_progress = next_due(w->count, every);
            hold_all(w);
            if (call_progress(w) < 0) {
                return -1;
            }
        }
    }
    return 0;
}

/* ---- phase 2: what stays alive without the root ----------------------------------- */

static int
visit_keep(PyObject *op, void *arg)
{
    walk_t *w = (walk_t *)arg;
    if (op == NULL || op == w->root) {
        return 0;  /* the root is the object assumed gone */
    }
    Py_ssize_t i = aset_find(&w->set, (uintptr_t)op);
    if (i < 0 || (w->set.keys[i] & (S_SKIP | S_KEPT))) {
        return 0;
    }
    w->set.keys[i] |= S_KEPT;
    if (push(w, op) < 0) {
        w->error = 1;
        return -1;
    }
    return 0;
}

/* References to `op` that the walk itself holds. */
static Py_ssize_t
own_refs(walk_t *w, PyObject *op)
{
    Py_ssize_t n = w->hold ? 1 : 0;
    if (op == w->progress) {
        n++;
    }
    if (w->bufs.held) {
        /* a tensor whose storage Python reads after the walk */
        const pyi_bufrec_t *rec = pyi_bufs_find(&w->bufs, (uintptr_t)op);
        n += rec != NULL && rec->held == op;
    }
    if (PyType_Check(op)) {
        /* a row holds its type and the type defining its __sizeof__ */
        for (size_t r = 0; r < w->nrows; r++) {
            n += (PyObject *)w->rows[r].tp == op;
            n += (PyObject *)w->rows[r].owner == op;
        }
    }
    return n;
}

static int
walk_retained(walk_t *w)
{
    aset_t *s = &w->set;
    w->top = 0;
    for (size_t i = 0; i <= s->mask; i++) {
        uintptr_t k = s->keys[i];
        if (k == 0 || (k & (S_SKIP | S_KEPT))) {
            continue;
        }
        PyObject *op = (PyObject *)S_ADDR(k);
        if (op == w->root) {
            continue;
        }
        Py_ssize_t outside = Py_REFCNT(op) - own_refs(w, op) - (Py_ssize_t)s->inrefs[i];
        if (outside > 0 || s->inrefs[i] == UINT32_MAX) {
            s->keys[i] |= S_KEPT;
            if (push(w, op) < 0) {
                return -1;
            }
        }
    }
    while (w->top > 0) {
        PyObject *op = w->stack[--w->top];
        row_t *row = row_of(w, Py_TYPE(op));
        pyi_size_t sz;
        if (row == NULL || pyi_flat_size_kind(op, row->kind, row->mirrored, &sz) < 0) {
            return -1;
        }
        row->kept_count++;
        sum_into(&row->kept_bytes, PYI_GETSIZEOF(sz));
        if (follow(w, op, row->bufkind, visit_keep) != 0 || w->error) {
            if (!PyErr_Occurred()) {
                PyErr_SetString(PyExc_RuntimeError, "a tp_traverse function failed during the walk");
            }
            return -1;
        }
    }
    return 0;
}

/* ---- results ------------------------------------------------------------------------ */

static void
walk_release(walk_t *w)
{
    if (w->set.keys != NULL && w->hold) {
        for (size_t i = 0; i <= w->set.mask; i++) {
            uintptr_t k = w->set.keys[i];
            if (k != 0) {
                Py_DECREF((PyObject *)S_ADDR(k));
            }
        }
    }
    w->hold = 0;
    pyi_bufs_release(&w->bufs);
    pyi_bufs_free(&w->bufs);
    bufs_mem_sync(w);
    aset_free(w, &w->set);
    for (size_t r = 0; r < w->nrows; r++) {
        Py_CLEAR(w->rows[r].tp);
        Py_CLEAR(w->rows[r].owner);
    }
    PyMem_RawFree(w->rows);
    PyMem_RawFree(w->rowmap);
    PyMem_RawFree(w->stack);
    w->rows = NULL;
    w->nrows = w->rows_cap = 0;
    w->rowmap = NULL;
    w->stack = NULL;
    w->top = w->stack_cap = 0;
}

static PyObject *
rows_list(walk_t *w, int retained)
{
    PyObject *out = PyList_New(0);
    PyObject *row = NULL;
    if (out == NULL) {
        return NULL;
    }
    for (size_t r = 0; r < w->nrows; r++) {
        row_t *rw = &w->rows[r];
        if (rw->count == 0) {
            continue;
        }
        PyObject *name = pyi_type_label(rw->tp);
        PyObject *owner = pyi_type_label(rw->owner);
        if (name == NULL || owner == NULL) {
            Py_XDECREF(name);
            Py_XDECREF(owner);
            goto error;
        }
        row = Py_BuildValue("(NNnnnnnNi)", name, PyLong_FromVoidPtr(rw->tp), rw->count, rw->bytes,
                            rw->slack, retained ? rw->count - rw->kept_count : (Py_ssize_t)-1,
                            retained ? rw->bytes - rw->kept_bytes : (Py_ssize_t)-1, owner,
                            rw->mirrored);
        if (row == NULL || PyList_Append(out, row) < 0) {
            goto error;
        }
        Py_CLEAR(row);
    }
    return out;
error:
    Py_XDECREF(row);
    Py_DECREF(out);
    return NULL;
}

/* Records largest first (then by owner address), as the report lists them. */
typedef struct {
    Py_ssize_t nbytes;
    uintptr_t owner;
    size_t index;
} buf_order_t;

static int
buf_order_cmp(const void *a, const void *b)
{
    const buf_order_t *x = (const buf_order_t *)a, *y = (const buf_order_t *)b;
    if (x->nbytes != y->nbytes) {
        return x->nbytes > y->nbytes ? -1 : 1;
    }
    return x->owner < y->owner ? -1 : (x->owner > y->owner);
}

/* Whether a record's bytes are settled by the walk alone: inside a counted
 * object's flat size (its owner's own range), or a mapping.  Others (a
 * tensor, an exporter's buffer outside its struct, foreign memory) are
 * resolved and deduplicated by range in Python. */
static inline int
buf_settled(const pyi_bufrec_t *rec)
{
    return rec->known && (rec->in_flat || rec->device == PYI_DEV_MAPPED);
}

/* One tuple per data buffer, largest first: (owner address, owner type,
 * data address, nbytes, device, in_flat, views, owner counted, tensor or
 * None); the records hold no pointer that is read here but the held
 * tensors and the rows' types (held too).  A type's label is made once. */
static PyObject *
buffers_list(walk_t *w)
{
    PyObject *out = PyList_New(0);
    PyObject **labels = NULL;
    buf_order_t *order = NULL;
    if (out == NULL) {
        return NULL;
    }
    if (w->bufs.n == 0) {
        return out;
    }
    labels = (PyObject **)PyMem_Calloc(w->nrows ? w->nrows : 1, sizeof(PyObject *));
    order = (buf_order_t *)PyMem_Calloc(w->bufs.n, sizeof(buf_order_t));
    if (labels == NULL || order == NULL) {
        PyErr_NoMemory();
        goto error;
    }
    for (size_t i = 0; i < w->bufs.n; i++) {
        order[i].nbytes = w->bufs.recs[i].nbytes;
        order[i].owner = w->bufs.recs[i].owner;
        order[i].index = i;
    }
    qsort(order, w->bufs.n, sizeof(buf_order_t), buf_order_cmp);
    for (size_t i = 0; i < w->bufs.n; i++) {
        const pyi_bufrec_t *rec = &w->bufs.recs[order[i].index];
        if (labels[rec->row] == NULL && (labels[rec->row] = pyi_type_label(w->rows[rec->row].tp)) == NULL) {
            goto error;
        }
        PyObject *t = Py_BuildValue("(KOKniinNO)", (unsigned long long)rec->owner, labels[rec->row],
                                    (unsigned long long)rec->lo, rec->nbytes, (int)rec->device, (int)rec->in_flat,
                                    rec->views, PyBool_FromLong(rec->counted),
                                    rec->held != NULL ? rec->held : Py_None);
        if (t == NULL || PyList_Append(out, t) < 0) {
            Py_XDECREF(t);
            goto error;
        }
        Py_DECREF(t);
    }
    for (size_t r = 0; r < w->nrows; r++) {
        Py_XDECREF(labels[r]);
    }
    PyMem_Free(labels);
    PyMem_Free(order);
    return out;
error:
    if (labels != NULL) {
        for (size_t r = 0; r < w->nrows; r++) {
            Py_XDECREF(labels[r]);
        }
        PyMem_Free(labels);
    }
    PyMem_Free(order);
    Py_DECREF(out);
    return NULL;
}

/* Records whose bytes Python must still resolve (see buf_settled). */
static Py_ssize_t
buffers_unsettled(const walk_t *w)
{
    Py_ssize_t n = 0;
    for (size_t i = 0; i < w->bufs.n; i++) {
        n += !buf_settled(&w->bufs.recs[i]);
    }
    return n;
}

static const char *const stop_names[] = {"complete", "max_objects", "max_bytes"};
static const char *const skip_names[] = {"", "types", "modules", "immortal"};

static PyObject *
results(walk_t *w, int stop, int retained, Py_ssize_t root_inrefs, Py_ssize_t root_bytes)
{
    PyObject *d = PyDict_New();
    PyObject *skipped = NULL;
    PyObject *out = NULL;
    Py_ssize_t kept_count = 0, kept_bytes = 0;
    if (d == NULL) {
        goto cleanup;
    }
    for (size_t r = 0; r < w->nrows; r++) {
        kept_count += w->rows[r].kept_count;
        sum_into(&kept_bytes, w->rows[r].kept_bytes);
    }
    skipped = PyDict_New();
    if (skipped == NULL) {
        goto cleanup;
    }
    for (int k = SKIP_TYPE; k < SKIP_N; k++) {
        if (pyi_put(skipped, skip_names[k], Py_BuildValue("(nn)", w->skip_count[k], w->skip_bytes[k])) < 0) {
            goto cleanup;
        }
    }
    if (PYI_PUT_SSIZE(d, "count", w->count) < 0 ||
        PYI_PUT_SSIZE(d, "bytes", w->bytes) < 0 ||
        PYI_PUT_SSIZE(d, "flat", root_bytes) < 0 ||
        PYI_PUT_SSIZE(d, "edges", w->edges) < 0 ||
        PYI_PUT_SSIZE(d, "keys_not_followed", w->keys_not_followed) < 0 ||
        PYI_PUT_SSIZE(d, "root_inrefs", root_inrefs) < 0 ||
        PYI_PUT_ULL(d, "walk_bytes", w->peak_mem) < 0 ||
        pyi_put(d, "stop", PyUnicode_FromString(stop_names[stop])) < 0 ||
        pyi_put(d, "retained", retained ? PyLong_FromSsize_t(w->bytes - kept_bytes) : Py_NewRef(Py_None)) < 0 ||
        pyi_put(d, "retained_count", retained ? PyLong_FromSsize_t(w->count - kept_count) : Py_NewRef(Py_None)) < 0 ||
        pyi_put(d, "rows", rows_list(w, retained)) < 0 ||
        pyi_put(d, "buffers", buffers_list(w)) < 0 ||
        PYI_PUT_SSIZE(d, "buffers_unsettled", buffers_unsettled(w)) < 0 ||
        PyDict_SetItemString(d, "skipped", skipped) < 0) {
        goto cleanup;
    }
    out = d;
    d = NULL;
cleanup:
    Py_XDECREF(skipped);
    Py_XDECREF(d);
    return out;
}

/* A first size for the set from the root's item count (two objects per
 * item, at most 0.8 load), so that a list of a million records does not
 * rehash its way up from a small table.  Only a hint: starting smaller than
 * the final size and growing once measured faster than starting at it (the
 * first half of the walk probes a table that fits the caches better). */
static int
initial_log2(PyObject *root)
{
    Py_ssize_t n = 0;
    if (PyList_Check(root) || PyTuple_Check(root)) {
        n = Py_SIZE(root);
    }
    else if (PyDict_Check(root)) {
        n = 2 * ((PyDictObject *)root)->ma_used;
    }
    else if (PyAnySet_Check(root)) {
        n = ((PySetObject *)root)->used;
    }
    int log2 = 14;
    while (log2 < 22 && ((size_t)1 << log2) * 8 < (size_t)n * 2 * 10) {
        log2++;
    }
    return log2;
}

/* An exact int argument in [minimum, maximum] (None gives -1 when
 * none_ok), or -2 with an exception naming the parameter.  No __index__
 * runs: the public functions convert their options (pyinspect.arguments)
 * before calling walk(). */
static Py_ssize_t
arg_size(PyObject *o, const char *what, Py_ssize_t minimum, Py_ssize_t maximum, int none_ok)
{
    if (o == Py_None && none_ok) {
        return -1;
    }
    if (!PyLong_CheckExact(o)) {
        PyErr_Format(PyExc_TypeError, "%s must be an int%s, not %.100s", what, none_ok ? " or None" : "",
                     Py_TYPE(o)->tp_name);
        return -2;
    }
    int overflow = 0;
    long long v = PyLong_AsLongLongAndOverflow(o, &overflow);
    if (v == -1 && PyErr_Occurred()) {
        return -2;
    }
    if (overflow < 0 || (overflow == 0 && v < minimum)) {
        PyErr_Format(PyExc_ValueError, "%s must be at least %zd", what, minimum);
        return -2;
    }
    if (overflow > 0 || v > maximum) {
        PyErr_Format(PyExc_OverflowError, "%s must be at most %zd", what, maximum);
        return -2;
    }
    return (Py_ssize_t)v;
}

#define W_ALL_FLAGS (W_TYPES | W_MODULES | W_IMMORTAL | W_DICT_KEYS | W_RETAINED)

/* walk(obj, flags, max_objects, max_bytes, progress, every) -> dict
 *
 * obj is the first positional argument, passed down from the public entry
 * point that read its header first (ARCHITECTURE rule 5).  flags: the W_*
 * bits; max_objects, max_bytes: None or 0..PY_SSIZE_T_MAX; progress: None or
 * a callable(objects, bytes); every: objects between two progress calls,
 * 1..PY_SSIZE_T_MAX. */
static PyObject *
walk(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    walk_t w;
    PyObject *out = NULL;
    int stop = STOP_COMPLETE, is_new = 0, retained = 0;
    Py_ssize_t root_inrefs = 0, root_bytes = 0;

    memset(&w, 0, sizeof(w));
    if (pyi_check_nargs("walk", nargs, 6, 6) < 0) {
        return NULL;
    }
    PyObject *root = args[0];
    Py_ssize_t flags = arg_size(args[1], "flags", 0, W_ALL_FLAGS, 0);
    if (flags == -2) {
        return NULL;
    }
    if (flags & ~(Py_ssize_t)W_ALL_FLAGS) {
        PyErr_Format(PyExc_ValueError, "flags has unknown bits 0x%zx", flags & ~(Py_ssize_t)W_ALL_FLAGS);
        return NULL;
    }
    Py_ssize_t max_objects = arg_size(args[2], "max_objects", 0, PY_SSIZE_T_MAX, 1);
    if (max_objects == -2) {
        return NULL;
    }
    Py_ssize_t max_bytes = arg_size(args[3], "max_bytes", 0, PY_SSIZE_T_MAX, 1);
    if (max_bytes == -2) {
        return NULL;
    }
    PyObject *progress = args[4] == Py_None ? NULL : args[4];
    if (progress != NULL && !PyCallable_Check(progress)) {
        PyErr_Format(PyExc_TypeError, "progress must be callable or None, not %.100s", Py_TYPE(progress)->tp_name);
        return NULL;
    }
    Py_ssize_t every = arg_size(args[5], "every", 1, PY_SSIZE_T_MAX, 0);
    if (every == -2) {
        return NULL;
    }

    /* 3.9/3.10: learn which dk_lookup is the general `lookdict` (the tables
     * whose keys dict_traverse reports), before any snapshot */
    if (pyi_dict_learn_general_lookup() < 0) {
        return NULL;
    }

    if (((uintptr_t)root & 7) != 0) {
        PyErr_SetString(PyExc_ValueError, "walk() needs an 8-byte aligned object");
        return NULL;
    }
    w.flags = (int)flags;
    w.root = Py_NewRef(root);
    w.progress = Py_XNewRef(progress);
    w.bt = pyi_buftypes();
    /* free-threaded builds: other threads may drop references at any time */
    w.hold = PYI_FT;
    if (aset_init(&w, &w.set, initial_log2(root), (w.flags & W_RETAINED) != 0) < 0 || rowmap_rebuild(&w, 64) < 0) {
        goto cleanup;
    }
    if (aset_insert(&w, (uintptr_t)root, &is_new) < 0 || push(&w, root) < 0) {
        goto cleanup;
    }
    if (w.hold) {
        Py_INCREF(root);  /* the set's reference, dropped with the others */
    }
    {
        /* the root's own bytes, for the report */
        pyi_size_t sz;
        if (pyi_flat_size(root, &sz) < 0) {
            goto cleanup;
        }
        root_bytes = PYI_GETSIZEOF(sz);
    }
    if (walk_count(&w, max_objects, max_bytes, every, &stop) < 0) {
        goto cleanup;
    }
    if (w.set.inrefs != NULL) {
        Py_ssize_t i = aset_find(&w.set, (uintptr_t)root);
        root_inrefs = i >= 0 ? (Py_ssize_t)w.set.inrefs[i] : 0;
    }
    if ((w.flags & W_RETAINED) && stop == STOP_COMPLETE) {
        if (walk_retained(&w) < 0) {
            goto cleanup;
        }
        retained = 1;
    }
    /* built from the counters and the rows (whose types are held): the
     * set's addresses are not read again */
    out = results(&w, stop, retained, root_inrefs, root_bytes);
    walk_release(&w);
    /* the last progress report, once nothing is borrowed any more */
    if (out != NULL && w.progress != NULL && call_progress(&w) < 0) {
        Py_CLEAR(out);
    }
cleanup:
    walk_release(&w);
    /* last: these may be the last references, and dropping them may run code */
    Py_CLEAR(w.progress);
    Py_CLEAR(w.root);
    return out;
}

/* flat_size(obj) -> int: what sys.getsizeof(obj) reports for builtins */
static PyObject *
flat_size(PyObject *module, PyObject *obj)
{
    pyi_size_t sz;
    if (pyi_flat_size(obj, &sz) < 0) {
        return NULL;
    }
    return PyLong_FromSsize_t(PYI_GETSIZEOF(sz));
}

static const char *const kind_names[PYI_SZ_NKINDS] = {
    "object", "int", "str", "bytearray", "list", "dict", "set", "type", "code", "frame",
    "generator", "OrderedDict", "deque", "array", "BytesIO", "ndarray",
};

/* flat_info(obj) -> dict: the parts of the flat size and whose __sizeof__ */
static PyObject *
flat_info(PyObject *module, PyObject *obj)
{
    pyi_size_t sz;
    PyTypeObject *owner = NULL;  /* strong: the dict below is a GC allocation */
    int kind = 0, mirrored = 0;
    PyObject *d = NULL;
    PyObject *out = NULL;
    if (pyi_sizeof_kind(Py_TYPE(obj), &kind, &mirrored, &owner) < 0 ||
        pyi_flat_size_kind(obj, kind, mirrored, &sz) < 0) {
        goto cleanup;
    }
    d = PyDict_New();
    if (d == NULL) {
        goto cleanup;
    }
    if (PYI_PUT_SSIZE(d, "getsizeof", PYI_GETSIZEOF(sz)) < 0 ||
        PYI_PUT_SSIZE(d, "object", sz.object) < 0 ||
        PYI_PUT_SSIZE(d, "buffers", sz.buffers) < 0 ||
        PYI_PUT_SSIZE(d, "gc_head", sz.gc_head) < 0 ||
        PYI_PUT_SSIZE(d, "preheader", sz.preheader) < 0 ||
        PYI_PUT_SSIZE(d, "sys_extra", sz.sys_extra) < 0 ||
        PYI_PUT_SSIZE(d, "slack", sz.slack) < 0 ||
        pyi_put(d, "formula", PyUnicode_FromString(kind_names[kind])) < 0 ||
        PYI_PUT_BOOL(d, "mirrored", mirrored) < 0 ||
        pyi_put(d, "sizeof_owner", pyi_type_label(owner)) < 0) {
        goto cleanup;
    }
    out = d;
    d = NULL;
cleanup:
    Py_XDECREF(d);
    Py_XDECREF((PyObject *)owner);
    return out;
}

PyMethodDef pyi_walk_methods[] = {
    {"walk", (PyCFunction)(void (*)(void))walk, METH_FASTCALL,
     "walk(obj, flags, max_objects, max_bytes, progress, every) -> dict: deep and retained sizes."},
    {"flat_size", flat_size, METH_O,
     "flat_size(obj) -> int: what sys.getsizeof reports, computed from the struct."},
    {"flat_info", flat_info, METH_O,
     "flat_info(obj) -> dict: the parts of the flat size and the __sizeof__ they mirror."},
    {NULL, NULL, 0, NULL},
};
