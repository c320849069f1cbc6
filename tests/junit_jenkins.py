"""The rules of Jenkins' JUnit schema, as data, to check a document against.

Derived (not copied) from the schema the Jenkins xunit plugin validates JUnit reports
with: jenkinsci/xunit-plugin, src/main/resources/org/jenkinsci/plugins/xunit/types/
model/xsd/junit-10.xsd. For each element it allows: the attributes it allows, those it
requires, and the child elements it allows. ``testsuites`` holds a sequence of
``testsuite`` only; ``testsuite`` and ``testcase`` hold their children as an unbounded
choice, so any order is valid there. ``time`` on ``testsuite`` and ``testsuites`` has
the schema's ``SUREFIRE_TIME`` pattern. ``failure``, ``error`` and ``skipped`` are
mixed content (text allowed); ``properties`` holds only ``property`` elements.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    attributes: frozenset[str]
    required: frozenset[str] = frozenset()
    children: frozenset[str] = frozenset()
    text: bool = False


_OUTCOME = Rule(frozenset({"type", "message"}), text=True)
_RERUN = Rule(frozenset({"type", "message"}), frozenset({"type"}),
              frozenset({"stackTrace", "system-out", "system-err"}), text=True)
_TEXT = Rule(frozenset(), text=True)

RULES: dict[str, Rule] = {
    "testsuites": Rule(frozenset({"name", "time", "tests", "failures", "errors"}),
                       children=frozenset({"testsuite"})),
    "testsuite": Rule(
        frozenset({"name", "tests", "failures", "errors", "group", "time", "skipped", "timestamp",
                   "hostname", "id", "package", "file", "log", "url"}),
        frozenset({"name", "tests", "failures", "errors"}),
        frozenset({"testsuite", "properties", "testcase", "system-out", "system-err"})),
    "properties": Rule(frozenset(), children=frozenset({"property"})),
    "property": Rule(frozenset({"name", "value"}), frozenset({"name", "value"})),
    "testcase": Rule(
        frozenset({"name", "time", "classname", "group"}), frozenset({"name"}),
        frozenset({"skipped", "error", "failure", "rerunFailure", "rerunError", "flakyFailure",
                   "flakyError", "system-out", "system-err"})),
    "failure": _OUTCOME,
    "error": _OUTCOME,
    "skipped": _OUTCOME,
    "rerunFailure": _RERUN,
    "rerunError": _RERUN,
    "flakyFailure": _RERUN,
    "flakyError": _RERUN,
    "system-out": _TEXT,
    "system-err": _TEXT,
    "stackTrace": _TEXT,
}
ROOTS = frozenset(RULES)  # the schema declares every element globally: any may be the root
SUREFIRE_TIME = re.compile(r"(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?")
TIMED = frozenset({"testsuites", "testsuite"})


def violations(document: str) -> list[str]:
    """Every way ``document`` breaks the schema's rules; empty when it is valid."""
    root = ET.fromstring(document.encode("utf-8"))
    found: list[str] = []
    if root.tag not in ROOTS:
        found.append(f"<{root.tag}> is not an element of the schema")
        return found

    def visit(element: ET.Element, where: str) -> None:
        rule = RULES.get(element.tag)
        if rule is None:
            found.append(f"{where}: <{element.tag}> is not allowed")
            return
        for name in sorted(set(element.attrib) - rule.attributes):
            found.append(f"{where}: attribute {name!r} is not allowed on <{element.tag}>")
        for name in sorted(rule.required - set(element.attrib)):
            found.append(f"{where}: <{element.tag}> lacks the required attribute {name!r}")
        if element.tag in TIMED and "time" in element.attrib \
                and not SUREFIRE_TIME.fullmatch(element.attrib["time"]):
            found.append(f"{where}: time {element.attrib['time']!r} is not a SUREFIRE_TIME")
        if not rule.text and (element.text or "").strip():
            found.append(f"{where}: <{element.tag}> may not hold text")
        for index, child in enumerate(element):
            if child.tag not in rule.children:
                found.append(f"{where}: <{child.tag}> is not allowed inside <{element.tag}>")
                continue
            if not rule.text and (child.tail or "").strip():
                found.append(f"{where}: <{element.tag}> may not hold text")
            visit(child, f"{where}/{child.tag}[{index}]")

    visit(root, root.tag)
    return found
