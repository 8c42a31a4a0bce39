/* dictkeys_39.h: mirror of the private dict keys structs of CPython 3.9 and 3.10.
 *
 * They live in Objects/dict-common.h, which is not installed; the text is the
 * same in 3.9.18 and 3.10.13.  Field names and comments are CPython's.  The
 * layout is checked at run time against dict.__sizeof__ (tests/test_dict*.py)
 * and, for every field, against the layouts dossier (tests/test_struct_info.py).
 * 3.11+ takes the real definitions from internal/pycore_dict.h instead.
 */
#ifndef PYI_CPYTHON_DICTKEYS_39_H
#define PYI_CPYTHON_DICTKEYS_39_H

#if PY_VERSION_HEX >= 0x030B0000
#  error "dictkeys_39.h mirrors 3.9/3.10 only; 3.11+ uses internal/pycore_dict.h"
#endif

typedef struct {
    /* Cached hash code of me_key. */
    Py_hash_t me_hash;
    PyObject *me_key;
    PyObject *me_value; /* This field is only meaningful for combined tables */
} PyDictKeyEntry;

typedef Py_ssize_t (*pyi_dict_lookup_func)
    (PyDictObject *mp, PyObject *key, Py_hash_t hash, PyObject **value_addr);

/* Completes the public forward declaration `typedef struct _dictkeysobject
 * PyDictKeysObject` of Include/cpython/dictobject.h. */
struct _dictkeysobject {
    Py_ssize_t dk_refcnt;
    /* Size of the hash table (dk_indices). It must be a power of 2. */
    Py_ssize_t dk_size;
    /* Function to lookup in the hash table (dk_indices) */
    pyi_dict_lookup_func dk_lookup;
    /* Number of usable entries in dk_entries. */
    Py_ssize_t dk_usable;
    /* Number of used entries in dk_entries. */
    Py_ssize_t dk_nentries;
    /* Actual hash table of dk_size entries. It holds indices in dk_entries,
       or DKIX_EMPTY(-1) or DKIX_DUMMY(-2).  1, 2, 4 or 8 bytes per index
       depending on dk_size. */
    char dk_indices[];  /* char is required to avoid strict aliasing. */
    /* "PyDictKeyEntry dk_entries[dk_usable];" array follows */
};

#define DKIX_EMPTY (-1)
#define DKIX_DUMMY (-2)

#endif /* PYI_CPYTHON_DICTKEYS_39_H */
