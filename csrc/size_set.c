/* size_set.c: flat size of a set/frozenset (its table when not the inline
 * smalltable), mirroring set.__sizeof__ without calling it.  Issue 7. */
#include "size.h"

int
pyi_set_flat_size(PyObject *op, pyi_size_t *out)
{
    /* placeholder: the struct only */
    out->object = Py_TYPE(op)->tp_basicsize;
    return 0;
}
