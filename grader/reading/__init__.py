"""Reading a learner's code in the parent, without running it: a workspace folder as the
lessons' submissions and what is wrong with them (``submission``), the source as bytes
and text, its syntax and the forbidden operations it names (``source``, ``forbidden``), a
lesson kept as a notebook read as its code (``notebook``), and a kernel's history reduced
to its definitions (``cells``)."""
