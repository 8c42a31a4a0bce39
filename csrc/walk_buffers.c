/* walk_buffers.c: the deep walk's table of data buffers, one record per owner
 * (see walk_buffers.h). */
#include "walk_buffers.h"

static inline size_t
slot_of(uintptr_t owner, size_t mask)
{
    /* Fibonacci hashing of the address without its alignment bits */
    return (size_t)((((uint64_t)owner >> 4) * UINT64_C(0x9E3779B97F4A7C15)) >> 24) & mask;
}

pyi_bufrec_t *
pyi_bufs_find(const pyi_bufs_t *b, uintptr_t owner)
{
    if (b->map == NULL) {
        return NULL;
    }
    for (size_t i = slot_of(owner, b->mask);; i = (i + 1) & b->mask) {
        uint32_t r = b->map[i];
        if (r == 0) {
            return NULL;
        }
        if (b->recs[r - 1].owner == owner) {
            return &b->recs[r - 1];
        }
    }
}

static int
rehash(pyi_bufs_t *b, size_t cap)
{
    uint32_t *map = (uint32_t *)PyMem_RawCalloc(cap, sizeof(uint32_t));
    if (map == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (size_t r = 0; r < b->n; r++) {
        size_t i = slot_of(b->recs[r].owner, cap - 1);
        while (map[i] != 0) {
            i = (i + 1) & (cap - 1);
        }
        map[i] = (uint32_t)(r + 1);
    }
    if (b->map != NULL) {
        b->mem -= (b->mask + 1) * sizeof(uint32_t);
        PyMem_RawFree(b->map);
    }
    b->map = map;
    b->mask = cap - 1;
    b->mem += cap * sizeof(uint32_t);
    return 0;
}

pyi_bufrec_t *
pyi_bufs_get(pyi_bufs_t *b, uintptr_t owner, uint32_t row, int *is_new)
{
    pyi_bufrec_t *found = pyi_bufs_find(b, owner);
    *is_new = 0;
    if (found != NULL) {
        return found;
    }
    if (b->n >= (size_t)UINT32_MAX - 1) {
        PyErr_SetString(PyExc_OverflowError, "too many data buffers for one walk");
        return NULL;
    }
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        if (cap > (size_t)PY_SSIZE_T_MAX / sizeof(pyi_bufrec_t)) {
            PyErr_NoMemory();
            return NULL;
        }
        pyi_bufrec_t *bigger = (pyi_bufrec_t *)PyMem_RawRealloc(b->recs, cap * sizeof(pyi_bufrec_t));
        if (bigger == NULL) {
            PyErr_NoMemory();
            return NULL;
        }
        b->recs = bigger;
        b->mem += (cap - b->cap) * sizeof(pyi_bufrec_t);
        b->cap = cap;
    }
    /* keep the map at most half full (n < UINT32_MAX: it stays under 2**34 slots) */
    if (b->map == NULL || (b->n + 1) * 2 > b->mask + 1) {
        if (rehash(b, b->map == NULL ? 128 : (b->mask + 1) * 2) < 0) {
            return NULL;
        }
    }
    pyi_bufrec_t *rec = &b->recs[b->n];
    memset(rec, 0, sizeof(*rec));
    rec->owner = owner;
    rec->row = row;
    size_t i = slot_of(owner, b->mask);
    while (b->map[i] != 0) {
        i = (i + 1) & b->mask;
    }
    b->map[i] = (uint32_t)(b->n + 1);
    b->n++;
    *is_new = 1;
    return rec;
}

void
pyi_bufs_release(pyi_bufs_t *b)
{
    for (size_t r = 0; r < b->n; r++) {
        Py_CLEAR(b->recs[r].held);
    }
    b->held = 0;
}

void
pyi_bufs_free(pyi_bufs_t *b)
{
    PyMem_RawFree(b->recs);
    PyMem_RawFree(b->map);
    memset(b, 0, sizeof(*b));
}
