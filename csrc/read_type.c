/* read_type.c: type objects and their slot tables.  Issue 4. */
#include "readers.h"

PyMethodDef pyi_type_methods[] = {
    {NULL, NULL, 0, NULL},
};
