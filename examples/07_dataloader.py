"""The DataLoader: sampler → batch sampler → fetch → collate, and the bytes of a batch.

    python examples/07_dataloader.py [--save DIR]

Needs torch (pip install torch); without it the lesson says so and exits 0.
"""

import importlib.util
import struct
import sys

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

sys.exit(L.done())
