"""Context managers: what `with` calls, and what a @contextmanager generator keeps.

    python examples/11_context_managers.py [--save DIR]
"""

import contextlib
import linecache
import sys

from _lesson import Lesson

import pyinspect

L = Lesson("Context managers", """
`with cm as x:` calls cm.__enter__() and binds its result to x; leaving the block
calls cm.__exit__(exc_type, exc, tb), even on an exception.  @contextmanager turns
a generator into a context manager: __enter__ runs it to its yield, __exit__ resumes
it.  Between the two, the suspended generator keeps its frame, and with it its
local variables and the line it stopped at.""")

events = []


class Timer:
    def __enter__(self):
        events.append("enter")
        return self

    def __exit__(self, exc_type, exc, tb):
        events.append(f"exit {exc_type.__name__ if exc_type else None}")
        return False


L.step("a class with __enter__ and __exit__")
with Timer() as t:
    events.append("body")
L.fact(events == ["enter", "body", "exit None"], "enter, body, exit: in that order")
events.clear()
try:
    with Timer():
        raise ValueError("boom")
except ValueError:
    pass
L.fact(events == ["enter", "exit ValueError"], "__exit__ runs on an exception too")
L.show(pyinspect.layout(t), "timer_instance")
lay = pyinspect.layout(Timer)
L.fact(lay.mro_names == ("Timer", "object") and lay.dict_entries >= 2,
       "__enter__ and __exit__ are plain entries of Timer's dict: `with` looks them up on the type")


@contextlib.contextmanager
def opened(name):
    resource = [name, "open"]
    try:
        yield resource  # __enter__ stops here
    finally:
        resource[1] = "closed"


L.step("a @contextmanager generator before __enter__: created, nothing ran")
cm = opened("data.csv")
lay = pyinspect.layout(cm.gen)
L.show(lay, "generator_created")
L.fact(lay.state == "created" and lay.inspect_state == "GEN_CREATED", "state created: the body has not started")
L.fact(lay.local("resource").address is None, "resource is not bound yet")

L.step("after __enter__: suspended at its yield, the frame keeps the locals")
res = cm.__enter__()
gen = cm.gen
lay = pyinspect.layout(gen)
L.show(lay, "generator_suspended")
L.fact(res == ["data.csv", "open"], "__enter__ ran the generator to its yield")
L.fact(lay.state == "suspended" and lay.suspended_line == gen.gi_frame.f_lineno,
       f"suspended at line {lay.suspended_line}, as gi_frame.f_lineno says")
L.fact(linecache.getline(__file__, lay.suspended_line).strip().startswith("yield resource"),
       "that line is the yield")
L.fact(lay.local("resource").address == id(res), "the frame still holds resource: the object `as` bound")
L.fact(lay.local("name").summary.value == "'data.csv'", "and the argument name")
pic = pyinspect.names(gen.gi_frame)
L.show(pic, "suspended_generator_frame")
L.fact(pic.target("resource").address == id(res), "names() of the frame agrees")

L.step("after __exit__: finally ran, the generator is closed")
cm.__exit__(None, None, None)
lay = pyinspect.layout(gen)
L.show(lay, "generator_closed")
L.fact(res[1] == "closed" and lay.state == "closed", "__exit__ resumed it: finally ran")
L.fact(lay.locals == () and gen.gi_frame is None, "the frame is gone, and its locals with it")

sys.exit(L.done())
