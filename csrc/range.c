/* range.c: range objects (rangeobject, Objects/rangeobject.c, mirrored in
 * cpython/rangeobject.h). */
#include "readers.h"
#include "cpython/rangeobject.h"

/* read_range(r) -> dict: the four PyLong objects the struct stores (start,
 * stop, step, length) and their addresses, plus sizeof(rangeobject).
 *
 * Snapshot, then build: the four pointers are taken with a strong reference
 * each before anything is allocated; the dict is built from those references.
 * A range is immutable (make_range_object() sets the fields once), so the
 * critical section only keeps the read in line with the other readers. */
static PyObject *
read_range(PyObject *module, PyObject *obj)
{
    PyObject *f[4] = {NULL, NULL, NULL, NULL};
    PyObject *out = NULL;
    if (!PyRange_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "read_range() needs a range, not %.100s", Py_TYPE(obj)->tp_name);
        return NULL;
    }
    const pyi_rangeobject *r = (const pyi_rangeobject *)obj;
    Py_BEGIN_CRITICAL_SECTION(obj);
    f[0] = Py_XNewRef(r->start);
    f[1] = Py_XNewRef(r->stop);
    f[2] = Py_XNewRef(r->step);
    f[3] = Py_XNewRef(r->length);
    Py_END_CRITICAL_SECTION();
    for (int i = 0; i < 4; i++) {
        if (f[i] == NULL || !PyLong_CheckExact(f[i])) {
            PyErr_SetString(pyi_InspectError, "a range field is not an int object");
            goto cleanup;
        }
    }
    out = Py_BuildValue("{s:O,s:O,s:O,s:O,s:N,s:N,s:N,s:N,s:n}",
                        "start", f[0], "stop", f[1], "step", f[2], "length", f[3],
                        "start_address", pyi_addr(f[0]), "stop_address", pyi_addr(f[1]),
                        "step_address", pyi_addr(f[2]), "length_address", pyi_addr(f[3]),
                        "struct_size", (Py_ssize_t)sizeof(pyi_rangeobject));
cleanup:
    for (int i = 0; i < 4; i++) {
        Py_XDECREF(f[i]);
    }
    return out;
}

PyMethodDef pyi_range_methods[] = {
    {"read_range", read_range, METH_O,
     "read_range(r) -> dict\n\nThe start, stop, step and length int objects a range stores, their addresses, "
     "and sizeof(rangeobject)."},
    {NULL, NULL, 0, NULL},
};
