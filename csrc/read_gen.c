/* read_gen.c: generators and coroutines.  Issue 4. */
#include "readers.h"

PyMethodDef pyi_gen_methods[] = {
    {NULL, NULL, 0, NULL},
};
