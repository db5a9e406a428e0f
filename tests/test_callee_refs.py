"""What each form of call refers to (engine.analysis.functions.callee_ref): the member's spelling
is read only for the calls that have a reference, so every form that has one is listed here."""
from __future__ import annotations

from wavemod.engine.analysis.bindings import FileIndex
from wavemod.engine.analysis.functions import callee_ref, constructor_ref, value_ref
from wavemod.engine.core.languages import parse
from wavemod.engine.core.syntax import text
from wavemod.engine.core.workspace import ModuleResolver

SOURCE = b"""import { helper } from './lib'
import * as lib from './lib'
function local() { return 1 }
const arrow = () => 2
const store = { get() { return 3 } }
const service = new Service()
class Repo {
  static find() { return 4 }
  load() { return this.fetch() }
}
async function main(res) {
  helper()
  lib.helper()
  local()
  arrow()
  store.get()
  service.run()
  Repo.find()
  await local<number>()
  ;(await import('./lib')).helper()
  console.log(res.json(), local.call())
  getDb().prepare('x').get()
  new Repo()
}
"""


def _index() -> FileIndex:
    resolver = ModuleResolver(frozenset({"a.ts", "lib.ts"}), "", {})
    return FileIndex("a.ts", parse(SOURCE, "typescript"), resolver)


def test_each_form_of_call_refers_to_its_function() -> None:
    index = _index()
    refs = {text(call.child_by_field_name("function")): callee_ref(index, call) for call in index.nodes("call_expression")}
    assert refs == {
        "helper": ("import", "lib.ts", "helper", None),
        "lib.helper": ("import", "lib.ts", "*", "helper"),
        "local": ("local", "local", None),
        "arrow": ("local", "arrow", None),
        "store.get": ("local", "store", "get"),
        "service.run": ("local", "service", "run"),
        "Repo.find": ("local", "Repo", "find"),
        "this.fetch": ("local", "Repo", "fetch"),
        "await local": ("local", "local", None),  # `await local<number>()`, read as `(await local)<number>()`
        "(await import('./lib')).helper": ("import", "lib.ts", "*", "helper"),
        "console.log": None,
        "res.json": None,
        "local.call": None,  # a function is not an object with members of its own
        "getDb": None,
        "getDb().prepare": None,
        "getDb().prepare('x').get": None,
        "import": None,
    }


def test_values_and_constructors_refer_as_calls_do() -> None:
    index = _index()
    assert value_ref(index, index.references("local")[-1]) == ("local", "local", None)
    assert value_ref(index, index.references("helper")[-1]) == ("import", "lib.ts", "helper", None)
    start = SOURCE.index(b"new Repo()")
    new = index.tree.root_node.descendant_for_byte_range(start, start + len(b"new Repo()"))
    assert new is not None and new.type == "new_expression"
    assert constructor_ref(index, new) == ("local", "Repo", "constructor")
