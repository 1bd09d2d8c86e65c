"""What ships: our scripts minified (hooks/publish.py) yet the same program, and every
script of the built site one that parses.

The policy, the source maps and the search packs are held by tests/test_security.py."""

import json
import shutil
import subprocess

import pytest
import tree_sitter_javascript
from tree_sitter import Language, Node, Parser

import publish
from tools.site import ROOT

NODE = shutil.which("node")
OURS = ROOT / "overrides" / "assets" / "javascripts"
JAVASCRIPT = Parser(Language(tree_sitter_javascript.language()))

# Code a minifier must keep, each with what it leaves in `seen` when run. The first is the
# deletion the line-by-line comment stripper made: a JSDoc cast opening a line hid every
# line after it up to the next one ending a comment.
PROGRAMS = {
    "a cast opening a line": """
const a = 1;
/** @type {{hidden: boolean}} */ (globalThis.box).hidden = true;
const b = 2;
function f() { return 3; }
/* end */
const c = 4;
seen.push(a, globalThis.box.hidden, b, f(), c);
""",
    "a line of a template literal that starts with //": """
const text = `first
// not a comment
last`;
seen.push(text);
""",
    "quotes, backticks and comment marks in a regular expression": """
const local = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+$/;
seen.push(local.test("o'neil"), local.test("a b"), "/* kept */ // kept");
""",
    "statements ended by line breaks alone": """
let n = 1
n++
const twice = n * 2
seen.push(n, twice)
""",
}


def run(code: str) -> list:
    """What the program leaves in `seen`, run by Node as a module."""
    probe = f"globalThis.box = {{}};\nconst seen = [];\n{code}\nconsole.log(JSON.stringify(seen));\n"
    result = subprocess.run([NODE, "--input-type=module", "-"], input=probe, capture_output=True,
                            text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def syntax(code: bytes) -> list[tuple[str, bytes]]:
    """The program's syntax tree as a list of (node type, leaf text), comments aside: the
    same list means the same program, whatever the whitespace."""
    tree = JAVASCRIPT.parse(code)
    assert not tree.root_node.has_error, "does not parse"
    nodes: list[tuple[str, bytes]] = []

    def walk(node: Node) -> None:
        if node.type == "comment":
            return
        nodes.append((node.type, node.text if node.child_count == 0 else b""))
        for child in node.children:
            walk(child)

    walk(tree.root_node)
    return nodes


@pytest.mark.parametrize("code", PROGRAMS.values(), ids=PROGRAMS)
def test_a_minified_program_does_what_its_source_does(code):
    shipped = publish.minified(code)
    assert run(shipped) == run(code) != []
    assert len(shipped) < len(code)


def test_our_modules_ship_as_the_same_programs(site_dir):
    """Every module of ours in the built site has its source's syntax tree: a minifier
    that dropped or changed a statement anywhere fails here, in any module."""
    modules = sorted(OURS.rglob("*.js"))
    assert modules
    for module in modules:
        shipped = site_dir / "assets" / "javascripts" / module.relative_to(OURS)
        assert shipped.stat().st_size < module.stat().st_size, f"{shipped.name} is not minified"
        assert syntax(shipped.read_bytes()) == syntax(module.read_bytes()), \
            f"{module.relative_to(ROOT)} ships as another program"


def test_every_shipped_script_parses(site_dir):
    """Node's own parser on every script of the built site, ours and Material's."""
    scripts = sorted([*site_dir.rglob("*.js"), *site_dir.rglob("*.mjs")])
    assert len(scripts) > len(list(OURS.rglob("*.js")))
    for script in scripts:
        result = subprocess.run([NODE, "--check", str(script)], capture_output=True, text=True,
                                timeout=30)
        assert result.returncode == 0, f"{script.relative_to(site_dir)}: {result.stderr}"
