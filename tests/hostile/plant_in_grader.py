# lesson: lesson01
# modes: confined
# expect: dot=error, outer=passed, hadamard=passed, matmul=passed
# Tries to plant code in the grader itself: a .pth file in every site-packages folder
# (Python runs it at the start of every later `grade`), then a file in the workspace,
# the reports folder beside it and the user's home; returns the right answer only if
# one of them was written. Run only confined: without confinement it would succeed.
import os
import pwd
import site
import sysconfig

import numpy

_dot = dot


def dot(a, b):
    folders = {os.path.dirname(os.path.dirname(numpy.__file__)), sysconfig.get_path("purelib"),
               *site.getsitepackages(), "@@WORKSPACE@@", os.path.join("@@WORKSPACE@@", "..", "reports"),
               pwd.getpwuid(os.getuid()).pw_dir}
    planted = []
    for folder in sorted(folders):
        try:
            with open(os.path.join(folder, "zz_planted.pth"), "w", encoding="utf-8") as handle:
                handle.write("import os; os.environ['GRADE_PLANTED'] = '1'\n")
            planted.append(folder)
        except OSError as exc:
            last = exc
    if not planted:
        raise last
    return _dot(a, b)
