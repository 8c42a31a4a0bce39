/* mirrors.h: mirrors of the leading fields of structs private to CPython's
 * Objects/ and Modules/ *.c files, which size.c reads for __sizeof__, and
 * the accessors for the fields that moved between versions.
 */
#ifndef PYI_CPYTHON_MIRRORS_H
#define PYI_CPYTHON_MIRRORS_H

#include "compat.h"

/* Only the leading fields that __sizeof__ reads; each is unchanged from
 * 3.9.18 to 3.15.0rc1 (later fields moved: deque gained freeblocks in 3.11,
 * arraydescr's typecode became char[3] in 3.15, leaving itemsize at 4). */

/* Modules/_collectionsmodule.c: dequeobject and `block` */
typedef struct {
    PyObject_VAR_HEAD
    void *leftblock;
    void *rightblock;
    Py_ssize_t leftindex;       /* 0 <= leftindex < BLOCKLEN */
} pyi_deque_head_t;
#define PYI_DEQUE_BLOCKLEN 64
/* struct BLOCK { struct BLOCK *leftlink; PyObject *data[BLOCKLEN]; struct BLOCK *rightlink; } */
#define PYI_DEQUE_BLOCK_SIZE ((Py_ssize_t)((PYI_DEQUE_BLOCKLEN + 2) * sizeof(void *)))

/* Modules/arraymodule.c: struct arraydescr and arrayobject */
typedef struct {
    char typecode;
    int itemsize;
} pyi_arraydescr_head_t;
typedef struct {
    PyObject_VAR_HEAD
    char *ob_item;
    Py_ssize_t allocated;
    const pyi_arraydescr_head_t *ob_descr;
} pyi_array_head_t;

/* Modules/_io/bytesio.c: bytesio */
typedef struct {
    PyObject_HEAD
    PyObject *buf;
    Py_ssize_t pos;
    Py_ssize_t string_size;
    PyObject *dict;
    PyObject *weakreflist;
    Py_ssize_t exports;
#if PYI_FT && PYI_PY314
    int buf_shared;  /* gh-132551 (3.14t) */
#endif
} pyi_bytesio_head_t;

/* Objects/odictobject.c: struct _odictobject and struct _odictnode */
typedef struct {
    PyDictObject od_dict;
    void *od_first;
    void *od_last;
    void **od_fast_nodes;
    Py_ssize_t od_fast_nodes_size;
} pyi_odict_head_t;
/* struct _odictnode { PyObject *key; Py_hash_t hash; next; prev; } */
#define PYI_ODICT_NODE_SIZE ((Py_ssize_t)(4 * sizeof(void *)))

#if PYI_FT && PYI_PY314
/* Objects/listobject.c (free-threaded builds): the item array carries its
 * capacity in front, and list.__sizeof__ reads it there (gh-117657, 3.14) */
typedef struct {
    Py_ssize_t allocated;
    PyObject *ob_item[];
} pyi_list_array_t;
#endif

/* The capacity of a list's item array, as list.__sizeof__ reads it. */
static inline Py_ssize_t
pyi_list_capacity(PyListObject *l)
{
#if PYI_FT && PYI_PY314
    /* gh-117657 (3.14t): list.__sizeof__ reads the capacity stored in front
     * of the item array */
    return l->ob_item == NULL
        ? 0 : ((const pyi_list_array_t *)((const char *)l->ob_item - offsetof(pyi_list_array_t, ob_item)))->allocated;
#else
    return l->allocated;
#endif
}

/* BytesIO's buf_shared flag (gh-132551, 3.14t); 0 where it does not exist. */
static inline int
pyi_bytesio_buf_shared(const pyi_bytesio_head_t *b)
{
#if PYI_FT && PYI_PY314
    return b->buf_shared;
#else
    (void)b;
    return 0;
#endif
}

#endif /* PYI_CPYTHON_MIRRORS_H */
