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

/* FAMILIES: the names family() can return, in the order it tests them, and
 * FAMILY_READERS: {family: the name of its reader in this module}.  Both come
 * from PYI_FAMILIES (families.h); a reader the method tables do not define
 * fails the import, so the list and the tables cannot drift apart. */
#define PYI_FAMILY_ROW(name, test, reader) {#name, #reader},
static const char *const family_rows[][2] = {PYI_FAMILIES(PYI_FAMILY_ROW)};
#undef PYI_FAMILY_ROW
#define PYI_NFAMILIES ((Py_ssize_t)(sizeof(family_rows) / sizeof(family_rows[0])))

static int
add_families(PyObject *m)
{
    PyObject *names = NULL, *readers = NULL, *s = NULL, *r = NULL;
    int rc = -1;
    names = PyTuple_New(PYI_NFAMILIES);
    readers = PyDict_New();
    if (names == NULL || readers == NULL) {
        goto cleanup;
    }
    for (Py_ssize_t i = 0; i < PYI_NFAMILIES; i++) {
        int has = PyObject_HasAttrString(m, family_rows[i][1]);
        if (!has) {
            PyErr_Format(PyExc_SystemError, "families.h names %s as the reader of %s, which no method table defines",
                         family_rows[i][1], family_rows[i][0]);
            goto cleanup;
        }
        s = PyUnicode_InternFromString(family_rows[i][0]);
        r = PyUnicode_InternFromString(family_rows[i][1]);
        if (s == NULL || r == NULL || PyDict_SetItem(readers, s, r) < 0) {
            goto cleanup;
        }
        PyTuple_SET_ITEM(names, i, s);  /* steals s */
        s = NULL;
        Py_CLEAR(r);
    }
    /* PyModule_AddObject steals a reference only when it succeeds
     * (PyModule_AddObjectRef is 3.10+) */
    Py_INCREF(names);
    if (PyModule_AddObject(m, "FAMILIES", names) < 0) {
        Py_DECREF(names);
        goto cleanup;
    }
    Py_INCREF(readers);
    if (PyModule_AddObject(m, "FAMILY_READERS", readers) < 0) {
        Py_DECREF(readers);
        goto cleanup;
    }
    rc = 0;
cleanup:
    Py_XDECREF(s);
    Py_XDECREF(r);
    Py_XDECREF(names);
    Py_XDECREF(readers);
    return rc;
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
    if (add_families(m) < 0) {
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
