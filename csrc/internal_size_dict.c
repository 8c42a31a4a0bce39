/* internal_size_dict.c: flat size of a dict (its keys table and values),
 * mirroring dict.__sizeof__ without calling it.  Issue 7. */
#include "internal_core.h"
#include "size.h"

int
pyi_dict_flat_size(PyObject *op, pyi_size_t *out)
{
    /* placeholder: the struct only */
    out->object = Py_TYPE(op)->tp_basicsize;
    return 0;
}
