#!/usr/bin/env python3
"""Fail when the modules inside a crate of the workspace import each other in a cycle.

Cargo already refuses cycles between crates; this checks the modules (files) inside each
crate. Usage: `tools/module_cycles.py [CRATE_SRC_DIR ...]`; with no argument it checks
`src/` and every `crates/*/src/` of the workspace; `--self-test` checks the checker on
crates it plants in a scratch folder. Exit status 1 and the cycles on stderr
when there is one.

The graph: one node per source file (`a/b.rs` or `a/b/mod.rs` is module `a::b`). A file
depends on the file that *defines* each item it names through `use` or a `crate::`,
`super::`, `self::` or child-module path; re-exports (`pub use`, globs) are names, not
uses: each user's path is followed through them to the defining file. One exception: a file's own ancestors (`super::Turn`, where the parent's
`mod.rs` defines `Turn`) are the shared context of their children and make no edge, so a
`mod.rs` may both define what its children share and call into them. Unit tests
(`#[cfg(test)] mod tests { ... }`) may use anything: they are no part of the layers.
"""

import os
import re
import sys

IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
ITEM = re.compile(
    r"\b(?:fn|struct|enum|trait|type|const|static|union)\s+(" + IDENT + r")"
    r"|\bmacro_rules!\s*(" + IDENT + r")"
)


def strip(text):
    """The text with comments, strings and character literals blanked (lengths kept)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == "r" and re.match(r'r#*"', text[i:]) and not re.match(r"[A-Za-z0-9_]", text[i - 1 : i] or " "):
            hashes = re.match(r"r(#*)\"", text[i:]).group(1)
            end = text.find('"' + hashes, i + 2 + len(hashes))
            j = n if end < 0 else end + 1 + len(hashes)
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            j += 1
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == "'":
            m = re.match(r"'(?:\\u\{[0-9a-fA-F]+\}|\\.|[^\\'])'", text[i:])
            if m:
                out.append(" " * len(m.group(0)))
                i += len(m.group(0))
            else:
                out.append(c)
                i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def split_top(s):
    """Split a use-tree list at its top-level commas."""
    parts, depth, cur = [], 0, ""
    for ch in s:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [p.strip() for p in parts if p.strip()]


def use_paths(tree, prefix=()):
    """(path, bound name) for each leaf of a use tree; the name is None for a glob."""
    tree = re.sub(r"\s+", "", tree).lstrip(":")
    if "{" in tree:
        head, _, rest = tree.partition("{")
        head_segs = tuple(s for s in head.split("::") if s)
        out = []
        for part in split_top(rest[: rest.rfind("}")]):
            out += use_paths(part, prefix + head_segs)
        return out
    segs = tuple(s for s in tree.split("::") if s)
    path = prefix + segs
    if path and path[-1] == "*":
        return [(path[:-1], None)]
    if path and path[-1] == "self":
        path = path[:-1]
    return [(path, path[-1] if path else None)]


def parse_use(raw):
    """Leaves of one `use` statement, with `as` aliases honoured."""
    # Turn `x as y` into a marker before whitespace is removed.
    raw = re.sub(r"\s+as\s+(" + IDENT + ")", r"@\1", raw)
    leaves = []
    for path, name in use_paths(raw.replace("@", "\x00")):
        if path and "\x00" in path[-1]:
            last, alias = path[-1].split("\x00")
            path = path[:-1] + (last,)
            name = alias if alias != "_" else None
        leaves.append((path, name))
    return leaves


class Module:
    def __init__(self, path, file):
        self.path = path  # tuple of segments from the crate root
        self.file = file
        self.defined = set()
        self.children = set()
        self.bindings = {}  # name -> absolute path
        self.globs = []  # absolute module paths
        self.refs = []  # (absolute path, line)


def load_crate(src):
    root = None
    for name in ("lib.rs", "main.rs"):
        if os.path.exists(os.path.join(src, name)):
            root = os.path.join(src, name)
            break
    if root is None:
        return {}
    modules = {}
    pending = [((), root)]
    while pending:
        path, file = pending.pop()
        if path in modules:
            continue
        modules[path] = scan(path, file, pending)
    return modules


def child_file(file, name):
    base = os.path.basename(file)
    d = os.path.dirname(file)
    if base not in ("mod.rs", "lib.rs", "main.rs"):
        d = os.path.join(d, base[:-3])
    for cand in (os.path.join(d, name + ".rs"), os.path.join(d, name, "mod.rs")):
        if os.path.exists(cand):
            return cand
    return None


def scan(path, file, pending):
    module = Module(path, file)
    with open(file, encoding="utf-8") as f:
        text = strip(f.read())
    # Inline modules (`mod tests { ... }`): a stack of (brace depth, name).
    inline = []
    depth = 0
    token = re.compile(
        r"\{|\}|\bmod\s+(" + IDENT + r")\s*(;|\{)|(\bpub(?:\([^)]*\))?\s+)?\buse\s+([^;]*);"
        r"|(\$?\b(?:crate|super|self)(?:::" + IDENT + r")+)|\b(" + IDENT + r")::(" + IDENT + r")"
    )
    pos = 0
    for m in token.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        here = path + tuple(entry[1] for entry in inline)
        in_test = any(entry[2] for entry in inline)
        top = not inline and depth == 0
        # Items defined at the module's top level (between the previous token and this).
        if top:
            for item in ITEM.finditer(text, pos, m.start()):
                module.defined.add(item.group(1) or item.group(2))
        pos = m.end()
        tok = m.group(0)
        if tok == "{":
            depth += 1
        elif tok == "}":
            depth -= 1
            if inline and inline[-1][0] == depth:
                inline.pop()
        elif m.group(1):
            name = m.group(1)
            if m.group(2) == ";":
                if not inline:
                    module.children.add(name)
                    child = child_file(file, name)
                    if child:
                        pending.append((path + (name,), child))
            else:
                test = re.search(r"#\[cfg\(test\)\]\s*$", text[: m.start()]) is not None
                inline.append((depth, name, test))
                depth += 1
                if top:
                    module.defined.add(name)
        elif m.group(4) is not None:
            reexport = m.group(3) is not None
            for leaf, name in parse_use(m.group(4)):
                absolute = absolutise(leaf, here, module)
                if absolute is None:
                    continue
                if not in_test and not reexport:
                    module.refs.append((absolute, line))
                if top:
                    if name is None:
                        module.globs.append(absolute)
                    else:
                        module.bindings[name] = absolute
        elif m.group(5):
            segs = tuple(m.group(5).lstrip("$").split("::"))
            absolute = absolutise(segs, here, module)
            if absolute is not None and not in_test:
                module.refs.append((absolute, line))
        elif m.group(6):
            if m.group(6) in module.children and not inline and not in_test:
                module.refs.append((path + (m.group(6), m.group(7)), line))
    return module


def absolutise(segs, here, module):
    """The path from the crate root, or None for another crate's path."""
    if not segs:
        return None
    if segs[0] == "crate":
        return segs[1:]
    if segs[0] in ("self", "super"):
        base = list(here)
        rest = list(segs)
        if rest[0] == "self":
            rest = rest[1:]
        while rest and rest[0] == "super":
            base = base[:-1]
            rest = rest[1:]
        return tuple(base) + tuple(rest)
    if segs[0] in module.children and len(here) == len(module.path):
        return module.path + tuple(segs)
    return None


def resolve(modules, path, seen=None):
    """(module path of the file that defines what `path` names, whether it was found there);
    None for another crate's path."""
    seen = seen or set()
    if path in seen:
        return None
    seen.add(path)
    k = len(path)
    while k > 0 and path[:k] not in modules:
        k -= 1
    target = modules.get(path[:k])
    if target is None:
        return None
    rest = path[k:]
    if not rest:
        return target.path, True
    name = rest[0]
    if name in target.defined or name in target.children:
        return target.path, True
    if name in target.bindings:
        return resolve(modules, target.bindings[name] + rest[1:], seen)
    for glob in target.globs:
        found = resolve(modules, glob + rest, set(seen))
        if found is not None and found[1]:
            return found
    return target.path, False


def graph(modules):
    edges = {p: {} for p in modules}
    for module in modules.values():
        for ref, line in module.refs:
            found = resolve(modules, ref)
            if found is None or found[0] == module.path:
                continue
            target = found[0]
            if module.path[: len(target)] == target:
                continue  # an ancestor: the shared context of its children
            edges[module.path].setdefault(target, line)
    return edges


def cycles(edges):
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def name(path):
    return "::".join(path) or "crate"


def self_test():
    """Plants crates in a scratch folder: the check must fail on a cycle through a re-export
    and pass on a parent whose children use what it defines, and on a cycle in tests only."""
    import tempfile

    cases = {
        "cycle": (
            {
                "lib.rs": "mod a;\nmod b;\npub use b::Bee;\n",
                "a.rs": "pub struct Ay;\nuse crate::Bee;\n",
                "b.rs": "pub struct Bee;\nfn f() { let _ = crate::a::Ay; }\n",
            },
            True,
        ),
        "shared context": (
            {
                "lib.rs": "mod turn;\npub struct Turn;\nfn f() { turn::step(); }\n",
                "turn.rs": "use super::Turn;\npub fn step() {}\n",
            },
            False,
        ),
        "tests only": (
            {
                "lib.rs": "mod a;\nmod b;\n",
                "a.rs": "pub struct Ay;\n#[cfg(test)]\nmod tests {\n    use crate::b::Bee;\n}\n",
                "b.rs": "pub struct Bee;\nuse crate::a::Ay;\n",
            },
            False,
        ),
    }
    for name, (files, cyclic) in cases.items():
        with tempfile.TemporaryDirectory() as src:
            for file, text in files.items():
                with open(os.path.join(src, file), "w", encoding="utf-8") as f:
                    f.write(text)
            found = bool(cycles(graph(load_crate(src))))
        if found != cyclic:
            print(f"self-test failed: {name}: cycle {'missed' if cyclic else 'reported'}", file=sys.stderr)
            return 1
    print(f"self-test: {len(cases)} planted crates judged right")
    return 0


def main(args):
    if args == ["--self-test"]:
        return self_test()
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if not args:
        args = [os.path.join(top, "src")]
        crates = os.path.join(top, "crates")
        if os.path.isdir(crates):
            args += [os.path.join(crates, c, "src") for c in sorted(os.listdir(crates))]
    failed = False
    for src in args:
        modules = load_crate(src)
        edges = graph(modules)
        for comp in cycles(edges):
            failed = True
            members = set(comp)
            print(f"{os.path.relpath(src, top)}: import cycle among {len(comp)} modules:", file=sys.stderr)
            for v in comp:
                for w, line in sorted(edges[v].items()):
                    if w in members:
                        rel = os.path.relpath(modules[v].file, top)
                        print(f"  {name(v)} -> {name(w)}  ({rel}:{line})", file=sys.stderr)
    if failed:
        return 1
    print(f"no import cycles between modules in {len(args)} crates")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
