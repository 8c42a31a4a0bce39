/* read_func.c: function, cell, code and bound method objects.  Issue 4. */
#include "readers.h"

PyMethodDef pyi_func_methods[] = {
    {NULL, NULL, 0, NULL},
};
