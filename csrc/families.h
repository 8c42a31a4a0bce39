/* families.h: the one list of object families, in the order family() tests them.
 *
 * X(name, test, reader): family(obj) returns "name" for the first entry whose
 * test(obj) is true, and `reader` is the _inspect function that reads the
 * family's struct (exported as _inspect.FAMILY_READERS, {name: reader name});
 * the first entry wins, so a subclass test (PyLong_Check) must come before any family its
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
    X(int, PyLong_Check, read_long)                  \
    X(float, PyFloat_Check, read_float)               \
    X(complex, PyComplex_Check, read_complex)           \
    X(str, PyUnicode_Check, read_unicode)               \
    X(bytes, PyBytes_Check, read_bytes)               \
    X(bytearray, PyByteArray_Check, read_bytearray)       \
    X(list, PyList_Check, read_list)                 \
    X(tuple, PyTuple_Check, read_tuple)               \
    X(dict, PyDict_Check, read_dict)                 \
    X(frozendict, PYI_FROZENDICT_CHECK, read_dict)   \
    X(frozenset, PyFrozenSet_Check, read_set)       \
    X(set, PySet_Check, read_set)                   \
    X(type, PyType_Check, read_type)                 \
    X(function, PyFunction_Check, read_function)         \
    X(cell, PyCell_Check, read_cell)                 \
    X(code, PyCode_Check, read_code)                 \
    X(method, PyMethod_Check, read_method)             \
    X(generator, pyi_is_generator, read_generator)        \
    X(module, PyModule_Check, read_instance)             \
    X(range, PyRange_Check, read_range)               \
    X(memoryview, PyMemoryView_Check, read_memoryview)     \
    X(object, pyi_is_object, read_instance)

#endif /* PYI_FAMILIES_H */
