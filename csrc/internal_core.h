/* internal_core.h: include this first in a translation unit that needs
 * CPython's private headers.  Only internal_*.c may include it. */
#ifndef PYI_INTERNAL_CORE_H
#define PYI_INTERNAL_CORE_H

/* Py_BUILD_CORE_MODULE, which pyport.h turns into Py_BUILD_CORE (every
 * version): both open the internal headers, but with Py_BUILD_CORE alone a
 * Windows build declares the whole C API dllexport instead of dllimport
 * (pyport.h; exports.h from 3.13) and the module no longer links against
 * python3X.dll.  As a module, the headers also reach the thread state
 * through exported functions rather than the core's own thread-local. */
#define Py_BUILD_CORE_MODULE 1
#include "compat.h"

#include "internal/pycore_gc.h"
#if PYI_PY310
#  include "internal/pycore_moduleobject.h"
#endif
#if PYI_PY311
/* bpo-44206 (3.11): the dict keys became internal/pycore_dict.h */
#  include "internal/pycore_dict.h"
#  include "internal/pycore_frame.h"
#  include "internal/pycore_object.h"
#else
#  include "cpython/dictkeys_39.h"
#endif
#if PYI_PY314
/* 3.14 moved _PyInterpreterFrame into pycore_interpframe_structs.h and
 * made frame slots tagged _PyStackRef values (gh-117139). */
#  include "internal/pycore_interpframe.h"
#  include "internal/pycore_stackref.h"
#endif

#include "internal.h"

#endif /* PYI_INTERNAL_CORE_H */
