/* module.c: the pyinspect._inspect extension module.
 *
 * C reads, Python interprets: every function returns plain dicts, tuples,
 * ints and bytes read from an object's struct.  See ARCHITECTURE.md.
 */
#include "readers.h"
#include "internal.h"
#include "families.h"

static PyMethodDef *const method_tables[] = {
    pyi_object_methods,
    pyi_scalar_methods,
    pyi_unicode_methods,
    pyi_bytes_methods,
    pyi_seq_methods,
    pyi_layout_methods,
    pyi_dict_methods,
    pyi_set_methods,
    pyi_func_methods,
    pyi_type_methods,
    pyi_gen_methods,
    pyi_walk_methods,
    pyi_frame_methods,
    pyi_weakref_methods,
    pyi_buffer_methods,
    pyi_alive_methods,
    pyi_census_methods,
    pyi_range_methods,
    pyi_memoryview_methods,
    NULL,
};

/* FAMILIES: the names family() can return, in the order it tests them */
static PyObject *
families_tuple(void)
{
#define PYI_FAMILY_NAME(name, test) #name,
    static const char *const names[] = {PYI_FAMILIES(PYI_FAMILY_NAME)};
#undef PYI_FAMILY_NAME
    const Py_ssize_t n = (Py_ssize_t)(sizeof(names) / sizeof(names[0]));
    PyObject *t = PyTuple_New(n);
    if (t == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *s = PyUnicode_InternFromString(names[i]);
        if (s == NULL) {
            Py_DECREF(t);
            return NULL;
        }
        PyTuple_SET_ITEM(t, i, s);
    }
    return t;
}

static int
inspect_exec(PyObject *m)
{
    for (PyMethodDef *const *t = method_tables; *t != NULL; t++) {
        if (PyModule_AddFunctions(m, *t) < 0) {
            return -1;
        }
    }
    if (pyi_InspectError == NULL) {
        pyi_InspectError = PyErr_NewExceptionWithDoc(
            "pyinspect.InspectError",
            "An object's struct holds values pyinspect cannot read safely.",
            PyExc_RuntimeError, NULL);
        if (pyi_InspectError == NULL) {
            return -1;
        }
    }
    if (PyModule_AddObject(m, "InspectError", Py_NewRef(pyi_InspectError)) < 0) {
        Py_DECREF(pyi_InspectError);
        return -1;
    }
    PyObject *families = families_tuple();
    if (families == NULL) {
        return -1;
    }
    if (PyModule_AddObject(m, "FAMILIES", families) < 0) {
        Py_DECREF(families);
        return -1;
    }
    if (PyModule_AddIntConstant(m, "BUILT_PY_VERSION_HEX", PY_VERSION_HEX) < 0 ||
        PyModule_AddIntConstant(m, "GIL_DISABLED", PYI_FT) < 0 ||
        PyModule_AddIntConstant(m, "DEBUG_BUILD", PYI_DEBUG_BUILD) < 0 ||
        PyModule_AddIntConstant(m, "DIGIT_BITS", PyLong_SHIFT) < 0 ||
        PyModule_AddIntConstant(m, "GC_HEAD_SIZE", (long)pyi_gc_head_size()) < 0 ||
        PyModule_AddIntConstant(m, "BIG_ENDIAN", PY_BIG_ENDIAN) < 0) {
        return -1;
    }
    return 0;
}

static PyModuleDef_Slot inspect_slots[] = {
    {Py_mod_exec, inspect_exec},
#ifdef Py_mod_gil
    /* 3.13+: every read of a mutable container holds its critical section */
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL},
};

static struct PyModuleDef inspect_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "pyinspect._inspect",
    .m_doc = "Readers of CPython object structs for pyinspect (C reads, Python interprets).",
    .m_size = 0,
    .m_slots = inspect_slots,
};

PyMODINIT_FUNC
PyInit__inspect(void)
{
    return PyModuleDef_Init(&inspect_module);
}
