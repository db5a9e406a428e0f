"""`xs.reduce(cb, init)` whose callback must await: a `for...of` loop that keeps the accumulator.

A reduce callback cannot simply turn async (each step would get the Promise of the step before as
its accumulator), so the reduce becomes the loop it stands for, in the statement that used it:

    return xs.reduce<T>((acc, x, i) => {        let acc: T = init
      BODY                                      for (const [i, x] of xs.entries()) {
      return acc                      ->          BODY
    }, init)                                    }
                                                return acc

The callback's last statement `return EXPR` becomes `acc = EXPR` (nothing when EXPR is the
accumulator itself), an earlier `return EXPR` becomes `acc = EXPR; continue`, an expression body
`acc = EXPR`; the reduce's own place in its statement reads the accumulator. The callback's body
stays where it is (other rules edit inside it in the same pass); only the bytes around it change.

Forms whose meaning a loop cannot keep stay listed with the reason (`reduce_plan`): no initial
value, the array parameter, `this`/`arguments` of a function expression, a body that can end
without returning, a return inside a nested loop, a reduce evaluated conditionally or after other
calls of its statement, or an accumulator whose name the enclosing function already uses.
"""
from __future__ import annotations

from tree_sitter import Node

from wavemod.engine.core.syntax import FUNCTION_TYPES, call_function, inside, text, walk

# The loop's edits cover the reduce's array, initial value and statement (copied into the loop's
# head and after it): they win over other rules' edits there, which are retried on the next pass.
PRIORITY = 20
STATEMENT_LISTS = frozenset({"statement_block", "program", "switch_case", "switch_default"})
LOOPS = frozenset({"for_statement", "for_in_statement", "while_statement", "do_statement"})
CONDITIONAL = frozenset({"ternary_expression", "binary_expression", "optional_chain"})
SHORT_CIRCUIT = ("&&", "||", "??")
EFFECTS = frozenset({"call_expression", "await_expression", "new_expression", "assignment_expression", "augmented_assignment_expression", "update_expression"})


def reduce_call(fn: Node) -> Node | None:
    """The `xs.reduce(fn, init)` call `fn` is the first argument of, or None."""
    args = fn.parent
    call = args.parent if args is not None and args.type == "arguments" else None
    if call is None or call.type != "call_expression":
        return None
    callee = call_function(call)
    if callee is None or callee.type != "member_expression" or text(callee.child_by_field_name("property")) != "reduce":
        return None
    named = [a for a in args.named_children if a.type != "comment"]
    return call if named and named[0] == fn else None


def _params(fn: Node) -> list[Node]:
    single = fn.child_by_field_name("parameter")
    if single is not None:
        return [single]
    params = fn.child_by_field_name("parameters")
    return list(params.named_children) if params is not None else []


def _pattern(param: Node) -> Node:
    return param.child_by_field_name("pattern") or param


def _statement(call: Node) -> Node | None:
    """The statement the reduce is evaluated in, directly (no function or condition in between)."""
    node = call
    while node.parent is not None and node.parent.type not in STATEMENT_LISTS:
        parent = node.parent
        if parent.type in FUNCTION_TYPES or parent.type in {"if_statement", "for_statement", "for_in_statement", "while_statement", "do_statement", "class_body"}:
            return None
        if parent.type == "ternary_expression" and parent.child_by_field_name("condition") != node:
            return None
        if parent.type == "binary_expression" and text(parent.child_by_field_name("operator")) in SHORT_CIRCUIT and parent.child_by_field_name("left") != node:
            return None
        node = parent
    return node if node.parent is not None and node.type.endswith(("statement", "declaration")) else None


def _returns(body: Node, fn: Node) -> list[Node]:
    out = []
    for node in walk(body):
        if node.type == "return_statement":
            owner = node.parent
            while owner is not None and owner.type not in FUNCTION_TYPES:
                owner = owner.parent
            if owner == fn:
                out.append(node)
    return out


def _evaluated_before(statement: Node, call: Node) -> bool:
    """Whether the statement does something (a call, an await, an assignment) before the reduce."""
    ancestors = set()
    node = call
    while node is not None and node != statement:
        ancestors.add(node.id)
        node = node.parent
    for node in walk(statement):
        if node.start_byte >= call.start_byte:
            continue
        if node.type in EFFECTS and node.id not in ancestors and node.end_byte <= call.start_byte:
            return True
    return False


def _has_call(node: Node) -> bool:
    return any(n.type in EFFECTS for n in walk(node))


def _name_used_around(name: str, fn: Node, call: Node) -> bool:
    scope = call.parent
    while scope is not None and scope.type not in FUNCTION_TYPES and scope.type != "program":
        scope = scope.parent
    if scope is None:
        return True
    for node in walk(scope):
        if node.type in {"identifier", "shorthand_property_identifier", "shorthand_property_identifier_pattern"} and text(node) == name:
            if not (fn.start_byte <= node.start_byte < fn.end_byte):
                return True
    return False


def reduce_plan(fn: Node) -> str:
    """"" when the reduce around callback `fn` can become a loop, else why it cannot."""
    call = reduce_call(fn)
    if call is None:
        return "reduce callback not passed as reduce's first argument: rewrite it as a for...of loop by hand"
    args = [a for a in call.child_by_field_name("arguments").named_children if a.type != "comment"]
    if len(args) != 2:
        return "reduce without an initial value: rewrite it as a for...of loop by hand"
    if fn.type != "arrow_function" and any(n.type in {"this", "arguments"} for n in walk(fn)):
        return "reduce callback that uses its own `this` or `arguments`: rewrite it by hand"
    params = _params(fn)
    if not 2 <= len(params) <= 3 or _pattern(params[0]).type != "identifier":
        return "reduce callback without a named accumulator and item, or with the array parameter: rewrite it as a for...of loop by hand"
    body = fn.child_by_field_name("body")
    if body.type == "statement_block":
        returns = _returns(body, fn)
        last = body.named_children[-1] if body.named_children else None
        if last is None or last.type != "return_statement" or not last.named_children:
            return "reduce callback that can end without returning the accumulator: rewrite it as a for...of loop by hand"
        if any(inside(r, LOOPS, fn) or not r.named_children for r in returns):
            return "reduce callback that returns from inside a loop: rewrite it as a for...of loop by hand"
    statement = _statement(call)
    if statement is None:
        return "reduce evaluated conditionally or outside a statement list: rewrite it as a for...of loop by hand"
    if _evaluated_before(statement, call):
        return "reduce that runs after other calls of its statement: rewrite it as a for...of loop by hand"
    iterable = call_function(call).child_by_field_name("object")
    if _has_call(args[1]) and _has_call(iterable):
        return "reduce whose array and initial value both call functions: rewrite it as a for...of loop by hand"
    if _name_used_around(text(_pattern(params[0])), fn, call):
        return f"reduce accumulator `{text(_pattern(params[0]))}` is a name the function already uses: rewrite it as a for...of loop by hand"
    return ""


def _newline(source: bytes, at: int) -> str:
    line_start = source.rfind(b"\n", 0, at) + 1
    return "\r\n" if source[line_start - 2 : line_start] == b"\r\n" else "\n"


def _indent(source: bytes, at: int) -> str:
    line_start = source.rfind(b"\n", 0, at) + 1
    lead = source[line_start:at]
    return lead.decode("utf-8", "replace") if not lead.strip() else ""


def _unit(source: bytes, fn: Node, statement_indent: str) -> str:
    """One level of indentation: the callback body's own, else two spaces (tabs if the file uses them)."""
    body = fn.child_by_field_name("body")
    if body.type == "statement_block" and body.named_children:
        inner = _indent(source, body.named_children[0].start_byte)
        if inner.startswith(statement_indent) and len(inner) > len(statement_indent):
            return inner[len(statement_indent) :]
    return "\t" if statement_indent.startswith("\t") else "  "


def _line_span(source: bytes, node: Node) -> tuple[int, int]:
    """The node's whole line(s), when nothing else is on them; else the node alone."""
    start = source.rfind(b"\n", 0, node.start_byte) + 1
    end = source.find(b"\n", node.end_byte)
    end = len(source) if end == -1 else end
    if source[start : node.start_byte].strip() or source[node.end_byte : end].strip(b" \t\r;"):
        return node.start_byte, node.end_byte
    return start, end + 1 if end < len(source) else end


def reduce_edits(fn: Node, source: bytes) -> list[tuple[int, int, str]]:
    """The byte edits (start, end, text) turning the reduce around `fn` into a loop (`reduce_plan`
    must have said yes; `source`: the file's bytes)."""
    call = reduce_call(fn)
    assert call is not None
    statement = _statement(call)
    args = [a for a in call.child_by_field_name("arguments").named_children if a.type != "comment"]
    params = _params(fn)
    acc = text(_pattern(params[0]))
    item = text(_pattern(params[1]))
    iterable = text(call_function(call).child_by_field_name("object"))
    head = f"for (const [{text(_pattern(params[2]))}, {item}] of {iterable}.entries())" if len(params) == 3 else f"for (const {item} of {iterable})"
    type_args = call.child_by_field_name("type_arguments")
    annotation = params[0].child_by_field_name("type")
    declared = text(type_args)[1:-1] if type_args is not None else text(annotation)[1:].strip() if annotation is not None else ""
    nl, indent = _newline(source, statement.start_byte), _indent(source, statement.start_byte)
    unit = _unit(source, fn, indent)
    semicolon = ";" if (statement.text or b"").rstrip().endswith(b";") else ""
    declaration = f"let {acc}{': ' + declared if declared else ''} = {text(args[1])}{semicolon}{nl}{indent}"
    body = fn.child_by_field_name("body")
    rest = source[statement.start_byte : call.start_byte].decode("utf-8", "replace") + acc + source[call.end_byte : statement.end_byte].decode("utf-8", "replace")
    edits: list[tuple[int, int, str]] = []
    if body.type == "statement_block":
        edits.append((statement.start_byte, body.start_byte, f"{declaration}{head} "))
        last = body.named_children[-1]
        for ret in _returns(body, fn):
            value = ret.named_children[0]
            same = text(value) == acc
            if ret == last:
                if same:
                    start, end = _line_span(source, ret)
                    edits.append((start, end, ""))
                else:
                    edits.append((ret.start_byte, value.start_byte, f"{acc} = "))
            elif same:
                edits.append((ret.start_byte, value.end_byte, "continue"))
            else:
                # The value's bytes stay in place: other rules may edit inside them in this pass.
                braced = ret.parent is not None and ret.parent.type not in STATEMENT_LISTS
                edits.append((ret.start_byte, value.start_byte, ("{ " if braced else "") + f"{acc} = "))
                edits.append((value.end_byte, value.end_byte, "; continue" + (" }" if braced else "")))
        edits.append((body.end_byte, statement.end_byte, f"{nl}{indent}{rest}"))
    else:
        value = body
        edits.append((statement.start_byte, value.start_byte, f"{declaration}{head} {{{nl}{indent}{unit}{acc} = "))
        edits.append((value.end_byte, statement.end_byte, f"{semicolon}{nl}{indent}}}{nl}{indent}{rest}"))
    return edits
