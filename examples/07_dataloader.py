"""The DataLoader: sampler → batch sampler → fetch → collate, and the bytes of a batch.

    python examples/07_dataloader.py [--save DIR]

Needs torch (pip install torch); without it the lesson says so and exits 0.
"""

import gc
import importlib.util
import struct
import sys
import weakref

from _lesson import Lesson

import pyinspect
from pyinspect import bits

L = Lesson("The DataLoader pipeline", """
A DataLoader turns a dataset into batches in four stages: the sampler yields
indices, the batch sampler groups them, the fetcher reads dataset[i] for each, and
collate stacks the samples into tensors.  Worker processes run the fetch and
collate stages; pin_memory puts batches in page-locked memory for fast copies.""")

if importlib.util.find_spec("torch") is None:
    print("\n  torch is not installed: this lesson needs it (pip install torch). Skipping.")
    sys.exit(0)

import torch  # noqa: E402
from torch.utils.data import DataLoader, TensorDataset  # noqa: E402

import pyinspect.torch as pyi_torch  # noqa: E402

torch.manual_seed(0)
features = torch.arange(24, dtype=torch.float32).reshape(12, 2)
labels = torch.arange(12)
loader = DataLoader(TensorDataset(features, labels), batch_size=4, shuffle=True)

L.step("the four stages, traced")
trace = pyi_torch.trace(loader, batches=3)
L.show(trace, "dataloader_trace")
drawn = [i for b in trace.batches for i in b.indices]
L.fact(sorted(drawn) == list(range(12)), "the sampler's 12 indices land in 3 batches of 4, each exactly once")
L.fact(drawn == list(trace.sampler_stream[:12]), "the batch sampler groups them in the sampler's order")
L.fact(all(b.worker is None for b in trace.batches), "num_workers=0: fetch and collate run in the main process")

L.step("with two workers: batch k goes to worker k mod 2")
workers = DataLoader(TensorDataset(features, labels), batch_size=4, num_workers=2)
trace2 = pyi_torch.trace(workers, batches=3)
L.show(trace2, "dataloader_workers")
L.fact(trace2.workers == [0, 1, 0], "batches 0, 1, 2 came from workers 0, 1, 0 (round robin, in order)")
L.fact(len(set(trace2.worker_pids)) == 2, "two worker processes, each with its own pid")

L.step("one batch, collated")
xb, yb = next(iter(DataLoader(TensorDataset(features, labels), batch_size=4)))
L.fact(tuple(xb.shape) == (4, 2) and xb.dtype == torch.float32, "collate stacked 4 samples of 2 features")
lay_x = pyi_torch.layout(xb)
L.show(lay_x, "batch_tensor")
L.fact(lay_x.stride == (2, 1) and lay_x.contiguous, "row-major: the next row is 2 elements on, the next column 1")
L.fact(lay_x.element_bytes(3) == struct.pack("<f", xb[1, 1].item()), "element 3 is xb[1, 1]'s 4 float32 bytes")
column = xb[:, 1]
views = pyi_torch.storages({"xb": xb, "column": column})
L.show(views, "batch_storages")
L.fact(views.group_of("column") is views.group_of("xb"), "xb[:, 1] is a view: the same storage, no copy")
L.fact(pyi_torch.layout(column).storage_offset == 1 and column.stride() == (2,),
       "the column starts 1 element in and steps 2 elements")
value = xb[0, 1].item()
lay = pyinspect.layout(value)
L.show(lay, "batch_item_float")
L.fact(type(value) is float and lay.value == 1.0,
       f".item() copies the 4-byte float32 into a new {lay.header.sizeof}-byte Python float")

L.step("float16 and bfloat16 in a batch")
half = xb.to(torch.float16)
raw = half[0, 1].view(torch.int16).item() & 0xFFFF
fb = bits.decode(raw, "float16")
print(f"  {xb[0, 1].item()!r} as float16: {fb.sign_bits} {fb.exponent_bits} {fb.mantissa_bits} = {fb.value!r}")
L.fact(fb.value == half[0, 1].item(), "pyinspect.bits decodes torch's float16 bits to the same value")
overflow = torch.tensor([1e5]).to(torch.float16)
L.fact(torch.isinf(overflow).item(), "1e5 overflows float16 to inf, as bits.rounding_table says")
L.fact(pyinspect.bits.rounding_table(1e5)[2].overflow, "rounding_table agrees: float16 overflow")

L.step("where did my memory go: a list of losses keeps every graph")
L.say("""
A loss tensor remembers how it was computed: its grad_fn, and through it every
tensor the backward pass will need.  Keeping the losses (losses.append(loss))
keeps all of that alive, batch after batch.  Those references live in torch's
C++ autograd graph, where the collector cannot see them: pyinspect.why_alive
counts them as references held where the collector cannot see, and the fix is
to keep numbers (loss.item()) instead of tensors.""")
model = torch.nn.Linear(2, 1)
losses = []
kept = []  # weak references: they keep nothing alive
for xb, yb in DataLoader(TensorDataset(features, labels.float()), batch_size=4):
    diff = model(xb).squeeze(1) - yb
    kept.append(weakref.ref(diff))
    losses.append((diff ** 2).mean())  # pow saves diff for the backward pass
del diff, xb, yb
L.fact(len(kept) == 3 and all(w() is not None for w in kept),
       "after the loop all 3 diffs are alive: each loss in `losses` keeps its graph, which saved diff")
saved = kept[0]()
why = pyinspect.why_alive(saved)
L.show(why, "alive_saved_tensor")
L.fact([str(p) for p in why.paths] == ["__main__.saved"] and (why.unseen_refs or 0) >= 1,
       "why_alive: the only name is `saved`; the graph's reference is held where the collector cannot see")
del saved, why
losses = [loss.item() for loss in losses]
gc.collect()
L.fact(all(w() is None for w in kept) and all(type(x) is float for x in losses),
       "losses as floats (loss.item()): the graphs are freed, and every diff with them")

L.step("where did my memory go: a view of a big tensor")
big = torch.zeros(1_000_000)  # 4,000,000 bytes of float32
head = big[:10]
first = big[:10].clone()
del big
L.fact(head._base is not None and head.untyped_storage().nbytes() == 4_000_000,
       "head = big[:10] is a view: after `del big` its storage is still the whole 4 MB")
L.fact(first._base is None and first.untyped_storage().nbytes() == 40,
       "big[:10].clone() has a storage of its own: 40 bytes")
report = pyinspect.memory(head)
if hasattr(report, "buffers"):
    L.fact(report.total >= 4_000_000, "memory(head) counts the 4 MB storage the view keeps alive, once")
else:
    L.later("tensor storages in memory()", "memory(head) will count the 4 MB storage the view keeps alive")
head = head.clone()
L.fact(head._base is None and head.untyped_storage().nbytes() == 40,
       "head = head.clone(): 40 bytes of its own, and the 4 MB storage is freed")

sys.exit(L.done())
