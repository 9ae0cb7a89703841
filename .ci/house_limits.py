"""The house's limits on the package (STYLE.md): modules of at most 600 lines, functions of at
most 80, no string literal over 2,000 characters. Prints each breach with its place; exit 1 if any."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

MODULE_LINES, FUNCTION_LINES, STRING_CHARS = 600, 80, 2000


def breaches(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        lines = source.count("\n")
        if lines > MODULE_LINES:
            found.append(f"{path}: {lines} lines (at most {MODULE_LINES})")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > FUNCTION_LINES:
                    found.append(
                        f"{path}:{node.lineno}: {node.name} has {length} lines (at most {FUNCTION_LINES})"
                    )
            elif (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and len(node.value) > STRING_CHARS
            ):
                found.append(
                    f"{path}:{node.lineno}: a string of {len(node.value)} characters (at most {STRING_CHARS})"
                )
    return found


if __name__ == "__main__":
    problems = breaches(Path(sys.argv[1] if len(sys.argv) > 1 else "geo"))
    print("\n".join(problems) or "house limits: all hold")
    sys.exit(1 if problems else 0)
