/* read_set.c: set and frozenset (PySetObject, setentry).  Issue 3. */
#include "readers.h"

PyMethodDef pyi_set_methods[] = {
    {NULL, NULL, 0, NULL},
};
