/* internal_dict.c: the dict keys object, from internal/pycore_dict.h (3.11+)
 * or the 3.9/3.10 mirror.  Issue 3. */
#include "internal_core.h"
