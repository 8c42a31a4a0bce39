/* census.c: placeholder */
#include "readers.h"
PyMethodDef pyi_census_methods[] = {
    {NULL, NULL, 0, NULL},
};
