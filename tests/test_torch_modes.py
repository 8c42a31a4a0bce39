"""modes(model): training flags of every submodule and the thread's autograd state."""

from __future__ import annotations

import io
import threading

import pytest

torch = pytest.importorskip("torch")

import pyinspect.torch as pt  # noqa: E402


def model():
    return torch.nn.Sequential(
        torch.nn.Linear(3, 4),
        torch.nn.Sequential(torch.nn.Dropout(0.5), torch.nn.ReLU()),
        torch.nn.BatchNorm1d(4),
    )


def test_training_flags_match_every_submodule():
    m = model()
    m.eval()
    m[1][0].train()
    lay = pt.modes(m)
    assert [x.name for x in lay.modules] == [n for n, _ in m.named_modules()]
    assert [x.training for x in lay.modules] == [mod.training for _, mod in m.named_modules()]
    assert [x.type_name for x in lay.modules] == [type(mod).__name__ for _, mod in m.named_modules()]
    assert lay.training is False and lay.mixed and lay.in_training == ("1.0",)
    assert {x.name for x in lay.modules if x.mode_dependent} == {"1.0", "2"}
    assert [x.depth for x in lay.modules] == [0, 1, 1, 2, 2, 1]
    assert any("unlike the model" in n for n in lay.notes)


def test_parameters_and_frozen_counts():
    m = model()
    m[0].weight.requires_grad_(False)
    lay = pt.modes(m)
    lin = next(x for x in lay.modules if x.name == "0")
    assert (lin.parameters, lin.trainable) == (2, 1)
    assert sum(x.parameters for x in lay.modules) == len(list(m.parameters()))
    assert any("frozen" in n for n in lay.notes)


def test_grad_mode_inside_and_outside_no_grad():
    m = model().eval()
    outside = pt.modes(m)
    with torch.no_grad():
        inside = pt.modes(m)
    assert outside.grad_enabled is True and inside.grad_enabled is False
    assert outside.grad_enabled == torch.is_grad_enabled()
    assert any("eval() without no_grad()" in n for n in outside.notes)
    assert not any("eval() without no_grad()" in n for n in inside.notes)
    assert any("usual state for inference" in n for n in inside.notes)
    m.train()
    with torch.no_grad():
        reverse = pt.modes(m)
    assert any("train() inside no_grad()" in n for n in reverse.notes)
    for lay, label in ((outside, "enabled"), (inside, "disabled")):
        buf = io.StringIO()
        pt.show(lay, file=buf, color=False, width=120)
        assert label in buf.getvalue()


def test_show_of_a_module_inside_no_grad():
    m = model().eval()
    buf = io.StringIO()
    with torch.no_grad():
        pt.show(m, file=buf, color=False, width=120)
    text = buf.getvalue()
    assert "disabled" in text and "Dropout" in text and "eval" in text


def test_inference_mode_and_autocast():
    with torch.inference_mode():
        lay = pt.modes()
    assert lay.inference_mode is True and lay.grad_enabled is False and lay.modules == ()
    with torch.autocast("cpu", dtype=torch.bfloat16):
        lay = pt.modes()
    cpu = next(a for a in lay.autocast if a.device_type == "cpu")
    assert cpu.enabled is True and cpu.dtype == "bfloat16"
    assert next(a for a in pt.modes().autocast if a.device_type == "cpu").enabled is False


def test_grad_mode_is_per_thread():
    seen = {}

    def worker():
        seen["grad"] = pt.modes().grad_enabled

    with torch.no_grad():
        th = threading.Thread(target=worker)
        th.start()
        th.join(30)
    assert seen["grad"] is True  # no_grad() in this thread does not reach another


def test_modes_rejects_non_modules():
    with pytest.raises(TypeError):
        pt.modes(object())


def test_to_dict():
    import json

    d = pt.modes(model()).to_dict()
    json.dumps(d)
    assert d["modules"][0]["name"] == "" and d["grad_enabled"] is True
