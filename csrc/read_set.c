/* read_set.c: set and frozenset (PySetObject, setentry).  Issue 3. */
#include "readers.h"
#include "size.h"

int
pyi_set_flat_size(PyObject *op, pyi_size_t *out)
{
    /* placeholder until the set reader lands: the struct only */
    out->object = Py_TYPE(op)->tp_basicsize;
    return 0;
}

PyMethodDef pyi_set_methods[] = {
    {NULL, NULL, 0, NULL},
};
