"""The layers of ARCHITECTURE.md, checked on the source: a model module
imports no renderer (nor the output layer above them); renderers take the
model's results through the display hooks registry instead."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "pyinspect"
#: packages a model module must not import: the renderers and the layers above them
ABOVE_MODEL = ("pyinspect.render", "pyinspect.output", "pyinspect.torch.text", "pyinspect.torch.svg")
MODEL_FILES = sorted((SRC / "model").glob("*.py")) + [SRC / "torch" / "model.py"]


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import in the file, nested ones included."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against the file's package
                package = ["pyinspect", *path.relative_to(SRC).parent.parts] if path.is_relative_to(SRC) else []
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            found += [(node.lineno, base)]
            found += [(node.lineno, f"{base}.{a.name}") for a in node.names]
    return found


def _forbidden(module: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in ABOVE_MODEL)


def test_model_files_found() -> None:
    assert len(MODEL_FILES) > 10 and all(p.exists() for p in MODEL_FILES)


@pytest.mark.parametrize("path", MODEL_FILES, ids=lambda p: str(p.relative_to(SRC)))
def test_model_imports_no_renderer(path: Path) -> None:
    bad = [f"line {line}: {mod}" for line, mod in _imports(path) if _forbidden(mod)]
    assert not bad, f"{path.relative_to(SRC)} imports a renderer: {bad}"


def test_the_scan_sees_a_nested_render_import(tmp_path: Path) -> None:
    """The checker itself: a function-local ``from pyinspect.render...`` is found."""
    f = tmp_path / "m.py"
    f.write_text("def f():\n    from pyinspect.render.text import render\n    import pyinspect.output\n")
    assert [m for _, m in _imports(f) if _forbidden(m)] == [
        "pyinspect.render.text", "pyinspect.render.text.render", "pyinspect.output"]


def test_renderers_do_not_import_the_output_layer() -> None:
    torch_pictures = [SRC / "torch" / f"{name}.py" for name in ("common", "text", "svg")]
    for path in sorted((SRC / "render").glob("*.py")) + torch_pictures:
        bad = [m for _, m in _imports(path) if m == "pyinspect.output" or m.startswith("pyinspect.output.")]
        assert not bad, f"{path.relative_to(SRC)} imports {bad}"


def test_display_hooks_are_installed() -> None:
    """``import pyinspect`` fills the model's display hooks (render and output)."""
    import pyinspect  # noqa: F401
    from pyinspect.model import views

    for name in ("console", "text", "html", "plain", "in_jupyter_kernel", "display_html"):
        assert callable(views.hook(name)), name
    with pytest.raises(RuntimeError, match="no display hook 'nope'"):
        views.hook("nope")
