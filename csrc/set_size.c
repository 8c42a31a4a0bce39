/* set_size.c: flat size of a set/frozenset, mirroring set.__sizeof__
 * without calling it:
 *
 *     _PyObject_SIZE(Py_TYPE(so)) + (table != smalltable ? (mask + 1) * sizeof(setentry) : 0)
 *
 * unchanged from 3.9 to 3.15.  The 8-slot smalltable is part of the struct;
 * a resized table is a separate block the set owns. */
#include "size.h"

void
pyi_set_flat_size_locked(PyObject *op, pyi_size_t *out)
{
    PySetObject *so = (PySetObject *)op;
    out->object = Py_TYPE(op)->tp_basicsize;
    Py_ssize_t slots = so->mask + 1;
    if (so->table != so->smalltable) {
        out->buffers = slots * (Py_ssize_t)sizeof(setentry);
    }
    /* slack: slots holding no key (empty or dummy), wherever the table is */
    Py_ssize_t unused = slots - so->used;
    out->slack = unused > 0 ? unused * (Py_ssize_t)sizeof(setentry) : 0;
}

int
pyi_set_flat_size(PyObject *op, pyi_size_t *out)
{
    Py_BEGIN_CRITICAL_SECTION(op);
    pyi_set_flat_size_locked(op, out);
    Py_END_CRITICAL_SECTION();
    return 0;
}
