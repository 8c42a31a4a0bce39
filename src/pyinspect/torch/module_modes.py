"""The modes that decide what a forward pass does.

Two independent switches are easy to confuse:

* ``module.training`` (set by ``model.train()`` / ``model.eval()``) is a flag
  on every submodule; only some modules read it: dropout drops activations
  in training and not in eval, batch norm normalizes with the batch's
  statistics and updates its running ones in training, and uses the running
  ones in eval.
* grad mode (``torch.no_grad()``, ``torch.enable_grad()``) and inference
  mode (``torch.inference_mode()``) are per-thread states of autograd:
  whether operations are recorded so that ``backward()`` can run.

``model.eval()`` does not stop autograd from recording, and ``no_grad()``
does not switch dropout off.
"""

from __future__ import annotations

from typing import Any, Optional

import torch

from pyinspect.torch.model import AutocastState, ModesLayout, ModuleMode

__all__ = ["modes", "AUTOCAST_DEVICES"]

#: device types whose autocast state is reported
AUTOCAST_DEVICES = ("cpu", "cuda")


def _mode_dependent_types() -> tuple[type, ...]:
    nn = torch.nn
    found: list[type] = []
    for path in ("modules.dropout._DropoutNd", "modules.batchnorm._NormBase", "RNNBase"):
        obj: Any = nn
        for part in path.split("."):
            obj = getattr(obj, part, None)
            if obj is None:
                break
        if isinstance(obj, type):
            found.append(obj)
    return tuple(found)


def _autocast(device_type: str) -> AutocastState:
    try:
        enabled = bool(torch.is_autocast_enabled(device_type))
        dtype: Optional[Any] = torch.get_autocast_dtype(device_type)
    except (TypeError, AttributeError, RuntimeError):  # torch < 2.4: per-device functions
        if device_type == "cpu":
            enabled = bool(torch.is_autocast_cpu_enabled())
            dtype = torch.get_autocast_cpu_dtype()
        else:
            enabled = bool(torch.is_autocast_enabled())
            dtype = torch.get_autocast_gpu_dtype()
    return AutocastState(device_type, enabled, None if dtype is None else str(dtype).removeprefix("torch."))


def _notes(mods: tuple[ModuleMode, ...], grad: bool, inference: bool) -> tuple[str, ...]:
    notes: list[str] = []
    if mods:
        root = mods[0]
        dependent = [m for m in mods if m.mode_dependent]
        if not root.training and grad and not inference:
            notes.append("eval() without no_grad(): dropout and batch norm behave as at inference, but "
                         "autograd still records every operation (memory for the graph, slower); wrap "
                         "inference in torch.no_grad() or torch.inference_mode()")
        if root.training and not grad:
            notes.append("train() inside no_grad(): nothing is recorded, so backward() cannot run; and "
                         + ("dropout still drops and batch norm still updates its running statistics"
                            if dependent else "the model's training flag changes nothing here"))
        if root.training and grad and dependent:
            notes.append("training mode with grad: dropout is active and batch norm updates its running "
                         "statistics on every forward pass")
        if not root.training and not grad:
            notes.append("eval() and no autograd: the usual state for inference")
        odd = [m for m in mods if m.training != root.training]
        if odd:
            names = ", ".join(m.name for m in odd[:5]) + (" ..." if len(odd) > 5 else "")
            notes.append(f"{len(odd)} submodule(s) are in {'train' if not root.training else 'eval'} mode "
                         f"unlike the model: {names} (set directly, or .train()/.eval() on a child)")
        frozen_params = sum(m.parameters - m.trainable for m in mods)
        if frozen_params:
            notes.append(f"{frozen_params} parameter(s) have requires_grad=False (frozen): no gradient "
                         "is computed for them in any mode")
    if inference:
        notes.append("inference mode: tensors made here are inference tensors; they cannot be used "
                     "in autograd later (not even after leaving the block)")
    return tuple(notes)


def modes(model: Optional[Any] = None) -> ModesLayout:
    """The training flag of every submodule of ``model`` and the current
    thread's autograd state (grad mode, inference mode, autocast).

    Args:
        model: a ``torch.nn.Module``, or ``None`` for the thread's state only.

    Returns:
        A :class:`~pyinspect.torch.model.ModesLayout`; ``show()`` it, or read
        ``.training``, ``.grad_enabled``, ``.in_eval``, ``.notes``.
        Grad and inference mode are per thread and read at the call: call
        ``modes(model)`` inside ``with torch.no_grad():`` to see that state.
    """
    mods: list[ModuleMode] = []
    if model is not None:
        if not isinstance(model, torch.nn.Module):
            raise TypeError(f"modes() needs a torch.nn.Module, not {type(model).__name__}")
        dependent_types = _mode_dependent_types()
        for name, mod in model.named_modules():
            own = list(mod.parameters(recurse=False))
            mods.append(ModuleMode(
                name=name, type_name=type(mod).__name__, depth=0 if not name else name.count(".") + 1,
                training=bool(mod.training), mode_dependent=isinstance(mod, dependent_types),
                parameters=sum(1 for _ in own), trainable=sum(1 for p in own if p.requires_grad),
            ))
    grad = bool(torch.is_grad_enabled())
    inference = bool(torch.is_inference_mode_enabled())
    module_modes = tuple(mods)
    return ModesLayout(
        model_type=None if model is None else type(model).__name__,
        modules=module_modes,
        grad_enabled=grad,
        inference_mode=inference,
        autocast=tuple(_autocast(d) for d in AUTOCAST_DEVICES),
        deterministic=bool(torch.are_deterministic_algorithms_enabled()),
        anomaly=bool(torch.is_anomaly_enabled()),
        notes=_notes(module_modes, grad, inference),
    )
