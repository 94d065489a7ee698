"""A graph (the wire dict `{"id", "nodes", "edges"}`) against the server's own invocation schemas.

The server's `GET /openapi.json` (6.14.2) lists every invocation as a component schema with
`class: "invocation"`, its node type as the `const` of its `type` property, its fields with a
`field_kind` (`input`, `internal` for board/metadata, `node_attribute` for id/type/flags), an `input`
kind (`direct`, `connection`, `any`), `orig_required`, and an `output` `$ref` to its output schema
(also in the `InvocationOutputMap` schema). `graph_problems` checks what the server checks when a
graph is enqueued or run (`services/shared/graph.py`: `_validate_edge`, collectors, required inputs)
plus the literal values against the fields' schemas, and says what is wrong in sentences.

Stricter than the server's `Graph.validate_self` on purpose (checked by mutating the reference's
graphs and comparing verdicts with the server's own code): an input fed by two edges (only `add_edge`
refuses it there), a single value into a list-only input or a list into a single-value input (the
server's `get_args` comparison lets both through), a collector fed both a list and items.
`core_metadata` takes undeclared keys (`additionalProperties`), but no edge into them.

    schemas = InvocationSchemas.from_server(server_url)   # fetched once per test session
    assert_graph_matches_schemas(graph, schemas)
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import httpx

from tests.support.schema_values import describe, ref_name, value_problems

ANY = "any"
NODE_ATTRIBUTES = {"id", "type", "is_intermediate", "use_cache"}
COLLECT, ITERATE = "collect", "iterate"


class InvocationSchemas:
    """The invocation and output schemas of one OpenAPI document, by node type."""

    def __init__(self, openapi: dict):
        self.openapi = openapi
        self.components: dict[str, dict] = openapi["components"]["schemas"]
        self.invocations: dict[str, dict] = {}
        self.outputs: dict[str, dict] = {}
        self.component_names: dict[str, tuple[str, str | None]] = {}  # node type -> (invocation, output)
        output_map = self.components.get("InvocationOutputMap", {}).get("properties", {})
        for name, schema in self.components.items():
            if schema.get("class") != "invocation":
                continue
            type_property = schema.get("properties", {}).get("type", {})
            node_type = type_property.get("const", type_property.get("default"))
            if node_type is None:
                continue
            self.invocations[node_type] = schema
            output_ref = (schema.get("output") or output_map.get(node_type) or {}).get("$ref")
            if output_ref:
                self.outputs[node_type] = self.resolve(output_ref)
            self.component_names[node_type] = (name, output_ref and ref_name(output_ref))

    @classmethod
    def from_server(cls, url: str) -> InvocationSchemas:
        """The server's schemas, fetched once per URL for the whole test session (the document is ~2 MB)."""
        return _server_schemas(url.rstrip("/"))

    def resolve(self, ref: str) -> dict:
        return self.components[ref_name(ref)]

    def input_fields(self, node_type: str) -> dict[str, dict]:
        return self.invocations[node_type].get("properties", {})

    def output_fields(self, node_type: str) -> dict[str, dict]:
        fields = self.outputs.get(node_type, {}).get("properties", {})
        return {name: f for name, f in fields.items() if f.get("field_kind") == "output"}


@functools.cache
def _server_schemas(url: str) -> InvocationSchemas:
    response = httpx.get(f"{url}/openapi.json", timeout=60)
    response.raise_for_status()
    return InvocationSchemas(response.json())


def assert_graph_matches_schemas(graph: dict, schemas: InvocationSchemas) -> None:
    """Fails with every problem, one per line."""
    problems = graph_problems(graph, schemas)
    assert not problems, f"graph {graph.get('id')!r} does not match the server's schemas:\n" + "\n".join(
        f"- {p}" for p in problems)


def graph_problems(graph: dict, schemas: InvocationSchemas) -> list[str]:
    """Every way the graph disagrees with the schemas, as sentences; empty when it fits."""
    return _GraphCheck(graph, schemas).run()


def batch_data_problems(graph: dict, data: list[list[dict]], schemas: InvocationSchemas) -> list[str]:
    """An enqueue request's `batch.data` against its graph: every `node_path` a node of the graph, every
    `field_name` an input of that node's invocation, every item a value that input takes."""
    problems = []
    for group in data:
        for entry in group:
            node = graph["nodes"].get(entry["node_path"])
            where = f"Batch data for {entry['node_path']}.{entry['field_name']}"
            if node is None:
                problems.append(f"{where}: the graph has no such node.")
                continue
            field = schemas.input_fields(node["type"]).get(entry["field_name"]) if node["type"] in schemas.invocations \
                else None
            if field is None or field.get("field_kind") not in ("input", "internal"):
                problems.append(f"{where}: {entry['field_name']!r} is not an input of {node['type']}.")
                continue
            for item in entry["items"]:
                problems += [f"{where}: item{p}." for p in value_problems(item, field, schemas.resolve)]
    return problems


# Port types: a set of atoms, one per alternative of the field's schema (as the annotation's union
# arguments). An atom is a schema name (`LatentsField`), a JSON type (`integer`, `null`), `any`, an
# enum (`enum[a|b]`, a `Literal`), or `list[<atoms>]`.

def port_type(schema: dict) -> frozenset[str]:
    if "$ref" in schema:
        return frozenset({ref_name(schema["$ref"])})
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            return frozenset(a for part in schema[key] for a in port_type(part))
    if "enum" in schema:
        return frozenset({f"enum[{'|'.join(sorted(map(str, schema['enum'])))}]"})
    kind = schema.get("type")
    if kind == "array":
        return frozenset({list_of(port_type(schema.get("items", {})))})
    if kind is None:
        return frozenset({ANY})
    return frozenset(kind) if isinstance(kind, list) else frozenset({kind})


def list_of(items: Iterable[str]) -> str:
    return f"list[{'|'.join(sorted(items)) or ANY}]"


def list_items(atoms: Iterable[str]) -> set[str]:
    """The item atoms of a type's list alternatives."""
    return {item for a in atoms if a.startswith("list[") for item in a[5:-1].split("|")}


def is_any(atoms: frozenset[str]) -> bool:
    """The server's `is_any`: `Any`, or a union with `Any` (a bare `list[Any]` counts too)."""
    return ANY in atoms or list_of([ANY]) in atoms


def has_list(atoms: frozenset[str]) -> bool:
    return is_any(atoms) or any(a.startswith("list[") for a in atoms)


def types_compatible(source: frozenset[str], destination: frozenset[str]) -> bool:
    """`are_connection_types_compatible` (services/shared/graph.py): Any on either side; the source's
    alternatives all among the destination's (a `T | list[T]` input takes a T); a single-type
    destination among the source's; int into exactly `float`, int or float into exactly `str`."""
    if is_any(source) or is_any(destination) or source <= destination:
        return True
    if len(destination) == 1 and destination <= source:
        return True
    if destination == {"number"} and source == {"integer"}:
        return True
    return destination == {"string"} and source in ({"integer"}, {"number"})


class _GraphCheck:
    def __init__(self, graph: dict, schemas: InvocationSchemas):
        self.schemas = schemas
        self.nodes: dict[str, dict] = graph.get("nodes", {})
        self.edges: list[dict] = graph.get("edges", [])
        self.problems: list[str] = []

    def run(self) -> list[str]:
        known = {node_id for node_id, node in self.nodes.items() if self._check_node(node_id, node)}
        fed: dict[tuple[str, str], int] = {}
        for edge in self.edges:
            source, destination = edge["source"], edge["destination"]
            key = (destination["node_id"], destination["field"])
            fed[key] = fed.get(key, 0) + 1
            if source["node_id"] in known and destination["node_id"] in known:
                self._check_edge(source, destination)
            for end in (source, destination):
                if end["node_id"] not in self.nodes:
                    self.problems.append(f"An edge names node {end['node_id']!r}, which is not in the graph.")
        for (node_id, field), count in fed.items():
            if count > 1 and not (self._type(node_id) == COLLECT and field == "item"):
                self.problems.append(f"{self._name(node_id)}: input {field!r} is fed by {count} edges (one at most).")
        for node_id in sorted(known):
            self._check_required(node_id, fed)
        self._check_collectors(known)
        self._check_acyclic()
        return self.problems

    # nodes

    def _type(self, node_id: str) -> str | None:
        return self.nodes.get(node_id, {}).get("type")

    def _name(self, node_id: str) -> str:
        return f"node {node_id!r} ({self._type(node_id)})"

    def _check_node(self, node_id: str, node: dict) -> bool:
        node_type = node.get("type")
        if node.get("id", node_id) != node_id:
            self.problems.append(f"Node {node_id!r} says its id is {node.get('id')!r}.")
        if node_type not in self.schemas.invocations:
            self.problems.append(f"Node {node_id!r}: the server has no invocation of type {node_type!r}.")
            return False
        schema = self.schemas.invocations[node_type]
        fields = self.schemas.input_fields(node_type)
        outputs = self.schemas.output_fields(node_type)
        for name, value in node.items():
            if name in NODE_ATTRIBUTES:
                continue
            field = fields.get(name)
            if field is None or field.get("field_kind") == "node_attribute":
                if schema.get("additionalProperties") is True:  # core_metadata takes any extra key
                    continue
                what = "an output of {}, not an input" if name in outputs else "not an input of {}"
                self.problems.append(f"{self._name(node_id)}: {name!r} is {what.format(node_type)}.")
                continue
            for problem in value_problems(value, field, self.schemas.resolve):
                self.problems.append(f"{self._name(node_id)}: {name}{problem}.")
        return True

    def _check_required(self, node_id: str, fed: dict[tuple[str, str], int]) -> None:
        """What `invoke_internal` raises MissingInputException or RequiredConnectionException for:
        an `orig_required` input (or one the schema requires) with neither a value nor an edge."""
        node_type = self._type(node_id)
        assert node_type is not None
        required_by_schema = set(self.schemas.invocations[node_type].get("required", []))
        for name, field in self.schemas.input_fields(node_type).items():
            if field.get("field_kind") not in ("input", "internal") or name in NODE_ATTRIBUTES:
                continue
            if not (field.get("orig_required") or name in required_by_schema):
                continue
            if self.nodes[node_id].get(name) is None and (node_id, name) not in fed:
                missing = "no edge" if field.get("input") == "connection" else "no value and no edge"
                self.problems.append(f"{self._name(node_id)}: the required input {name!r} has {missing}.")

    # edges

    def _check_edge(self, source: dict, destination: dict) -> None:
        source_id, source_field = source["node_id"], source["field"]
        destination_id, destination_field = destination["node_id"], destination["field"]
        source_type, destination_type = self._type(source_id), self._type(destination_id)
        assert source_type is not None and destination_type is not None
        outputs = self.schemas.output_fields(source_type)
        edge = f"Edge {source_id}.{source_field} -> {destination_id}.{destination_field}"
        if source_field not in outputs:
            inputs = self.schemas.input_fields(source_type)
            what = "an input, not an output" if source_field in inputs else "not an output"
            self.problems.append(f"{edge}: {source_field!r} is {what} of {source_type} "
                                 f"(outputs: {', '.join(sorted(outputs)) or 'none'}).")
            return
        field = self.schemas.input_fields(destination_type).get(destination_field)
        if field is None or field.get("field_kind") not in ("input", "internal"):
            what = "an output" if destination_field in self.schemas.output_fields(destination_type) else "not an input"
            self.problems.append(f"{edge}: {destination_field!r} is {what} of {destination_type}.")
            return
        if field.get("input") == "direct":
            self.problems.append(f"{edge}: {destination_type}.{destination_field} takes a value, not a connection.")
            return
        if destination_type in (COLLECT, ITERATE) and destination_field in ("item", "collection"):
            if destination_field == "collection" and not has_list(self._source_port(source_id, source_field)):
                self.problems.append(f"{edge}: a {destination_type}'s collection takes a list, "
                                     f"not {self._describe_source(source_id, source_field)}.")
            return
        produced = self._source_port(source_id, source_field)
        accepted = port_type(field)
        if source_type == COLLECT and source_field == "collection":
            if not has_list(accepted):
                self.problems.append(f"{edge}: a collection goes into {describe(field, self.schemas.resolve)}, "
                                     "which takes no list.")
                return
            items = list_items(produced) - {ANY}
            wanted = list_items(accepted) | (accepted & {ANY})
            if items and not (is_any(accepted) or ANY in wanted or items <= wanted):
                self.problems.append(f"{edge}: the collector gathers {' or '.join(sorted(items))}, "
                                     f"but {destination_field} takes {describe(field, self.schemas.resolve)}.")
            return
        if not types_compatible(produced, accepted):
            self.problems.append(f"{edge}: {self._describe_source(source_id, source_field)} does not fit "
                                 f"{destination_type}.{destination_field}, which takes "
                                 f"{describe(field, self.schemas.resolve)}.")

    def _describe_source(self, node_id: str, field: str) -> str:
        return " or ".join(sorted(self._source_port(node_id, field)))

    def _source_port(self, node_id: str, field: str, seen: frozenset[str] = frozenset()) -> frozenset[str]:
        """An output's type; a collector's and an iterator's follow from what feeds them."""
        node_type = self._type(node_id)
        if node_id in seen:
            return frozenset({ANY})
        if node_type == COLLECT and field == "collection":
            items = self._collected(node_id, seen | {node_id})
            return frozenset({list_of(items or {ANY})})
        if node_type == ITERATE and field == "item":
            feeds = [self._source_port(e["source"]["node_id"], e["source"]["field"], seen | {node_id})
                     for e in self._edges_into(node_id, "collection")]
            items = {i for port in feeds for i in list_items(port)}
            return frozenset(items or {ANY})
        schema = self.schemas.output_fields(node_type or "").get(field)
        return port_type(schema) if schema is not None else frozenset({ANY})

    def _collected(self, node_id: str, seen: frozenset[str]) -> set[str]:
        """The item types a collector gathers: its items' types and its input collections' item types."""
        items: set[str] = set()
        for edge in self._edges_into(node_id, "item"):
            items |= self._source_port(edge["source"]["node_id"], edge["source"]["field"], seen) - {"null"}
        for edge in self._edges_into(node_id, "collection"):
            items |= list_items(self._source_port(edge["source"]["node_id"], edge["source"]["field"], seen))
        return items - {ANY}

    def _edges_into(self, node_id: str, field: str | None = None) -> list[dict]:
        return [e for e in self.edges
                if e["destination"]["node_id"] == node_id and field in (None, e["destination"]["field"])]

    def _check_collectors(self, known: set[str]) -> None:
        for node_id in sorted(known):
            if self._type(node_id) != COLLECT:
                continue
            if not self._edges_into(node_id):
                self.problems.append(f"{self._name(node_id)} has no item or collection input edge.")
                continue
            items = self._collected(node_id, frozenset({node_id}))
            if len(items) > 1:
                self.problems.append(f"{self._name(node_id)} collects items of different types: "
                                     f"{', '.join(sorted(items))}.")

    def _check_acyclic(self) -> None:
        children: dict[str, set[str]] = {}
        for edge in self.edges:
            children.setdefault(edge["source"]["node_id"], set()).add(edge["destination"]["node_id"])
        state: dict[str, int] = {}  # 1: on the current path, 2: done

        def visit(node_id: str) -> bool:
            state[node_id] = 1
            for child in children.get(node_id, ()):
                if state.get(child) == 1 or (child not in state and visit(child)):
                    return True
            state[node_id] = 2
            return False

        if any(node_id not in state and visit(node_id) for node_id in list(children)):
            self.problems.append("The graph has a cycle.")
