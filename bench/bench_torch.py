"""What pyinspect.torch costs.

1. Showing a tensor: pyinspect.torch.layout(t, limit=16) against
copying the tensor (what a tool that reads bytes through .contiguous() or
.clone() pays), measured in the same run, for growing tensors.

    python bench/bench_torch.py

The layout's cost should stay flat (the rows shown), the copy's grow with the
tensor.

2. Tracing a DataLoader: trace(loader, batches=N) against iterating the same
loader for N batches untraced (num_workers=0, so the ratio is the recorders'
overhead rather than worker start-up noise).
"""

from __future__ import annotations

import itertools
import time

import torch
from torch.utils.data import DataLoader, TensorDataset

import pyinspect.torch as pt


def best(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    print(f"{'elements':>12} {'layout(limit=16)':>18} {'t[::2].contiguous()':>20} {'ratio copy/layout':>18}")
    for n in (10**3, 10**5, 10**7, 5 * 10**7):
        x = torch.arange(n, dtype=torch.float32)
        view = x[::2]  # a strided view: reading it contiguously means a copy
        lay_s = best(lambda v=view: pt.layout(v, limit=16))
        copy_s = best(lambda v=view: v.contiguous())
        print(f"{n:>12} {lay_s * 1e3:>15.3f} ms {copy_s * 1e3:>17.3f} ms {copy_s / lay_s:>18.2f}")
    data = TensorDataset(torch.randn(4096, 32), torch.arange(4096))
    loader = DataLoader(data, batch_size=32, shuffle=True)
    plain = best(lambda: list(itertools.islice(iter(loader), 100)))
    traced = best(lambda: pt.trace(loader, batches=100))
    print(f"\n100 batches of 32: untraced {plain * 1e3:.2f} ms, traced {traced * 1e3:.2f} ms, "
          f"ratio {traced / plain:.2f}")


if __name__ == "__main__":
    main()
