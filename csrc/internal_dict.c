/* internal_dict.c: the dict keys object, from internal/pycore_dict.h (3.11+)
 * or the 3.9/3.10 mirror.  Issue 3. */
#include "internal_core.h"
#include "size.h"

int
pyi_dict_flat_size(PyObject *op, pyi_size_t *out)
{
    /* placeholder until the dict reader lands: the struct only */
    out->object = Py_TYPE(op)->tp_basicsize;
    return 0;
}
