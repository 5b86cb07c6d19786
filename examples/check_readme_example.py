#!/usr/bin/env python3
"""The README's example node is examples/readme_node.cc, line for line (run by ctest)."""
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parent.parent
readme = (root / "README.md").read_text()
start = readme.index("```cpp\n", readme.index("## A node in")) + len("```cpp\n")
block = readme[start:readme.index("```\n", start)]
source = (root / "examples" / "readme_node.cc").read_text()
# The file's first line says why it exists; the rest is the README's block.
source = source.split("\n", 1)[1]
if block != source:
    import difflib
    sys.stdout.writelines(difflib.unified_diff(
        block.splitlines(True), source.splitlines(True), "README.md", "examples/readme_node.cc"))
    sys.exit(1)
# And the heading says how long it is.
heading = readme[readme.index("## A node in"):].split("\n", 1)[0]
lines = block.count("\n")
if heading != f"## A node in {lines} lines":
    print(f"README.md: the heading {heading!r} should say {lines} lines")
    sys.exit(1)
print(f"README's example is examples/readme_node.cc ({block.count(chr(10))} lines)")
