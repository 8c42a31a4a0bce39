/* read_dict.c: dict (PyDictObject, its keys table and values).  Issue 3. */
#include "readers.h"

PyMethodDef pyi_dict_methods[] = {
    {NULL, NULL, 0, NULL},
};
