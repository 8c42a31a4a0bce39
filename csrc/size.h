/* size.h: the bytes an object's own allocation and owned buffers take,
 * computed from its struct (never by calling __sizeof__). */
#ifndef PYI_SIZE_H
#define PYI_SIZE_H

#include "compat.h"

typedef struct {
    Py_ssize_t gc_head;     /* PyGC_Head physically in front (0 if none / free-threaded) */
    Py_ssize_t preheader;   /* managed dict/weakref pointers in front (3.11+), excluding the GC head */
    Py_ssize_t object;      /* the struct itself with its inline items */
    Py_ssize_t buffers;     /* separately allocated buffers it owns (list items, str utf8 cache, ...) */
} pyi_size_t;

/* Fill `out`; returns 0, or -1 with an exception set. */
int pyi_flat_size(PyObject *op, pyi_size_t *out);

/* Family hooks called by pyi_flat_size (they fill object/buffers). */
int pyi_dict_flat_size(PyObject *op, pyi_size_t *out);  /* internal_size_dict.c */
int pyi_set_flat_size(PyObject *op, pyi_size_t *out);   /* size_set.c */
int pyi_gen_flat_size(PyObject *op, pyi_size_t *out);   /* internal_gen.c: generators, coroutines */

/* out->object + out->buffers + out->preheader: what sys.getsizeof reports
 * for builtins, minus the GC head. */
#define PYI_ALLOCATED(s) ((s).object + (s).buffers + (s).preheader)

#endif /* PYI_SIZE_H */
