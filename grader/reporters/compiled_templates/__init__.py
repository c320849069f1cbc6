"""The HTML templates as Jinja compiles them, generated ahead of time (``template_loading``).

``python -m grader.compile_templates`` (re)writes one module per template of
``grader/reporters/templates/``; ``--check`` only says which are missing or out of date,
and fails if any are. Run it after editing a template or the environment's options in
``html_report``: until then, the edited template is compiled at run time, which is right
but slower.
"""

from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).resolve().parent


def expected() -> dict[str, str]:
    """Every generated module's file name and the text it should hold now."""
    from grader.reporters.html_report import environment
    from grader.reporters.template_loading import generated_module, module_name

    env = environment()
    return {f"{module_name(name)}.py": generated_module(env, name) for name in env.list_templates()
            if name.endswith(".j2")}


def differences(folder: Path = FOLDER) -> list[str]:
    """The generated modules in ``folder`` that are missing or differ from ``expected()``."""
    out = []
    for name, text in expected().items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            out.append(name)
    return out
