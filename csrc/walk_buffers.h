/* walk_buffers.h: the data buffers a deep walk meets, one record per owner.
 *
 * The walk (walk.c) notes every object that owns or views a data buffer
 * (buffers.h); the records are keyed by the owner's address, so a buffer
 * reached through any number of views is one record, and each view adds
 * one to its `views`.  Records hold no borrowed pointer that is read again:
 * the owner is an address, its type is the walk's row (which holds the type),
 * and a tensor (whose storage Python reads after the walk) is a strong
 * reference.  Nothing here runs Python code; the table is plain C memory.
 */
#ifndef PYI_WALK_BUFFERS_H
#define PYI_WALK_BUFFERS_H

#include "buffers.h"

typedef struct {
    uintptr_t owner;     /* address of the object owning the data (or the tensor) */
    uintptr_t lo, hi;    /* the data range, [lo, hi) */
    Py_ssize_t nbytes;   /* its bytes (for a known owner, what its flat size counts) */
    Py_ssize_t views;    /* objects counted by the walk whose data is in this buffer (not the owner) */
    uint32_t row;        /* the walk's row of the owner's type */
    uint8_t device;      /* pyi_device_t */
    uint8_t in_flat;     /* nbytes is in the owner's flat size */
    uint8_t known;       /* the range is the owner's own (not what its views show) */
    uint8_t counted;     /* the owner itself was counted by the walk */
    PyObject *held;      /* a tensor owner: strong reference, handed to Python */
} pyi_bufrec_t;

typedef struct {
    pyi_bufrec_t *recs;
    size_t n, cap;
    uint32_t *map;       /* open addressing on the owner address: record index + 1 */
    size_t mask;         /* map capacity - 1, or 0 before the first record */
    size_t held;         /* records holding a tensor */
    size_t mem;          /* bytes of recs and map */
} pyi_bufs_t;

/* The record of `owner`, created (zeroed, with `row`) when absent; *is_new
 * says which.  NULL with MemoryError set when the table cannot grow. */
pyi_bufrec_t *pyi_bufs_get(pyi_bufs_t *b, uintptr_t owner, uint32_t row, int *is_new);

/* The record of `owner`, or NULL. */
pyi_bufrec_t *pyi_bufs_find(const pyi_bufs_t *b, uintptr_t owner);

/* Free the table; the caller has released the held references first
 * (pyi_bufs_release, which may run code). */
void pyi_bufs_free(pyi_bufs_t *b);

/* Drop the references to held tensors (a drop may be the last reference
 * and run a __del__: call it only when nothing borrowed is used after). */
void pyi_bufs_release(pyi_bufs_t *b);

#endif /* PYI_WALK_BUFFERS_H */
