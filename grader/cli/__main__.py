"""``python -m grader.cli``: the ``grade`` command (as ``python -m grader``)."""

from grader.cli.launch import main

if __name__ == "__main__":  # pragma: no cover - run as a program
    main()
