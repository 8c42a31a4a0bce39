"""The DataLoader: sampler → batch sampler → fetch → collate, and the bytes of a batch.

    python examples/07_dataloader.py [--save DIR]

Needs torch (pip install torch); without it the lesson says so and exits 0.
"""

import importlib.util
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
if hasattr(pyi_torch, "trace"):
    trace = pyi_torch.trace(loader, batches=2)
    L.show(trace, "dataloader_trace")
else:
    L.later("pyinspect.torch.trace", "the sampler's indices, grouping, worker and collated shapes per batch")
    sampler_indices = list(iter(loader.sampler))
    groups = list(iter(loader.batch_sampler))
    print(f"  sampler order: {sampler_indices}")
    print(f"  batch sampler: {groups}")
    L.fact(sorted(i for g in groups for i in g) == list(range(12)), "every index lands in exactly one batch")

L.step("one batch, collated")
xb, yb = next(iter(DataLoader(TensorDataset(features, labels), batch_size=4)))
L.fact(tuple(xb.shape) == (4, 2) and xb.dtype == torch.float32, "collate stacked 4 samples of 2 features")
if hasattr(pyi_torch, "layout"):
    L.show(pyi_torch.layout(xb), "batch_tensor")
else:
    L.later("pyinspect.torch.layout", "shape, strides, storage and the bytes of each element")
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
