"""Loading the HTML templates: Jinja's code compiled ahead of time, when it is current.

Compiling ``learner.html.j2`` with the ``base.html.j2`` it extends (Jinja's lexing,
parsing and code generation, then Python's own compile) took some 35 ms of the grading
process's CPU on every run, more than grading lesson 01. ``grader/reporters/compiled_templates/``
holds that code, written by ``python -m grader.compile_templates``; importing
it costs a fraction of a millisecond, its bytecode cached like any module's.

Generated code is only as good as the text and the Jinja it came from, so each module
records a fingerprint of both (with the environment's options that shape the code) and
is used only when that fingerprint is the one computed now. A template edited since, or
another release of Jinja installed, is compiled from its text as before: slower, never
stale. ``tests/test_html_templates.py`` fails when a committed module is out of date.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
from collections.abc import Callable, MutableMapping
from typing import Any

import jinja2
from jinja2 import BaseLoader, Environment, Template

COMPILED_PACKAGE = "grader.reporters.compiled_templates"


def module_name(template: str) -> str:
    """The generated module's name for a template: ``learner.html.j2`` -> ``learner_html``."""
    return template.removesuffix(".j2").replace(".", "_").replace("-", "_")


def fingerprint(environment: Environment, source: str) -> str:
    """What the generated code depends on: the template's text, the Jinja release, and the
    options that change the code Jinja writes."""
    finalize = environment.finalize
    options = (
        jinja2.__version__, environment.autoescape is True, environment.trim_blocks,
        environment.lstrip_blocks, environment.keep_trailing_newline, environment.optimized,
        environment.block_start_string, environment.block_end_string,
        environment.variable_start_string, environment.variable_end_string,
        environment.comment_start_string, environment.comment_end_string,
        environment.line_statement_prefix, environment.line_comment_prefix,
        sorted(environment.extensions),
        None if finalize is None else f"{finalize.__module__}.{finalize.__qualname__}",
    )
    return hashlib.sha256(repr((options, source)).encode("utf-8")).hexdigest()


def _generated_namespace(template: str) -> dict[str, Any] | None:
    """The generated module of ``template`` run in a namespace of its own, or None.

    Not imported as a module: a template made from it keeps its environment in the
    module's globals, so two environments sharing one module would reach into each other
    (Jinja's ``ModuleLoader`` also loads its modules per loader). The code still comes
    from the bytecode cache the import system keeps for the file.
    """
    name = f"{COMPILED_PACKAGE}.{module_name(template)}"
    try:
        spec = importlib.util.find_spec(name)
        if spec is None or not isinstance(spec.loader, importlib.machinery.SourceFileLoader):
            return None
        code = spec.loader.get_code(name)
        if code is None:
            return None
        namespace: dict[str, Any] = {"__name__": name, "__file__": spec.origin}
        exec(code, namespace)  # only Jinja's runtime imports and definitions: nothing runs yet
    except Exception:  # generated for another Jinja (a name its runtime no longer has): compile instead
        return None
    return namespace


class PrecompiledLoader(BaseLoader):
    """Templates by name, from their generated module when it is current, else from the
    text ``source`` loader gives (compiled on the spot, as Jinja always does)."""

    def __init__(self, source: BaseLoader) -> None:
        self.source = source
        self.compiled_names: list[str] = []  # which templates came from generated code

    def get_source(self, environment: Environment, template: str
                   ) -> tuple[str, str | None, Callable[[], bool] | None]:
        return self.source.get_source(environment, template)

    def list_templates(self) -> list[str]:
        return self.source.list_templates()

    def load(self, environment: Environment, name: str,
             globals: MutableMapping[str, Any] | None = None) -> Template:
        text, _filename, _uptodate = self.get_source(environment, name)
        namespace = _generated_namespace(name)
        if namespace is not None and namespace.get("FINGERPRINT") == fingerprint(environment, text):
            self.compiled_names.append(name)
            return environment.template_class.from_module_dict(environment, namespace,
                                                               {} if globals is None else globals)
        return super().load(environment, name, globals)


def generated_module(environment: Environment, name: str) -> str:
    """The text of the module for template ``name``: its fingerprint and Jinja's code."""
    text, filename, _uptodate = environment.loader.get_source(environment, name)  # type: ignore[union-attr]
    code = environment.compile(text, name, filename, raw=True, defer_init=True)
    return (f"# Generated by `python -m grader.compile_templates` from\n"
            f"# grader/reporters/templates/{name}, with Jinja {jinja2.__version__}: do not edit.\n"
            f"FINGERPRINT = {fingerprint(environment, text)!r}\n"
            f"JINJA2 = {jinja2.__version__!r}\n"
            f"SOURCE_SHA256 = {hashlib.sha256(text.encode('utf-8')).hexdigest()!r}\n"
            f"{code}\n")
