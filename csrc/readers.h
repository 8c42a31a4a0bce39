/* readers.h: each family's method table, added to the module by module.c. */
#ifndef PYI_READERS_H
#define PYI_READERS_H

#include "compat.h"
#include "util.h"

extern PyMethodDef pyi_object_methods[];   /* read_object.c */
extern PyMethodDef pyi_scalar_methods[];   /* read_scalar.c: int, float, complex */
extern PyMethodDef pyi_unicode_methods[];  /* read_unicode.c */
extern PyMethodDef pyi_bytes_methods[];    /* read_bytes.c: bytes, bytearray */
extern PyMethodDef pyi_seq_methods[];      /* read_seq.c: list, tuple */
extern PyMethodDef pyi_layout_methods[];   /* struct_info.c */
extern PyMethodDef pyi_dict_methods[];     /* dict.c: dict, frozendict */
extern PyMethodDef pyi_set_methods[];      /* set.c: set, frozenset */
extern PyMethodDef pyi_func_methods[];     /* read_func.c: function, cell, code, method */
extern PyMethodDef pyi_type_methods[];     /* read_type.c */
extern PyMethodDef pyi_gen_methods[];      /* read_gen.c: generator, coroutine */
extern PyMethodDef pyi_walk_methods[];     /* walk.c: deep / retained sizes */
extern PyMethodDef pyi_frame_methods[];    /* read_frame.c: a frame's variables (names()) */
extern PyMethodDef pyi_weakref_methods[];  /* read_weakref.c: weakref.ref, proxies */
extern PyMethodDef pyi_buffer_methods[];   /* buffers.c: data buffers (numpy, mmap, tensors) */
extern PyMethodDef pyi_alive_methods[];    /* why_alive.c: reference paths to an object */
extern PyMethodDef pyi_census_methods[];   /* census.c: objects and bytes by type */
extern PyMethodDef pyi_range_methods[];    /* range.c: range */
extern PyMethodDef pyi_memoryview_methods[]; /* memoryview.c: memoryview */

#endif /* PYI_READERS_H */
