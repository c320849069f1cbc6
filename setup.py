"""Build hook: ship the course materials inside the package.

``exercises/`` (stubs), ``solutions/`` (references) and ``lessons/`` (lesson texts and
their figures) stay the one canonical copy at the top of the project. Building a wheel copies them into
``grader/_materials/``, where ``grade init`` and the grader find them when the package
was installed rather than cloned (``grader/materials.py``). Editable installs read the
project's folders directly, so nothing is copied for them. Everything else about the
package is in ``pyproject.toml``.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
MATERIALS = (("exercises", "lesson*.py"), ("solutions", "lesson*.py"), ("lessons", "*/lesson*.md"),
             ("lessons", "figures/*.svg"))


class BuildWithMaterials(build_py):
    """``build_py`` that also copies the course materials into ``grader/_materials/``."""

    def _materials(self) -> list[tuple[Path, Path]]:
        target = Path(self.build_lib) / "grader" / "_materials"
        return [(source, target / source.relative_to(ROOT))
                for folder, pattern in MATERIALS for source in sorted((ROOT / folder).glob(pattern))]

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for source, destination in self._materials():
            self.mkpath(str(destination.parent))
            self.copy_file(str(source), str(destination))

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs: list[str] = super().get_outputs(include_bytecode)
        if getattr(self, "editable_mode", False):
            return outputs
        return outputs + [str(destination) for _, destination in self._materials()]


setup(cmdclass={"build_py": BuildWithMaterials})
