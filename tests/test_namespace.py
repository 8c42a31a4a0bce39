"""The package's namespace: every public attribute is in ``__all__`` or is a
submodule, and no module is named like a public function (a module named
``show`` would be hidden by the function ``show`` once ``__init__`` runs)."""

import pkgutil
import types

import pyinspect


def _submodules() -> set:
    return {name for name, value in vars(pyinspect).items() if not name.startswith("_")
            and type(value) is types.ModuleType and value.__name__ == f"pyinspect.{name}"}


def test_public_names_are_all_or_submodules() -> None:
    public = {n for n in dir(pyinspect) if not n.startswith("_")}
    listed = {n for n in pyinspect.__all__ if not n.startswith("_")}
    assert public == listed | _submodules()


def test_all_lists_only_existing_public_names() -> None:
    for name in pyinspect.__all__:
        assert name in vars(pyinspect), name
        assert not name.startswith("_") or (name.startswith("__") and name.endswith("__")), name


def test_future_annotations_does_not_leak() -> None:
    assert "annotations" not in vars(pyinspect)


def test_no_module_named_like_a_public_function() -> None:
    modules = {m.name for m in pkgutil.iter_modules(pyinspect.__path__)}
    functions = {n for n in pyinspect.__all__ if type(getattr(pyinspect, n)) is types.FunctionType}
    assert functions, "the public functions were not found"
    assert not modules & functions


def test_torch_package_names() -> None:
    """``pyinspect.torch`` is a package; its submodules import without torch and
    no submodule is named like one of its public functions."""
    import pyinspect.torch as pt
    from pyinspect.torch import model, svg, text  # noqa: F401  (need no torch)

    modules = {m.name for m in pkgutil.iter_modules(pt.__path__)}
    assert {"model", "svg", "text", "read"} <= modules
    assert not modules & set(pt.__all__)
    try:
        import torch  # noqa: F401
    except ImportError:
        for name in pt.__all__:
            try:
                getattr(pt, name)
            except ImportError as exc:
                assert "needs PyTorch" in str(exc)
            else:  # pragma: no cover
                raise AssertionError(f"pyinspect.torch.{name} exists without torch")
    else:
        for name in pt.__all__:
            assert getattr(pt, name) is getattr(pt.api, name), name
