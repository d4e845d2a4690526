"""The one way the scripts of this folder report: one line per problem,
"NAME: problem", then "N passed, N failed"; exit status 1 on any problem."""


class Tally:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def add(self, name, problems):
        """One checked item and its problems (none: it passed)."""
        if problems:
            self.failed += 1
            for p in problems:
                print(f"{name}: {p}" if name else p)
        else:
            self.passed += 1

    def status(self, need_one=False):
        """Prints the count; the exit status (1 also when need_one and nothing was checked)."""
        print(f"{self.passed} passed, {self.failed} failed")
        return 1 if self.failed or (need_one and self.passed == 0) else 0
