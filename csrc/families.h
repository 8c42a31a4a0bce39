/* families.h: the one list of object families, in the order family() tests them.
 *
 * X(name, test): family(obj) returns "name" for the first entry whose test(obj)
 * is true, so a subclass test (PyLong_Check) must come before any family its
 * instances could also match.  "object" is last and always true: the generic
 * reader of the object header, __dict__ and __slots__.  module.c exports the
 * names, in this order, as _inspect.FAMILIES; each name has one Layout builder
 * registered on the Python side (pyinspect.read.register_family).
 */
#ifndef PYI_FAMILIES_H
#define PYI_FAMILIES_H

#include "compat.h"

/* generators, coroutines and async generators share the _PyGenObject prefix
 * (gi_/cr_/ag_ fields of _PyGenObject_HEAD) and one reader */
static inline int
pyi_is_generator(PyObject *op)
{
    return PyGen_Check(op) || PyCoro_CheckExact(op) || PyAsyncGen_CheckExact(op);
}

static inline int
pyi_is_object(PyObject *op)
{
    (void)op;
    return 1;
}

#define PYI_FAMILIES(X)                   \
    X(int, PyLong_Check)                  \
    X(float, PyFloat_Check)               \
    X(complex, PyComplex_Check)           \
    X(str, PyUnicode_Check)               \
    X(bytes, PyBytes_Check)               \
    X(bytearray, PyByteArray_Check)       \
    X(list, PyList_Check)                 \
    X(tuple, PyTuple_Check)               \
    X(dict, PyDict_Check)                 \
    X(frozendict, PYI_FROZENDICT_CHECK)   \
    X(frozenset, PyFrozenSet_Check)       \
    X(set, PySet_Check)                   \
    X(type, PyType_Check)                 \
    X(function, PyFunction_Check)         \
    X(cell, PyCell_Check)                 \
    X(code, PyCode_Check)                 \
    X(method, PyMethod_Check)             \
    X(generator, pyi_is_generator)        \
    X(module, PyModule_Check)             \
    X(range, PyRange_Check)               \
    X(memoryview, PyMemoryView_Check)     \
    X(object, pyi_is_object)

#endif /* PYI_FAMILIES_H */
