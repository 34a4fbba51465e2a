"""The connected-components macros (macros/identity/) against networkx, on graphs built in a throwaway DuckDB.

One `dbt run-operation run_connected_components` resolves every graph of the module at once; each test then
reads its own output table and the `<output>__rounds` table the operation records beside it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import duckdb
import networkx as nx
import pyarrow as pa
import pytest
import yaml
from dbt_helpers import REPO_ROOT, DbtRun, run_dbt, write_project

CHAIN_LENGTH = 1_000
MAX_CHAIN_ROUNDS = 10
RANDOM_GRAPH_SIZES = {1: 300, 2: 800, 3: 1_500, 4: 3_000, 5: 2_000}


@dataclass
class Graph:
    """A test graph as loaded: edge rows as written (with repeats and self-loops) and nodes-only rows."""

    name: str
    edges: list[tuple[str | None, str | None]]
    nodes: list[str] | None = None
    seed: int = 0
    numbered: bool = False

    def expected_components(self) -> dict[str, str]:
        """node id -> smallest node id of its component, as networkx sees the graph."""
        graph = nx.Graph()
        graph.add_nodes_from(self.nodes or [])
        for node_a, node_b in self.edges:
            graph.add_nodes_from(node for node in (node_a, node_b) if node is not None)
            if node_a is not None and node_b is not None:
                graph.add_edge(node_a, node_b)
        return {node: min(component) for component in nx.connected_components(graph) for node in component}


def chain(order: str) -> Graph:
    ids = [f"c{position:04d}" for position in range(CHAIN_LENGTH)]
    if order == "shuffled":
        random.Random(20240601).shuffle(ids)
    return Graph(f"chain_{order}", list(zip(ids, ids[1:], strict=False)))


def random_node_id(rng: random.Random) -> str:
    """Text ids of mixed length and alphabet, so that 'smallest' is a string order, not a number order."""
    stem = "".join(rng.choices("abcdefghijklmnopqrstuvwxyz0123456789", k=rng.randint(1, 10)))
    return rng.choice(["", "id-", "Z", "é", "O'", " "]) + stem


def random_graph(seed: int, node_count: int) -> Graph:
    """Sparse random edges (many small trees), some paths and cliques, isolated nodes, self-loops, repeats."""
    rng = random.Random(seed)
    ids: list[str] = []
    seen: set[str] = set()
    while len(ids) < node_count:
        node_id = random_node_id(rng)
        if node_id not in seen:
            seen.add(node_id)
            ids.append(node_id)
    linked = ids[: int(node_count * 0.9)]
    isolated = ids[len(linked) :]
    edges: list[tuple[str | None, str | None]] = []
    for _ in range(int(len(linked) * 0.55)):
        edges.append((rng.choice(linked), rng.choice(linked)))
    for _ in range(3):
        path = rng.sample(linked, rng.randint(20, max(21, len(linked) // 10)))
        edges.extend(zip(path, path[1:], strict=False))
    for _ in range(2):
        clique = rng.sample(linked, rng.randint(3, 12))
        edges.extend((a, b) for a in clique for b in clique if a < b)
    for node in rng.sample(linked, 10):
        edges.append((node, node))
    for node_a, node_b in rng.sample(edges, len(edges) // 10):
        edges.append((node_b, node_a) if rng.random() < 0.5 else (node_a, node_b))
    edges.append((rng.choice(linked), None))
    edges.append((None, None))
    rng.shuffle(edges)
    nodes = isolated + rng.sample(linked, 20)
    return Graph(f"random_{seed}", edges, nodes)


def numbered(graph: Graph, name: str, first: int = 0) -> Graph:
    """The graph with its ids replaced by integers (from `first`, in id order), for `numbered_nodes`: the
    smallest number of a component is then the number of its smallest id."""
    ids = {node for edge in graph.edges for node in edge if node is not None} | set(graph.nodes or [])
    number = {node_id: first + position for position, node_id in enumerate(sorted(ids))}
    edges = [tuple(None if node is None else number[node] for node in edge) for edge in graph.edges]
    nodes = [number[node] for node in graph.nodes] if graph.nodes is not None else None
    return Graph(name, edges, nodes, graph.seed, numbered=True)  # type: ignore[arg-type]


def star() -> Graph:
    leaves = [f"star_leaf_{position:03d}" for position in range(500)]
    return Graph("star", [("star_zz_centre", leaf) for leaf in leaves])


def complete() -> Graph:
    ids = [f"k{position:02d}" for position in range(60)]
    return Graph("complete", [(a, b) for a in ids for b in ids if a != b])


GRAPHS = [
    chain("sorted"),
    chain("shuffled"),
    *(random_graph(seed, size) for seed, size in RANDOM_GRAPH_SIZES.items()),
    star(),
    complete(),
    Graph("empty", [], nodes=["lonely_b", "lonely_a"]),
    Graph("empty_no_nodes", []),
    Graph("chain_shuffled_other_seed", chain("shuffled").edges, seed=7),
    numbered(random_graph(3, RANDOM_GRAPH_SIZES[3]), "numbered_random_3"),
    numbered(chain("shuffled"), "numbered_chain_shuffled", first=2_147_482_000),
]


def graph_named(name: str) -> Graph:
    return next(graph for graph in GRAPHS if graph.name == name)


def load_graphs(db_path: Path, graphs: list[Graph]) -> None:
    con = duckdb.connect(str(db_path))
    try:
        for graph in graphs:
            node_a = [edge[0] for edge in graph.edges]
            node_b = [edge[1] for edge in graph.edges]
            id_type = pa.int64() if graph.numbered else pa.string()
            edges = pa.table({"node_a": pa.array(node_a, id_type), "node_b": pa.array(node_b, id_type)})
            con.register("edges_to_load", edges)
            con.execute(f"create table {graph.name}__edges as select * from edges_to_load")
            con.unregister("edges_to_load")
            if graph.nodes is not None:
                nodes = pa.table({"node_id": pa.array(graph.nodes, id_type)})
                con.register("nodes_to_load", nodes)
                con.execute(f"create table {graph.name}__nodes as select * from nodes_to_load")
                con.unregister("nodes_to_load")
    finally:
        con.close()


def operation_args(graphs: list[Graph], **options: object) -> str:
    requests = [
        {
            "edges": f"{graph.name}__edges",
            "output": f"{graph.name}__components",
            "seed": graph.seed,
            **({"nodes": f"{graph.name}__nodes"} if graph.nodes is not None else {}),
            **({"numbered_nodes": True} if graph.numbered else {}),
        }
        for graph in graphs
    ]
    return yaml.safe_dump({"graphs": requests, **options})


@dataclass
class Resolved:
    db_path: Path
    work_dir: Path
    run: DbtRun

    def components(self, graph: Graph) -> list[tuple[str, str]]:
        con = duckdb.connect(str(self.db_path))
        try:
            return con.execute(f"select node_id, component_id from {graph.name}__components").fetchall()
        finally:
            con.close()

    def rounds(self, graph: Graph) -> list[tuple[int, int, int]]:
        con = duckdb.connect(str(self.db_path))
        try:
            return con.execute(
                f"select round_number, edge_count, node_count from {graph.name}__components__rounds "
                "order by round_number"
            ).fetchall()
        finally:
            con.close()

    def round_count(self, graph: Graph) -> int:
        return self.rounds(graph)[-1][0]


@pytest.fixture(scope="module")
def resolved(tmp_path_factory: pytest.TempPathFactory) -> Resolved:
    work_dir = tmp_path_factory.mktemp("connected_components")
    db_path = work_dir / "graphs.duckdb"
    load_graphs(db_path, GRAPHS)
    run = run_dbt(
        ["run-operation", "run_connected_components", "--args", operation_args(GRAPHS)],
        db_path=db_path,
        work_dir=work_dir,
    )
    assert run.success, run.exception or run.output()
    return Resolved(db_path, work_dir, run)


def assert_same_partition(resolved: Resolved, graph: Graph) -> None:
    rows = resolved.components(graph)
    assert len(rows) == len({node_id for node_id, _ in rows}), "a node appears more than once"
    assert dict(rows) == graph.expected_components()


@pytest.mark.parametrize("order", ["sorted", "shuffled"])
def test_chain_of_a_thousand_is_one_component_in_few_rounds(resolved: Resolved, order: str) -> None:
    graph = graph_named(f"chain_{order}")
    rows = resolved.components(graph)
    assert len(rows) == CHAIN_LENGTH
    assert {component_id for _, component_id in rows} == {"c0000"}
    assert 1 <= resolved.round_count(graph) <= MAX_CHAIN_ROUNDS


@pytest.mark.parametrize("seed", sorted(RANDOM_GRAPH_SIZES))
def test_random_graph_partition_matches_networkx(resolved: Resolved, seed: int) -> None:
    assert_same_partition(resolved, graph_named(f"random_{seed}"))


@pytest.mark.parametrize("name", ["star", "complete"])
def test_dense_shapes_resolve_to_one_component(resolved: Resolved, name: str) -> None:
    graph = next(graph for graph in GRAPHS if graph.name == name)
    assert_same_partition(resolved, graph)
    assert len({component_id for _, component_id in resolved.components(graph)}) == 1


@pytest.mark.parametrize("name", ["numbered_random_3", "numbered_chain_shuffled"])
def test_numbered_nodes_give_the_partition_of_their_text_ids(resolved: Resolved, name: str) -> None:
    """With numbered_nodes the integer ids are their own numbers (no numbering step): the same partition
    as networkx, components named by their smallest number, integers in and out; numbers up to 2^31 - 1."""
    graph = graph_named(name)
    assert_same_partition(resolved, graph)
    assert all(isinstance(node_id, int) for row in resolved.components(graph) for node_id in row)


def test_numbered_nodes_out_of_range_are_an_error(resolved: Resolved) -> None:
    graph = Graph("numbered_out_of_range", [(0, 2_147_483_648), (1, 2)], numbered=True)  # type: ignore[list-item]
    load_graphs(resolved.db_path, [graph])
    run = run_dbt(
        ["run-operation", "run_connected_components", "--args", operation_args([graph])],
        db_path=resolved.db_path,
        work_dir=resolved.work_dir,
    )
    assert not run.success
    assert "numbered node ids must lie between 0 and 2147483647" in run.output()
    test_work_tables_are_dropped(resolved)


def test_a_stars_leaves_are_set_aside_and_no_round_is_needed(resolved: Resolved) -> None:
    """A node whose only edge joins a node with other edges takes that node's component without a round:
    a star is all leaves (without that, its hub takes them in one round)."""
    graph = graph_named("star")
    assert resolved.rounds(graph) == [(0, 0, 0)]
    assert_same_partition(resolved, graph)


def test_complete_graph_contracts_in_one_round(resolved: Resolved) -> None:
    graph = graph_named("complete")
    assert resolved.round_count(graph) == 1


def test_empty_edge_table_gives_every_listed_node_its_own_component(resolved: Resolved) -> None:
    graph = graph_named("empty")
    assert sorted(resolved.components(graph)) == [("lonely_a", "lonely_a"), ("lonely_b", "lonely_b")]
    assert resolved.rounds(graph) == [(0, 0, 0)]


def test_empty_edge_table_without_nodes_gives_an_empty_table(resolved: Resolved) -> None:
    graph = graph_named("empty_no_nodes")
    assert resolved.components(graph) == []
    assert resolved.round_count(graph) == 0


def test_component_ids_do_not_depend_on_the_hash_seed(resolved: Resolved) -> None:
    seed_0, seed_7 = (graph_named(name) for name in ("chain_shuffled", "chain_shuffled_other_seed"))
    assert sorted(resolved.components(seed_0)) == sorted(resolved.components(seed_7))


def test_rounds_shrink_the_graph_until_no_edge_is_left(resolved: Resolved) -> None:
    for graph in GRAPHS:
        rounds = resolved.rounds(graph)
        assert [round_number for round_number, _, _ in rounds] == list(range(len(rounds)))
        assert rounds[-1][1:] == (0, 0)
        node_counts = [node_count for _, _, node_count in rounds]
        assert node_counts == sorted(node_counts, reverse=True)


def test_round_count_is_logged(resolved: Resolved) -> None:
    graph = graph_named("chain_shuffled")
    expected = f"run_connected_components: {graph.name}__components rounds={resolved.round_count(graph)}"
    assert expected in resolved.run.messages


def test_work_tables_are_dropped(resolved: Resolved) -> None:
    con = duckdb.connect(str(resolved.db_path))
    try:
        tables = con.execute("select table_name from information_schema.tables").fetchall()
        leftovers = [name for (name,) in tables if name.startswith("cc_work__")]
    finally:
        con.close()
    assert leftovers == []


def test_hitting_the_round_cap_is_an_error_not_a_partial_answer(resolved: Resolved) -> None:
    graph = graph_named("chain_sorted")
    before = (sorted(resolved.components(graph)), resolved.rounds(graph))
    run = run_dbt(
        ["run-operation", "run_connected_components", "--args", operation_args([graph], max_rounds=2)],
        db_path=resolved.db_path,
        work_dir=resolved.work_dir,
    )
    assert not run.success
    assert "did not converge in max_rounds=2 rounds" in run.output()
    assert (sorted(resolved.components(graph)), resolved.rounds(graph)) == before
    test_work_tables_are_dropped(resolved)


MATERIALIZED_MODEL_SQL = """\
{{ config(materialized='connected_components', record_rounds=true) }}

with

edges as (
    select node_a, node_b from {{ source('graph', 'random_2__edges') }}
),

nodes as (
    select node_id from {{ source('graph', 'random_2__nodes') }}
),

edges_and_lone_nodes as (
    select node_a, node_b from edges
    union all
    select node_id as node_a, cast(null as varchar) as node_b from nodes
)

select * from edges_and_lone_nodes
"""


def write_materialization_project(project_dir: Path) -> None:
    """A throwaway dbt project named firstparty: the project's macros (the materialization and the helpers it
    calls) and one model materialized with them."""
    write_project(
        project_dir,
        macros=REPO_ROOT / "macros",
        models={"graph_components.sql": MATERIALIZED_MODEL_SQL},
        properties={
            "version": 2,
            "sources": [
                {
                    "name": "graph",
                    "schema": "main",
                    "tables": [{"name": "random_2__edges"}, {"name": "random_2__nodes"}],
                }
            ],
            "models": [
                {
                    "name": "graph_components",
                    "columns": [
                        {"name": "node_id", "data_tests": ["unique", "not_null"]},
                        {"name": "component_id", "data_tests": ["not_null"]},
                    ],
                }
            ],
        },
    )


def test_materialization_builds_and_rebuilds_the_components_table(tmp_path: Path) -> None:
    graph = graph_named("random_2")
    project_dir = tmp_path / "project"
    write_materialization_project(project_dir)
    db_path = tmp_path / "materialized.duckdb"
    load_graphs(db_path, [graph])
    for _ in range(2):
        run = run_dbt(["build"], db_path=db_path, work_dir=tmp_path, project_dir=project_dir)
        assert run.success, run.exception or run.output()
    con = duckdb.connect(str(db_path))
    try:
        rows = con.execute("select node_id, component_id from graph_components").fetchall()
        last_round = con.execute(
            "select edge_count, node_count from graph_components__rounds order by round_number desc limit 1"
        ).fetchone()
        tables = con.execute("select table_name from information_schema.tables").fetchall()
    finally:
        con.close()
    assert len(rows) == len({node_id for node_id, _ in rows})
    assert dict(rows) == graph.expected_components()
    assert last_round == (0, 0)
    assert sorted(name for (name,) in tables) == [
        "graph_components",
        "graph_components__rounds",
        "random_2__edges",
        "random_2__nodes",
    ]
