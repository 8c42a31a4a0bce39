/* alive_numpy.c: the reference a numpy array keeps to its base, for
 * why_alive().
 *
 * numpy arrays are not GC objects (no tp_traverse): a view's reference to
 * the array whose buffer it shows (`view.base`) is invisible to the
 * collector.  why_alive() reads it here so that "the 8 MB array is alive
 * because a slice of it is" gets a path (`small.base`) instead of an unseen
 * reference.  numpy is never imported: the type is taken from sys.modules
 * when the program already loaded numpy.
 *
 * The fields are read through the PyArrayObject_fields mirror in buffers.h.
 */
#include "alive.h"
#include "buffers.h"
#include "size.h"

#include <stddef.h>
#include <string.h>


PyObject *
pyi_numpy_ndarray_type(void)
{
    /* sys.modules["numpy"] found by comparing exact str keys by their text
     * (a lookup could run the __eq__ of a key of the same hash) */
    PyObject *modules = PySys_GetObject("modules");  /* borrowed */
    PyObject *numpy = PyDict_Check(modules) ? pyi_dict_find_str(modules, "numpy") : NULL;
    PyObject *nd = NULL;
    if (numpy != NULL && PyModule_Check(numpy)) {
        nd = pyi_dict_find_str(PyModule_GetDict(numpy), "ndarray");
    }
    Py_XDECREF(numpy);
    if (nd != NULL && (!PyType_Check(nd) || strcmp(((PyTypeObject *)nd)->tp_name, "numpy.ndarray") != 0 ||
                       ((PyTypeObject *)nd)->tp_basicsize < (Py_ssize_t)sizeof(pyi_ndarray_t) ||
                       PyType_IS_GC((PyTypeObject *)nd))) {
        Py_CLEAR(nd);  /* not the array type this file knows */
    }
    return nd;
}

PyObject *
pyi_ndarray_base(PyObject *op, PyObject *ndarray_type)
{
    if (ndarray_type == NULL || !PyObject_TypeCheck(op, (PyTypeObject *)ndarray_type)) {
        return NULL;
    }
    return ((pyi_ndarray_t *)op)->base;
}
