"""Context managers: what `with` calls, and what a @contextmanager generator keeps.

    python examples/11_context_managers.py [--save DIR]
"""

import contextlib
import sys

from _lesson import Lesson

import pyinspect

L = Lesson("Context managers", """
`with cm as x:` calls cm.__enter__() and binds its result to x; leaving the block
calls cm.__exit__(exc_type, exc, tb), even on an exception.  @contextmanager turns
a generator into a context manager: __enter__ runs it to its yield, __exit__ resumes
it.  Between the two, the suspended generator's frame keeps its local variables.""")

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


@contextlib.contextmanager
def opened(name):
    resource = [name, "open"]
    try:
        yield resource
    finally:
        resource[1] = "closed"


L.step("a @contextmanager generator, suspended at its yield")
cm = opened("data.csv")
res = cm.__enter__()
gen = cm.gen
L.fact(res == ["data.csv", "open"], "__enter__ ran the generator to its yield")
pic = pyinspect.names(gen.gi_frame)
L.show(pic, "suspended_generator_frame")
L.fact(pic.target("resource") is not None and pic.target("resource").address == id(res),
       "the suspended frame still holds resource: the object `as` bound")
L.fact(pic.target("name").value == "'data.csv'", "and the argument name")
L.show(pyinspect.layout(gen), "generator")
cm.__exit__(None, None, None)
L.fact(res[1] == "closed" and gen.gi_frame is None, "__exit__ resumed it: finally ran, the frame is gone")

sys.exit(L.done())
