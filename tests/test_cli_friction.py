"""What a newcomer meets first: one clear line and the documented exit code for each user error,
permissions and pipes as other Unix tools have them, help text that shows what it says, and
reports that say each thing once. Each is run as a user runs it: the installed ``kg`` script."""

from __future__ import annotations

import os
import re
import socket
import stat
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.helpers import QUERIES, kg_command, serve


def run(
    *args: str, cwd: Path | None = None, store: Path | None = None, umask: int | None = None, shell_pipe: str = ""
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    if store is not None:
        environment["KG_STORE"] = str(store)
    command = " ".join(f"'{a}'" for a in [*kg_command(), *args])
    prefix = f"umask {umask:03o}; " if umask is not None else ""
    pipeline = f'{prefix}{command}{shell_pipe}; echo "exit=${{PIPESTATUS[0]}}" >&2'
    return subprocess.run(
        ["bash", "-c", pipeline], cwd=cwd, env=environment, capture_output=True, text=True, timeout=300
    )


def exit_code(result: subprocess.CompletedProcess[str]) -> int:
    return int(re.findall(r"exit=(\d+)", result.stderr)[-1])


def error_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if not line.startswith("exit=")]


def test_a_query_file_that_does_not_exist_is_one_line_and_exit_2(seed_store_path: Path) -> None:
    result = run("query", "-f", "queries/nope.rq", store=seed_store_path)
    assert exit_code(result) == 2
    assert error_lines(result) == ["error: cannot read the query file queries/nope.rq: No such file or directory"]


def test_building_a_path_that_does_not_exist_fails_and_creates_nothing(tmp_path: Path) -> None:
    result = run("build", "does-not-exist/", cwd=tmp_path)
    assert exit_code(result) == 1
    assert error_lines(result) == ["error: cannot read does-not-exist/: No such file or directory"]
    assert list(tmp_path.iterdir()) == []  # no ./data/kg made and filled with the gazetteer


def test_serving_on_a_busy_port_says_so_with_the_option_to_change_before_printing_a_url(
    seed_store_path: Path, tmp_path: Path
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        store = tmp_path / "kg"
        from tests.helpers import copy_store

        copy_store(seed_store_path, store)
        result = run("serve", "--port", str(port), store=store)
    assert exit_code(result) == 1
    assert result.stdout == ""  # no endpoint URL for a server that never listened
    assert error_lines(result) == [
        f"error: 127.0.0.1:{port} is already in use (another kg serve?); choose another port with --port"
    ]


def test_an_exported_file_gets_the_permissions_the_umask_allows(seed_store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "graph.ttl"
    assert exit_code(run("export", "-o", str(out), store=seed_store_path, umask=0o022)) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    out.chmod(0o640)  # a file replaced keeps its own
    assert exit_code(run("export", "-o", str(out), store=seed_store_path, umask=0o022)) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


@pytest.mark.parametrize("args", [("export",), ("query", "-f", str(QUERIES / "events.rq"), "--format", "csv")])
def test_a_reader_that_stops_early_ends_the_command_with_0(seed_store_path: Path, args: tuple[str, ...]) -> None:
    result = run(*args, store=seed_store_path, shell_pipe=" | head -1")
    assert exit_code(result) == 0 and len(result.stdout.splitlines()) == 1
    assert error_lines(result) == []


def test_help_shows_the_environment_and_defaults_and_flags_take_no_value() -> None:
    help_text = run("build", "--help").stdout
    flat = " ".join(help_text.split())
    assert "[env: KG_STORE; default: ./data/kg]" in flat and "[env: KG_JOBS; default: 1]" in flat
    assert "<bool>" not in help_text and re.search(r"--force\s+Re-extract", help_text)
    assert "--store STORE" in help_text and "--jobs N" in help_text


def test_explain_names_an_unlabelled_node_once_and_gives_each_report_its_trigger_once(seed_store_path: Path) -> None:
    iri = "https://w3id.org/kg-news/id/event/takecontrol/taliban/kunduz/undated"
    lines = run("explain", iri, store=seed_store_path).stdout.splitlines()
    assert lines[0] == f"{iri}  (kg:CanonicalEvent, kg:Event, kg:TakeControl, sem:Event)"
    assert sum(iri in line for line in lines) == 1
    reports = [line for line in lines if line.startswith("    ") and not line.startswith("      ")]
    sentences = [line for line in lines if line.startswith("      [")]
    assert len(reports) == len({line.split(":")[0] for line in reports}) == 3  # one line per reporting article
    assert len(sentences) > len(reports)  # a report resting on several sentences names its trigger once


def test_http_syntax_errors_point_into_the_query_as_sent(seed_store_path: Path, tmp_path: Path) -> None:
    from tests.helpers import copy_store

    store = copy_store(seed_store_path, tmp_path / "kg")
    broken = "SELECT * WHERE { ?s ?p ?o . FILTER( }"  # the error is at column 38
    with serve(store) as live:
        first = httpx.post(live.url + "/sparql", data={"query": broken}, timeout=60).json()
        second = httpx.post(
            live.url + "/sparql", data={"query": "SELECT *\nWHERE { ?s ?p ?o . FILTER( }"}, timeout=60
        ).json()
    assert first["message"].startswith("error at 1:38:") and second["message"].startswith("error at 2:29:")


def test_port_zero_serves_on_the_port_it_got_and_a_port_out_of_range_is_a_usage_error(
    seed_store_path: Path, tmp_path: Path
) -> None:
    from tests.helpers import copy_store

    assert exit_code(run("serve", "--port", "70000", store=seed_store_path)) == 2
    store = copy_store(seed_store_path, tmp_path / "kg")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("KG_")} | {"KG_STORE": str(store)}
    process = subprocess.Popen(
        [*kg_command(), "serve", "--port", "0"],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = process.stdout.readline()
        url = line.split("SPARQL endpoint: ", 1)[1].strip().removesuffix("/sparql")
        assert not url.endswith(":0")
        answer = httpx.get(url + "/api/v1/events.csv", params={"limit": 2}, timeout=60)
        assert (
            answer.status_code == 200
            and int(answer.headers["x-total-count"]) > 2
            and len(answer.text.splitlines()) == 3
        )
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_every_command_that_prints_ends_quietly_when_its_reader_leaves(seed_store_path: Path, tmp_path: Path) -> None:
    iri = "https://w3id.org/kg-news/id/event/takecontrol/taliban/kunduz/undated"
    for args in (("explain", iri), ("validate",)):
        result = run(*args, store=seed_store_path, shell_pipe=" | true")
        assert exit_code(result) == 0 and error_lines(result) == [], args
    from tests.helpers import SEEDS

    built = run("build", str(SEEDS), store=tmp_path / "kg", shell_pipe=" | head -1")
    assert exit_code(built) == 0 and error_lines(built) == []
    again = run("build", str(SEEDS), store=tmp_path / "kg")
    assert "5 unchanged" in again.stdout  # the build went on and stored every article
