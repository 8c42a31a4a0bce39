/* walk.c: deep and retained sizes by walking references.  Issue 7. */
#include "readers.h"

PyMethodDef pyi_walk_methods[] = {
    {NULL, NULL, 0, NULL},
};
