/* heap.h: the collector's objects as one array, and an address map, for
 * the whole-heap questions (why_alive.c, census.c).
 *
 * The objects come from gc.get_objects(): a list holding a strong reference
 * to every object the collector tracks (CPython offers no other public way
 * to enumerate them; on free-threaded builds it stops the world while it
 * collects them).  Holding that list keeps every tracked object alive, so
 * the passes over it may read any of them; the list's own references are
 * pyinspect's and are subtracted wherever reference counts are compared
 * (ARCHITECTURE rule 5).  The list itself is not in it (gc_get_objects
 * skips the result list).
 */
#ifndef PYI_HEAP_H
#define PYI_HEAP_H

#include "compat.h"

/* ---- dead objects that tp_traverse still reports -------------------------------- */

/* An object whose reference count is 0 is dead: it sits on a type's free list
 * waiting for reuse (its memory stays allocated, so reading the count is
 * safe).  Some tp_traverse functions report such objects: _asyncio's
 * module_traverse visits its FutureIter free list (3.12, where the free list
 * moved into the module state).  A visit that took a reference to one, and
 * dropped it, would deallocate it a second time and put it on the free list
 * twice (CPython then hands one object out twice, or PyObject_GC_Track
 * aborts); counting one would report memory nobody holds.  Every visitproc
 * that keeps, counts or follows what it is given skips them. */
static inline int
pyi_is_dead(PyObject *op)
{
    return Py_REFCNT(op) == 0;
}

/* ---- gc.get_objects() ---------------------------------------------------------- */

typedef struct {
    PyObject *list;       /* strong: the list gc.get_objects() returned */
    PyObject **items;     /* its ob_item (the list is never resized: only pyinspect has it) */
    Py_ssize_t n;
    Py_ssize_t frozen;    /* gc.get_freeze_count(): tracked objects the list leaves out */
} pyi_heap_t;

#define PYI_HEAP_INIT {NULL, NULL, 0, 0}

/* Fill `h` (may run Python code: the call allocates, and before 3.12 the
 * collector may run inside it; do it before any snapshot).  Only the
 * builtin gc.get_objects / gc.get_freeze_count are called: a replacement
 * put into the gc module is refused (TypeError).  0, or -1 with an
 * exception set. */
int pyi_heap_take(pyi_heap_t *h);

/* Drop the list (may run code: after the result is built). */
void pyi_heap_release(pyi_heap_t *h);

/* ---- an open-addressing map from object address to a 32-bit value ---------------- */

typedef struct {
    uintptr_t *keys;      /* 0 marks an empty slot */
    uint32_t *vals;
    size_t mask;          /* capacity - 1 */
    int shift;            /* 64 - log2(capacity) */
    size_t used;
} pyi_addrmap_t;

#define PYI_ADDRMAP_INIT {NULL, NULL, 0, 0, 0}

/* Room for about `expected` keys.  0, or -1 (no memory, no exception set). */
int pyi_addrmap_init(pyi_addrmap_t *m, size_t expected);
void pyi_addrmap_free(pyi_addrmap_t *m);
/* Empty it, keeping its capacity. */
void pyi_addrmap_clear(pyi_addrmap_t *m);

static inline size_t
pyi_addr_hash(uintptr_t key, int shift)
{
    /* Fibonacci hashing of the address without its alignment bits */
    return (size_t)(((uint64_t)(key >> 4) * UINT64_C(0x9E3779B97F4A7C15)) >> shift);
}

/* The value stored for `p`, or -1. */
static inline int64_t
pyi_addrmap_get(const pyi_addrmap_t *m, const void *p)
{
    uintptr_t key = (uintptr_t)p;
    if (m->keys == NULL || key == 0) {
        return -1;
    }
    size_t i = pyi_addr_hash(key, m->shift);
    for (;;) {
        uintptr_t k = m->keys[i];
        if (k == key) {
            return (int64_t)m->vals[i];
        }
        if (k == 0) {
            return -1;
        }
        i = (i + 1) & m->mask;
    }
}

/* Insert p -> v when p is absent (*is_new = 1); otherwise leave the stored
 * value (*is_new = 0, *old = it).  0, or -1 (no memory, no exception set). */
int pyi_addrmap_put(pyi_addrmap_t *m, const void *p, uint32_t v, int *is_new, uint32_t *old);

/* ---- names ---------------------------------------------------------------------- */

/* "module.qualname" for heap types (the class body's __module__ entry and
 * ht_qualname, read without attribute access or __eq__), tp_name for
 * static types.  The caller holds tp.  New reference, or NULL with an
 * exception set.  (The same text as walk.c's rows.) */
PyObject *pyi_type_label(PyTypeObject *tp);

#endif /* PYI_HEAP_H */
