/* internal_gen.c: the frame a generator, coroutine or async generator keeps.
 *
 *   3.9/3.10  gi_frame is a PyFrameObject (NULL once the generator finished);
 *             3.9 flags a running generator in gi_running, 3.10 in the
 *             frame's f_state (bpo-43760 removed gi_running).
 *   3.11+     the _PyInterpreterFrame is embedded at the end of the object
 *             (gi_iframe) and gi_frame_state says created / suspended /
 *             executing / completed / cleared (bpo-44590, 3.11); 3.13 adds
 *             FRAME_SUSPENDED_YIELD_FROM (gh-111058); 3.14 moves the struct
 *             into internal/pycore_interpframe_structs.h and makes the slots
 *             tagged _PyStackRef values (gh-117139); 3.15 renumbers the
 *             states from 0 and drops FRAME_COMPLETED.
 *
 * Creates no Python objects (see internal.h).
 */
#include "internal_core.h"
#include "size.h"

#include <stddef.h>

#if PYI_PY314
#  include "internal/pycore_interpframe_structs.h"
#endif

#if PYI_PY311
/* ---- 3.11+: the embedded _PyInterpreterFrame -------------------------------- */

static _PyInterpreterFrame *
gen_iframe(PyObject *gen)
{
    return (_PyInterpreterFrame *)&((PyGenObject *)gen)->gi_iframe;
}

#  if PYI_PY312
static PyCodeObject *
iframe_code(_PyInterpreterFrame *f)
{
#  if PYI_PY314
    PyObject *ex = PyStackRef_AsPyObjectBorrow(f->f_executable);
#  elif PYI_PY313
    PyObject *ex = f->f_executable;  /* gh-114727 (3.13): code object or None */
#  else
    PyObject *ex = (PyObject *)f->f_code;  /* 3.12 */
#  endif
    return (ex != NULL && PyCode_Check(ex)) ? (PyCodeObject *)ex : NULL;
}
#  endif

static int
state_of(int fs)
{
    if (fs == FRAME_CREATED) {
        return PYI_GEN_CREATED;
    }
    if (fs == FRAME_EXECUTING) {
        return PYI_GEN_RUNNING;
    }
#  if PYI_PY313
    if (FRAME_STATE_SUSPENDED(fs)) {
        return PYI_GEN_SUSPENDED;
    }
#  else
    if (fs == FRAME_SUSPENDED) {
        return PYI_GEN_SUSPENDED;
    }
#  endif
    return PYI_GEN_CLOSED;
}

int
pyi_gen_read(PyObject *gen, pyi_gen_t *out)
{
    memset(out, 0, sizeof(*out));
    PyGenObject *g = (PyGenObject *)gen;
    _PyInterpreterFrame *f = gen_iframe(gen);
    int fs = g->gi_frame_state;
    out->frame_state = fs;
    out->state = state_of(fs);
#  if PYI_PY313
    out->suspended_yield_from = fs == FRAME_SUSPENDED_YIELD_FROM;
#    if PYI_PY315
    out->suspended_yield_from |= fs == FRAME_SUSPENDED_YIELD_FROM_LOCKED;
#    endif
#  else
    out->suspended_yield_from = -1;
#  endif
    out->running_flag = -1;
    out->hooks_inited = g->gi_hooks_inited;
    out->closed_flag = g->gi_closed;
    out->running_async = g->gi_running_async;
    out->name = g->gi_name;
    out->qualname = g->gi_qualname;
    out->weakreflist = g->gi_weakreflist;
    out->origin_or_finalizer = g->gi_origin_or_finalizer;
    out->exc_value = g->gi_exc_state.exc_value;
    out->frame_offset = (Py_ssize_t)((const char *)f - (const char *)gen);
#  if PYI_PY312
    /* gh-100762 (3.12): the code object lives only in the frame; it stays
     * there after the frame is cleared (_PyFrame_ClearExceptCode) */
    out->code = iframe_code(f);
#  else
    out->code = g->gi_code;
#  endif
    out->line = -1;
    out->lasti = -1;
    if (out->state == PYI_GEN_CLOSED || out->code == NULL) {
        return 0;
    }
    out->frame = f;
    out->frame_obj = f->frame_obj;
    out->globals = f->f_globals;
    out->builtins = f->f_builtins;
    out->locals_dict = f->f_locals;
    out->nslots = out->code->co_nlocalsplus;
#  if PYI_PY312
    /* what frame.f_lineno / f_lasti return (PyFrame_GetLineNumber without
     * tracing), exported as PyUnstable_InterpreterFrame_* since 3.12 */
    out->line = PyUnstable_InterpreterFrame_GetLine(f);
    out->lasti = PyUnstable_InterpreterFrame_GetLasti(f);
#  else
    out->lasti = _PyInterpreterFrame_LASTI(f) * (int)sizeof(_Py_CODEUNIT);
    out->line = PyCode_Addr2Line(out->code, out->lasti);
#  endif
    return 0;
}

PyObject *
pyi_gen_local(PyObject *gen, Py_ssize_t i, int *tagged, Py_ssize_t *tagval)
{
    *tagged = 0;
    *tagval = 0;
    _PyInterpreterFrame *f = gen_iframe(gen);
#  if PYI_PY314
    uintptr_t bits = f->localsplus[i].bits;
    if ((bits & Py_INT_TAG) == Py_INT_TAG) {
        /* a tagged int (gh-131545, 3.14): the value is in the upper bits */
        *tagged = 1;
        *tagval = (Py_ssize_t)((intptr_t)bits >> 2);
        return NULL;
    }
    /* the low bits tag deferred / borrowed references, never the address */
    return (PyObject *)(bits & ~(uintptr_t)Py_INT_TAG);
#  else
    return f->localsplus[i];
#  endif
}


#else
/* ---- 3.9/3.10: gi_frame is a PyFrameObject ------------------------------------ */


int
pyi_gen_read(PyObject *gen, pyi_gen_t *out)
{
    memset(out, 0, sizeof(*out));
    PyGenObject *g = (PyGenObject *)gen;
    PyFrameObject *f = g->gi_frame;
    out->code = (g->gi_code != NULL && PyCode_Check(g->gi_code)) ? (PyCodeObject *)g->gi_code : NULL;
    out->name = g->gi_name;
    out->qualname = g->gi_qualname;
    out->weakreflist = g->gi_weakreflist;
    out->exc_value = g->gi_exc_state.exc_type;
    out->suspended_yield_from = -1;
    out->frame_offset = -1;
    out->hooks_inited = -1;
    out->closed_flag = -1;
    out->running_async = -1;
    if (PyCoro_CheckExact(gen)) {
        out->origin_or_finalizer = ((PyCoroObject *)gen)->cr_origin;
    }
    else if (PyAsyncGen_CheckExact(gen)) {
        PyAsyncGenObject *ag = (PyAsyncGenObject *)gen;
        out->origin_or_finalizer = ag->ag_finalizer;
        out->hooks_inited = ag->ag_hooks_inited;
        out->closed_flag = ag->ag_closed;
        out->running_async = ag->ag_running_async;
    }
#  if PYI_PY310
    out->running_flag = -1;
    out->frame_state = f != NULL ? f->f_state : 0;
#  else
    out->running_flag = g->gi_running;
    out->frame_state = 0;
#  endif
    out->line = -1;
    out->lasti = -1;
    /* inspect.getgeneratorstate: running, then no frame -> closed, then
     * f_lasti == -1 -> created, else suspended */
#  if PYI_PY310
    int running = f != NULL && f->f_state == FRAME_EXECUTING;
#  else
    int running = g->gi_running != 0;
#  endif
    if (running) {
        out->state = PYI_GEN_RUNNING;
    }
    else if (f == NULL) {
        out->state = PYI_GEN_CLOSED;
    }
    else if (f->f_lasti == -1) {
        out->state = PYI_GEN_CREATED;
    }
    else {
        out->state = PYI_GEN_SUSPENDED;
    }
    if (f == NULL) {
        return 0;
    }
    out->frame = f;
    out->frame_obj = f;
    out->globals = f->f_globals;
    out->builtins = f->f_builtins;
    out->locals_dict = f->f_locals;
    PyCodeObject *co = f->f_code;
    if (co != NULL) {
        out->nslots = co->co_nlocals + PyTuple_GET_SIZE(co->co_cellvars) + PyTuple_GET_SIZE(co->co_freevars);
    }
    /* PyFrame_GetLineNumber computes the line from f_lasti unless tracing */
    out->line = PyFrame_GetLineNumber(f);
#  if PYI_PY310
    /* bpo-27129 (3.10): f_lasti counts code units, frame.f_lasti reports bytes */
    out->lasti = f->f_lasti < 0 ? f->f_lasti : f->f_lasti * (int)sizeof(_Py_CODEUNIT);
#  else
    out->lasti = f->f_lasti;
#  endif
    return 0;
}

PyObject *
pyi_gen_local(PyObject *gen, Py_ssize_t i, int *tagged, Py_ssize_t *tagval)
{
    *tagged = 0;
    *tagval = 0;
    PyFrameObject *f = ((PyGenObject *)gen)->gi_frame;
    return f != NULL ? f->f_localsplus[i] : NULL;
}
#endif
