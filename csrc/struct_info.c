/* struct_info.c: what this build reads, as the compiler laid it out. */
#include "readers.h"
#include "internal.h"

#include <stddef.h>

/* One bitfield of PyASCIIObject.state, found by clearing it in a struct of
 * all ones and seeing which bits changed (the dossier's method). */
typedef struct {
    const char *name;
    void (*clear)(PyASCIIObject *);
} pyi_bitfield_t;

/* compat.h's PYI_USTATE_BITFIELDS lists the bitfields this build has */
#define PYI_CLEARER(F) static void clear_##F(PyASCIIObject *s) { s->state.F = 0; }
PYI_USTATE_BITFIELDS(PYI_CLEARER)
#undef PYI_CLEARER

#define PYI_BITFIELD_ROW(F) {"PyASCIIObject.state." #F, clear_##F},
static const pyi_bitfield_t bitfields[] = {
    PYI_USTATE_BITFIELDS(PYI_BITFIELD_ROW)
    {NULL, NULL},
};
#undef PYI_BITFIELD_ROW

static PyObject *
bitfield_dict(void)
{
    PyObject *out = PyDict_New();
    if (out == NULL) {
        return NULL;
    }
    for (const pyi_bitfield_t *b = bitfields; b->name != NULL; b++) {
        PyASCIIObject s;
        unsigned char before[sizeof(PyASCIIObject)], after[sizeof(PyASCIIObject)];
        memset(&s, 0xFF, sizeof(s));
        memcpy(before, &s, sizeof(s));
        b->clear(&s);
        memcpy(after, &s, sizeof(s));
        Py_ssize_t first = -1, width = 0;
        for (Py_ssize_t bit = 0; bit < (Py_ssize_t)sizeof(s) * 8; bit++) {
            int was = (before[bit / 8] >> (bit % 8)) & 1;
            int now = (after[bit / 8] >> (bit % 8)) & 1;
            if (was != now) {
                if (first < 0) {
                    first = bit;
                }
                width++;
            }
        }
        PyObject *v = Py_BuildValue("{s:n,s:n,s:n}", "byte_offset", first / 8, "bit", first % 8, "width", width);
        if (pyi_put(out, b->name, v) < 0) {
            Py_DECREF(out);
            return NULL;
        }
    }
    return out;
}

/* struct_info() -> {struct: {field: (offset, size)}, ...} */
static PyObject *
struct_info(PyObject *module, PyObject *unused)
{
    PyObject *out = PyDict_New();
    if (out == NULL) {
        return NULL;
    }
    for (const pyi_field_t *f = pyi_fields; f->strct != NULL; f++) {
        PyObject *fields = PyDict_GetItemString(out, f->strct);  /* borrowed */
        if (fields == NULL) {
            if (pyi_put(out, f->strct, PyDict_New()) < 0) {
                goto error;
            }
            fields = PyDict_GetItemString(out, f->strct);
        }
        if (fields == NULL || pyi_put(fields, f->field, Py_BuildValue("(nn)", f->offset, f->size)) < 0) {
            goto error;
        }
    }
    if (pyi_put(out, "bitfields", bitfield_dict()) < 0 ||
        PYI_PUT_ULL(out, "python_version_hex", PY_VERSION_HEX) < 0 ||
        PYI_PUT_BOOL(out, "gil_disabled", PYI_FT) < 0) {
        goto error;
    }
    return out;
error:
    Py_DECREF(out);
    return NULL;
}

PyMethodDef pyi_layout_methods[] = {
    {"struct_info", struct_info, METH_NOARGS,
     "struct_info() -> dict\n\n{struct: {field: (offset, size)}} from offsetof/sizeof at compile time,\n"
     "plus 'bitfields', 'python_version_hex' and 'gil_disabled'."},
    {NULL, NULL, 0, NULL},
};
