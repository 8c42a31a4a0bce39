/* probe_path.c: recording the path of one lookup (see probe_path.h). */
#include "probe_path.h"
#include "checked.h"
#include "util.h"

int
pyi_probe_push(pyi_probe_path_t *p, const pyi_probe_step_t *s)
{
    if (p->n == p->cap) {
        Py_ssize_t cap = p->cap ? p->cap * 2 : 16;
        Py_ssize_t bytes;
        if (cap < p->cap || pyi_mul_overflow(cap, (Py_ssize_t)sizeof(pyi_probe_step_t), &bytes)) {
            return -1;
        }
        /* PyMem_Realloc runs no Python code */
        pyi_probe_step_t *grown = (pyi_probe_step_t *)PyMem_Realloc(p->steps, (size_t)bytes);
        if (grown == NULL) {
            return -1;
        }
        p->steps = grown;
        p->cap = cap;
    }
    pyi_probe_step_t *d = &p->steps[p->n++];
    *d = *s;
    Py_XINCREF(d->key);
    Py_XINCREF(d->value);
    return 0;
}

static PyObject *
step_tuple(const pyi_probe_path_t *p, const pyi_probe_step_t *s)
{
    PyObject *entry = NULL;
    if (s->has_entry) {
        PyObject *h = s->has_hash ? PyLong_FromSsize_t(s->hash) : Py_NewRef(Py_None);
        if (h == NULL) {
            return NULL;
        }
        entry = p->with_value ? Py_BuildValue("(NNN)", h, pyi_addr(s->key), pyi_addr(s->value))
                              : Py_BuildValue("(NN)", h, pyi_addr(s->key));
        if (entry == NULL) {
            return NULL;
        }
    }
    return Py_BuildValue("(nnsNKOO)", s->slot, s->index, s->status, entry != NULL ? entry : Py_NewRef(Py_None),
                         s->perturb, s->key != NULL ? s->key : Py_None, s->value != NULL ? s->value : Py_None);
}

PyObject *
pyi_probe_steps(const pyi_probe_path_t *p)
{
    PyObject *out = PyList_New(p->n);
    if (out == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < p->n; i++) {
        PyObject *t = step_tuple(p, &p->steps[i]);
        if (t == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, i, t);
    }
    return out;
}

void
pyi_probe_release(pyi_probe_path_t *p)
{
    pyi_probe_step_t *steps = p->steps;
    Py_ssize_t n = p->n;
    p->steps = NULL;
    p->n = p->cap = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_XDECREF(steps[i].key);
        Py_XDECREF(steps[i].value);
    }
    PyMem_Free(steps);
}

/* Whether two exact str objects hold the same text: what unicode_eq (and
 * _PyUnicode_EQ) compare, read from their buffers; no code runs. */
static int
str_equal(PyObject *a, PyObject *b)
{
    pyi_ustate_t sa, sb;
    pyi_unicode_state(a, &sa);
    pyi_unicode_state(b, &sb);
    Py_ssize_t n = ((PyASCIIObject *)a)->length;
    if (n != ((PyASCIIObject *)b)->length || sa.kind != sb.kind || sa.kind == 0) {
        return 0;
    }
    const void *da = pyi_unicode_data(a, &sa);
    const void *db = pyi_unicode_data(b, &sb);
    Py_ssize_t nbytes;
    if (da == NULL || db == NULL || pyi_mul_overflow(n, sa.kind, &nbytes)) {
        return 0;
    }
    return memcmp(da, db, (size_t)nbytes) == 0;
}

const char *
pyi_compare_same_hash(PyObject *stored, PyObject *key)
{
    if (stored == key) {
        return "identical";
    }
    if (PyUnicode_CheckExact(stored) && PyUnicode_CheckExact(key)) {
        return str_equal(stored, key) ? "str equal" : "str differs";
    }
    return "eq needed";
}
