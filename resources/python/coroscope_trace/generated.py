"""The program `coroscope-cli python SCENARIO` writes: what its scenario said.

Such a program states its run's limit and collector in a module constant,
`_LIMITER`, the engine's "limiter" line as text (its harness writes it as
the first line of its own `--trace OUT`). Traced by this package (real
clock or virtual) the program's trace has that line too, right after
"meta": read from the file before the program runs (once, never per task),
so that its file opens as the engine's run of the scenario does (the
header's limit and collector, Permits in use as the limit counts them:
docs/trace-extensions.md, "limiter").

Only a program with the generated harness (a module-level `class
coroscope_harness`) and a module-level `_LIMITER = '...'` whose JSON is a
"limiter" line is read; any other program gets no line."""

import json


def limiter_pairs(source):
    """The (key, value) pairs of the program's "limiter" line after "t" and
    "ev" (its "limit", "collect", ... in their order), or None. `source`:
    the program's text (bytes or str)."""
    if isinstance(source, bytes):
        # cheap test first: most programs are not generated ones
        if b"_LIMITER" not in source or b"coroscope_harness" not in source:
            return None
    elif "_LIMITER" not in source or "coroscope_harness" not in source:
        return None
    import ast   # (only for a program that names both)
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return None
    text, harness = None, False
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == "coroscope_harness":
            harness = True
        elif (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
              and node.targets[0].id == "_LIMITER" and isinstance(node.value, ast.Constant)
              and isinstance(node.value.value, str)):
            text = node.value.value
    if not harness or text is None:
        return None
    try:
        line = json.loads(text)
    except ValueError:
        return None
    if not isinstance(line, dict) or line.get("ev") != "limiter" or not isinstance(line.get("limit"), dict):
        return None
    return [(k, v) for k, v in line.items() if k not in ("t", "ev")]


def write_limiter(tracer, path):
    """Write the program file's "limiter" line (if it has one) with tracer."""
    try:
        with open(path, "rb") as f:
            source = f.read()
    except OSError:
        return
    pairs = limiter_pairs(source)
    if pairs is not None:
        tracer.line("limiter", pairs)
