"""``python -m grader``: the ``grade`` command, for an environment whose scripts folder is
not on the PATH (a notebook's ``!python -m grader lesson01``, Windows without the script)."""

from grader.cli.launch import main

if __name__ == "__main__":  # pragma: no cover - run as a program
    main(prog_name="grade")
