"""The files ``grade ci init`` and ``grade export student`` write, as text templates.

Placeholders are ``%NAME%`` (``${{ }}`` and ``$VAR`` belong to GitHub Actions and bash);
``fill`` refuses to leave one unfilled. Each workflow keeps every command in plain
``run:``/``script:`` shell, so the same commands can be run locally, as the CI would.
"""

from __future__ import annotations

import re

_PLACEHOLDER = re.compile(r"%([A-Z_]+)%")


def fill(template: str, **values: str) -> str:
    """Replace every ``%NAME%`` with ``values[NAME]``; all must be given, none left over."""

    def replace(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in values:
            raise KeyError(f"template value {key} is missing")
        return values[key]

    return _PLACEHOLDER.sub(replace, template)


# The reporter (classroom-resources/autograding-grading-reporter@v1) prints the results
# and publishes the total as a workflow annotation ("Points X/Y", src/notify-classroom.js),
# which needs no token: the workflow asks only to read the repository and its runs, as
# the reporter's own README does. The job keeps the name Classroom's templates use.
# Each exercise is one runner (grader/reporters/github.py says why): the one Grade step
# publishes an output per exercise, and %RESULTS_ENV% / %RUNNERS% list them all.
GITHUB_WORKFLOW = """\
# Grades every push with the instructor's grader and reports the score to GitHub Classroom.
# Written by `grade ci init github` (dl-math-grader %VERSION%). The repository carries no
# grader: the grader is installed, pinned, from the instructor's source, into a folder
# outside the checkout, and grading runs there with a clean environment, so nothing the
# repository holds or sets (a grader/ folder, setup.py, GRADE_* variables) takes part.
# The score of record is the instructor's regrade: docs/classroom.md of the course.
%HELD_NOTE%name: Autograding Tests
"on":
  - push
  - repository_dispatch
  - workflow_dispatch
permissions:
  actions: read
  contents: read
jobs:
  run-autograding-tests:
    name: Autograding Tests
    runs-on: ubuntu-latest
    if: github.actor != 'github-classroom[bot]'
    timeout-minutes: 30
    steps:
      - name: Check out the submission
        uses: actions/checkout@v4
        with:
          persist-credentials: false
      - name: Set up Python
        uses: actions/setup-python@v5
        with:
          python-version: "%PYTHON%"
      - name: Install the grader
        run: |
          cd "$RUNNER_TEMP"
          python -m venv grader-venv
          grader-venv/bin/python -m pip install --isolated --quiet --disable-pip-version-check \\
            --no-input "%GRADER%"
      - name: Unpack the reference solutions
        env:
          GRADE_REFERENCES: ${{ secrets.GRADE_REFERENCES }}
        run: |
          dest="$RUNNER_TEMP/grade-reference"
          rm -rf "$dest"
          mkdir -p "$dest"
          if [ -z "${GRADE_REFERENCES:-}" ]; then
            echo "::error::No reference solutions: set the GRADE_REFERENCES secret" \\
              "(grade export student --reference-secret FILE)."
            exit 1
          fi
          printf '%s' "$GRADE_REFERENCES" | base64 -d | tar -xzf - -C "$dest"
      - name: Grade
        id: grade
        run: |
          cd "$RUNNER_TEMP"
          env -i PATH="/usr/local/bin:/usr/bin:/bin" HOME="$HOME" LANG=C.UTF-8 NO_COLOR=1 \\
            GITHUB_OUTPUT="$GITHUB_OUTPUT" GRADE_REFERENCE="$RUNNER_TEMP/grade-reference" \\
            %STEP_SUMMARY%"$RUNNER_TEMP/grader-venv/bin/grade" all --workspace "$GITHUB_WORKSPACE/%WORKSPACE%" \\
            --no-record%HELD% --output "github:$RUNNER_TEMP/grade-result.txt"
      - name: Autograding Reporter
        if: always()
        uses: classroom-resources/autograding-grading-reporter@v1
        env:
%RESULTS_ENV%
        with:
          runners: %RUNNERS%
"""

GITLAB_CI = """\
# Grades every push with the instructor's grader; the merge request and pipeline pages show
# one test per check (JUnit report). Written by `grade ci init gitlab` (dl-math-grader
# %VERSION%). The repository carries no grader: the grader is installed, pinned, from the
# instructor's source outside the checkout, and grading runs with a clean environment.
# The score of record is the instructor's regrade: docs/classroom.md of the course.
# GRADE_REFERENCES: a CI/CD variable (or a file-type variable) holding the base64
# archive `grade export student --reference-secret FILE` writes.
grade:
  image: python:%PYTHON%-slim
  variables:
    GRADE_MIN_SCORE: "%MIN_SCORE%"
  script:
    - |
      tools="$(mktemp -d)"
      (cd "$tools" && python -m venv grader-venv \\
        && grader-venv/bin/python -m pip install --isolated --quiet --disable-pip-version-check --no-input "%GRADER%")
      dest="$(mktemp -d)"
      if [ -n "${GRADE_REFERENCES:-}" ] && [ -f "$GRADE_REFERENCES" ]; then
        base64 -d < "$GRADE_REFERENCES" | tar -xzf - -C "$dest"
      elif [ -n "${GRADE_REFERENCES:-}" ]; then
        printf '%s' "$GRADE_REFERENCES" | base64 -d | tar -xzf - -C "$dest"
      else
        echo "No reference solutions: set the GRADE_REFERENCES variable (grade export student --reference-secret FILE)."
        exit 1
      fi
      # From the checkout, so that the JUnit report names files by their path in it; the
      # installed grader never imports from the folder it runs in.
      env -i PATH="/usr/local/bin:/usr/bin:/bin" HOME="$HOME" LANG=C.UTF-8 NO_COLOR=1 \\
        GRADE_REFERENCE="$dest" "$tools/grader-venv/bin/grade" all --workspace %WORKSPACE% \\
        --no-record --output junit:grade-junit.xml --output json:grade-results.json \\
        --min-score "$GRADE_MIN_SCORE"
  artifacts:
    when: always
    paths:
      - grade-junit.xml
      - grade-results.json
    reports:
      junit: grade-junit.xml
"""

GRADESCOPE_SETUP = """\
#!/usr/bin/env bash
# Gradescope runs this once, as root, while it builds the autograder image; the zip is
# unpacked in /autograder/source. AUTOGRADER_ROOT stands in for /autograder, to try the
# bundle anywhere. Written by `grade ci init gradescope` (dl-math-grader %VERSION%).
set -euo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"
SOURCE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PYTHON="${GRADE_PYTHON:-python3}"
if ! "$PYTHON" -c "import ensurepip, venv" >/dev/null 2>&1 && command -v apt-get >/dev/null; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3 python3-venv python3-pip
fi
"$PYTHON" -m venv "$ROOT/venv"
"$ROOT/venv/bin/python" -m pip install --quiet --disable-pip-version-check "$SOURCE/grader-src"
"$ROOT/venv/bin/grade" --version
"""

GRADESCOPE_RUN = """\
#!/usr/bin/env bash
# Gradescope runs this for every submission (it is copied to /autograder/run_autograder).
# The student's files are in /autograder/submission; Gradescope reads
# /autograder/results/results.json, which is written once, at the end: nothing the
# submission prints can get into it. AUTOGRADER_ROOT stands in for /autograder.
# Written by `grade ci init gradescope` (dl-math-grader %VERSION%).
set -uo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"
SOURCE="$ROOT/source"
SUBMISSION="$ROOT/submission"
RESULTS="$ROOT/results/results.json"
mkdir -p "$ROOT/results"
rm -f "$RESULTS"

# The lesson files: in exercises/ (a copy of the student repository), at the top (files
# uploaded one by one) or in the first folder that holds one.
if compgen -G "$SUBMISSION/exercises/lesson[0-9][0-9]_*.py" >/dev/null \\
   || compgen -G "$SUBMISSION/exercises/lesson[0-9][0-9]_*.ipynb" >/dev/null; then
  WORKSPACE="$SUBMISSION/exercises"
elif compgen -G "$SUBMISSION/lesson[0-9][0-9]_*.py" >/dev/null \\
   || compgen -G "$SUBMISSION/lesson[0-9][0-9]_*.ipynb" >/dev/null; then
  WORKSPACE="$SUBMISSION"
else
  FIRST="$(find "$SUBMISSION" \\( -name 'lesson[0-9][0-9]_*.py' -o -name 'lesson[0-9][0-9]_*.ipynb' \\) \\
    -not -path '*/.*' -print 2>/dev/null | sort | head -n 1)"
  # None at all: grade the submission itself, so each lesson names the file it expected
  # and the files it found (a misnamed lesson01.py is then one rename away).
  WORKSPACE="$(dirname "${FIRST:-$SUBMISSION/.}")"
fi

export GRADE_REFERENCE="$SOURCE/references"
export GRADE_GRADESCOPE_VISIBILITY="%VISIBILITY%"
# Every submission draws its own hidden inputs from its bytes and this private secret.
export GRADE_SECRET="%SECRET%"
"$ROOT/venv/bin/grade" all --workspace "$WORKSPACE" --no-record --output "gradescope:$RESULTS"
status=$?
if [ ! -s "$RESULTS" ]; then
  # A grader failure is shown as one, never as a silent zero for the student's code.
  message="The autograder could not grade this submission (grade exited with status $status)."
  message="$message This is not a verdict on your code: please tell the course staff."
  printf '{"score": 0, "output": "%s", "stdout_visibility": "hidden", "tests": []}\n' \
    "$message" > "$RESULTS"
fi
exit 0
"""

STUDENT_NOTE = """\
# Your course repository

Write your code in `exercises/`, one file per lesson, and read the lesson texts the
course gives you. Every push is graded by the course's CI (%CI%), which shows the
feedback for each exercise and your score.

The grader is not in this repository: the CI installs the instructor's version. To run
it on your own computer, install the same one, `python -m pip install "%GRADER%"`, and
run `grade lesson01` here. The reference solutions the grader compares your answers
with are not in this repository either, so `grade` on your own computer needs them from
your instructor; without them it says so and stops.

The score the CI shows is feedback. Your grade is what the instructor's own regrade of
this repository gives, with the instructor's grader and references.
"""
