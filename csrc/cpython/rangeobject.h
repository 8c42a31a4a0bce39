/* Mirror of CPython's range object struct.
 *
 * `rangeobject` is defined in Objects/rangeobject.c and declared in no
 * installed header.  The text below is the same in every release from 3.9.0
 * to 3.15.0rc1 (checked in v3.9.0, v3.9.25, v3.10.21, v3.11.16, v3.12.14,
 * v3.13.15, v3.14.7, v3.15.0rc1).  Field names and order are CPython's.  The
 * size is checked at run time against range.__basicsize__ and
 * range(...).__sizeof__() (tests/test_range.py).
 *
 * The four fields are PyLong objects, set once by make_range_object() and
 * never changed: a range is immutable.  `length` is computed when the range
 * is made (compute_range_length), so len(range) never recomputes it.
 */
#ifndef PYI_CPYTHON_RANGEOBJECT_H
#define PYI_CPYTHON_RANGEOBJECT_H

#include <Python.h>

typedef struct {
    PyObject_HEAD
    PyObject *start;
    PyObject *stop;
    PyObject *step;
    PyObject *length;
} pyi_rangeobject;

#endif /* PYI_CPYTHON_RANGEOBJECT_H */
