/* internal_size.c: the __sizeof__ formulas that need CPython's private
 * headers (frames, generators, code extras, a type's cached keys).
 *
 * Each mirrors the CPython function named above it, version by version.
 * Py_BUILD_CORE unit: reads structs, creates no Python objects.
 */
#include "internal_core.h"
#include "size.h"

#include <stddef.h>

#if !PYI_PY311
#  include "internal/pycore_code.h"  /* _PyOpcache (3.9/3.10) */
#endif

/* _PyObject_VAR_SIZE: the size rounded up to a pointer */
static inline Py_ssize_t
var_size(PyTypeObject *tp, Py_ssize_t nitems)
{
    Py_ssize_t n = tp->tp_basicsize + nitems * tp->tp_itemsize;
    return (n + (Py_ssize_t)SIZEOF_VOID_P - 1) & ~((Py_ssize_t)SIZEOF_VOID_P - 1);
}

/* ---- type.__sizeof__ (type___sizeof___impl, unchanged 3.9-3.15) ------------ */

void
pyi_type_flat_size(PyObject *op, pyi_size_t *out)
{
    PyTypeObject *tp = (PyTypeObject *)op;
    if (tp->tp_flags & Py_TPFLAGS_HEAPTYPE) {
        /* sizeof(PyHeapTypeObject), whatever the metatype's basicsize, plus
         * the shared keys of the instances' attribute dicts */
        PyHeapTypeObject *et = (PyHeapTypeObject *)op;
        out->object = (Py_ssize_t)sizeof(PyHeapTypeObject);
        if (et->ht_cached_keys != NULL) {
            out->buffers = pyi_dict_keys_size(et->ht_cached_keys);
        }
    }
    else {
        out->object = (Py_ssize_t)sizeof(PyTypeObject);
    }
}

/* ---- code.__sizeof__ (code_sizeof) ------------------------------------------- */

/* Objects/codeobject.c (3.9-3.15): the per-code extra slots of PEP 523 tools */
typedef struct {
    Py_ssize_t ce_size;
    void *ce_extras[1];
} pyi_code_extra_t;

void
pyi_code_flat_size(PyObject *op, pyi_size_t *out)
{
    PyCodeObject *co = (PyCodeObject *)op;
#if PYI_PY311
    /* bpo-47045 / gh-90997 (3.11): bytecode inline, a var-size object */
    out->object = var_size(Py_TYPE(op), Py_SIZE(op));
#else
    out->object = Py_TYPE(op)->tp_basicsize;
    if (co->co_cell2arg != NULL && co->co_cellvars != NULL) {
        out->buffers += PyTuple_GET_SIZE(co->co_cellvars) * (Py_ssize_t)sizeof(Py_ssize_t);
    }
    if (co->co_opcache != NULL) {
        /* co_opcache_map: one byte per code unit; co_opcache entries */
        out->buffers += PyBytes_GET_SIZE(co->co_code) / (Py_ssize_t)sizeof(_Py_CODEUNIT);
        out->buffers += co->co_opcache_size * (Py_ssize_t)sizeof(_PyOpcache);
    }
#endif
    const pyi_code_extra_t *extra = (const pyi_code_extra_t *)co->co_extra;
    if (extra != NULL) {
        out->buffers += (Py_ssize_t)sizeof(pyi_code_extra_t)
            + (extra->ce_size - 1) * (Py_ssize_t)sizeof(void *);
    }
}

/* ---- frames and generators ----------------------------------------------------- */

#if PYI_PY311
static Py_ssize_t
frame_slots(PyCodeObject *code)
{
    if (code == NULL) {
        return 0;
    }
#  if PYI_PY312
    return (Py_ssize_t)_PyFrame_NumSlotsForCodeObject(code);
#  else
    return code->co_nlocalsplus + code->co_stacksize;
#  endif
}

static PyCodeObject *
iframe_code(_PyInterpreterFrame *f)
{
#  if PYI_PY313
    /* gh-117045 (3.13): f_executable replaced f_code */
    return _PyFrame_GetCode(f);
#  else
    return f->f_code;
#  endif
}
#endif

void
pyi_frame_flat_size(PyObject *op, pyi_size_t *out)
{
    PyFrameObject *f = (PyFrameObject *)op;
#if PYI_PY311
    /* frame_sizeof (3.11+): the frame object with an embedded
     * _PyInterpreterFrame holding locals and stack */
    _PyInterpreterFrame *iframe = f->f_frame;
    out->object = (Py_ssize_t)(offsetof(PyFrameObject, _f_frame_data) + offsetof(_PyInterpreterFrame, localsplus));
    if (iframe != NULL) {
        out->object += frame_slots(iframe_code(iframe)) * (Py_ssize_t)sizeof(PyObject *);
    }
#else
    /* frame_sizeof (3.9/3.10): "subtract one as it is already included in
     * PyFrameObject" */
    PyCodeObject *code = f->f_code;
    Py_ssize_t ncells = PyTuple_GET_SIZE(code->co_cellvars);
    Py_ssize_t nfrees = PyTuple_GET_SIZE(code->co_freevars);
    Py_ssize_t extras = code->co_stacksize + code->co_nlocals + ncells + nfrees;
    out->object = (Py_ssize_t)sizeof(PyFrameObject) + (extras - 1) * (Py_ssize_t)sizeof(PyObject *);
#endif
}

void
pyi_generator_flat_size(PyObject *op, pyi_size_t *out)
{
#if PYI_PY311
    /* gen_sizeof (3.11+), shared by coroutines and async generators */
    PyGenObject *gen = (PyGenObject *)op;
    out->object = (Py_ssize_t)(offsetof(PyGenObject, gi_iframe) + offsetof(_PyInterpreterFrame, localsplus));
#  if PYI_PY314
    PyCodeObject *code = iframe_code(&gen->gi_iframe);
#  elif PYI_PY312
    PyCodeObject *code = iframe_code((_PyInterpreterFrame *)gen->gi_iframe);
#  else
    PyCodeObject *code = gen->gi_code;
#  endif
    out->object += frame_slots(code) * (Py_ssize_t)sizeof(PyObject *);
#else
    /* 3.9/3.10 generators use object.__sizeof__ (never dispatched here) */
    out->object = Py_TYPE(op)->tp_basicsize;
#endif
}
