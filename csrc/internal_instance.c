/* internal_instance.c: where an instance keeps its attributes: the __dict__
 * slot, managed dict, inline values (3.11+) and weakref slot.  Creates no
 * Python objects (see internal.h). */
#include "internal_core.h"

#include <stddef.h>

#if PYI_PY311 && !PYI_PY313
/* 3.11/3.12: how many value slots a PyDictValues has comes from the
 * type's shared keys */
static Py_ssize_t
shared_keys_nentries(PyTypeObject *tp)
{
    if (!(tp->tp_flags & Py_TPFLAGS_HEAPTYPE)) {
        return 0;
    }
    PyDictKeysObject *keys = ((PyHeapTypeObject *)tp)->ht_cached_keys;
    if (keys == NULL) {
        return 0;
    }
    return keys->dk_nentries;
}
#endif

int
pyi_read_instance(PyObject *op, pyi_instance_t *out)
{
    PyTypeObject *tp = Py_TYPE(op);
    memset(out, 0, sizeof(*out));
    out->values_capacity = -1;
    out->values_size = -1;
    out->values_valid = -1;
    out->tp_dictoffset = tp->tp_dictoffset;
    out->tp_weaklistoffset = tp->tp_weaklistoffset;

    /* weakref list: tp_weaklistoffset, negative for managed weakrefs
     * (Py_TPFLAGS_MANAGED_WEAKREF, 3.12+, MANAGED_WEAKREF_OFFSET) */
    if (tp->tp_weaklistoffset != 0) {
        out->weakref_slot = tp->tp_weaklistoffset;
        out->weakrefs = *(PyObject **)((char *)op + tp->tp_weaklistoffset);
    }

#if PYI_PY311
    if (tp->tp_flags & Py_TPFLAGS_MANAGED_DICT) {
        out->managed = 1;
#  if PYI_PY313
        /* GH-115776 (3.13): values inline at obj + tp_basicsize,
         * the dict pointer at MANAGED_DICT_OFFSET (NULL until __dict__) */
        out->dict_slot = MANAGED_DICT_OFFSET;
        out->dict = (PyObject *)_PyObject_ManagedDictPointer(op)->dict;
        if (tp->tp_flags & Py_TPFLAGS_INLINE_VALUES) {
            PyDictValues *values = _PyObject_InlineValues(op);
            out->values = values;
            out->values_inline = values->embedded;
            out->values_capacity = values->capacity;
            out->values_size = values->size;
            out->values_valid = values->valid;
            out->nvalues = values->capacity;
            out->slots = (PyObject *const *)values->values;
        }
#  elif PYI_PY312
        /* gh-101152 era (3.12): one tagged word at obj-3: bit 0 set means
         * PyDictValues* (+1), clear means a real dict */
        out->dict_slot = -3 * (Py_ssize_t)sizeof(PyObject *);
        PyDictOrValues dorv = *_PyObject_DictOrValuesPointer(op);
        if (_PyDictOrValues_IsValues(dorv)) {
            PyDictValues *values = _PyDictOrValues_GetValues(dorv);
            out->values = values;
            if (values != NULL) {
                out->nvalues = shared_keys_nentries(tp);
                out->slots = (PyObject *const *)values->values;
            }
        }
        else {
            out->dict = (PyObject *)_PyDictOrValues_GetDict(dorv);
        }
#  else
        /* bpo-45947 (3.11): dict pointer at obj-3, values pointer at obj-4 */
        out->dict_slot = -3 * (Py_ssize_t)sizeof(PyObject *);
        out->dict = *_PyObject_ManagedDictPointer(op);
        PyDictValues *values = *_PyObject_ValuesPointer(op);
        out->values = values;
        if (values != NULL) {
            out->nvalues = shared_keys_nentries(tp);
            out->slots = (PyObject *const *)values->values;
        }
#  endif
        return 0;
    }
#endif
    if (tp->tp_dictoffset != 0) {
        /* A classic __dict__ slot.  _PyObject_GetDictPtr only computes the
         * address for types without a managed dict; it never creates one. */
        PyObject **slot = _PyObject_GetDictPtr(op);
        if (slot != NULL) {
            out->dict_slot = (Py_ssize_t)((char *)slot - (char *)op);
            out->dict = *slot;
        }
    }
    return 0;
}
