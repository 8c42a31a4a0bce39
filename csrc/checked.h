/* checked.h: size arithmetic that cannot wrap (ARCHITECTURE rule 3).
 *
 * Sizes read from memory or given by the caller are combined only through
 * these helpers: a wrapped Py_ssize_t turns a bounded copy into a huge one.
 * Each returns 1 when the exact result does not fit (leaving *out
 * unspecified), 0 otherwise.  GCC and Clang have the builtins; MSVC gets
 * the explicit bounds checks.
 */
#ifndef PYI_CHECKED_H
#define PYI_CHECKED_H

#include "compat.h"

#if defined(__has_builtin)
#  if __has_builtin(__builtin_add_overflow) && __has_builtin(__builtin_mul_overflow)
#    define PYI_HAVE_OVERFLOW_BUILTINS 1
#  endif
#elif defined(__GNUC__) && __GNUC__ >= 5
#  define PYI_HAVE_OVERFLOW_BUILTINS 1
#endif

static inline int
pyi_add_overflow(Py_ssize_t a, Py_ssize_t b, Py_ssize_t *out)
{
#ifdef PYI_HAVE_OVERFLOW_BUILTINS
    return __builtin_add_overflow(a, b, out);
#else
    if ((b > 0 && a > PY_SSIZE_T_MAX - b) || (b < 0 && a < PY_SSIZE_T_MIN - b)) {
        return 1;
    }
    *out = a + b;
    return 0;
#endif
}

static inline int
pyi_mul_overflow(Py_ssize_t a, Py_ssize_t b, Py_ssize_t *out)
{
#ifdef PYI_HAVE_OVERFLOW_BUILTINS
    return __builtin_mul_overflow(a, b, out);
#else
    if (a < 0 || b < 0) {
        /* only sizes are multiplied here: negative factors are a caller bug */
        return 1;
    }
    if (a != 0 && b > PY_SSIZE_T_MAX / a) {
        return 1;
    }
    *out = a * b;
    return 0;
#endif
}

/* a * b for non-negative sizes, PY_SSIZE_T_MAX when it does not fit: for
 * bounds that are clamped against a real size afterwards. */
static inline Py_ssize_t
pyi_mul_saturating(Py_ssize_t a, Py_ssize_t b)
{
    Py_ssize_t out;
    if (a < 0 || b < 0 || pyi_mul_overflow(a, b, &out)) {
        return PY_SSIZE_T_MAX;
    }
    return out;
}

#endif /* PYI_CHECKED_H */
