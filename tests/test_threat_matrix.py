"""Every row of the threat and fault matrix has a test, or a reason in SECURITY.md why it does not apply.

Tests declare the rows they cover with ``@pytest.mark.threat("A1", ...)``; SECURITY.md has one
table line per row, ``| A1 | threat | covered by / not applicable: reason |``.
"""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest

from tests.helpers import NETWORK_VIOLATIONS

ROOT = Path(__file__).resolve().parents[1]
# The rows of the matrix in SECURITY.md ("The matrix"), section by section: A-J from the project's reliability
# study, K from the second hostile-input pass (issue 14).
MATRIX = {"A": 9, "B": 5, "C": 6, "D": 6, "E": 5, "F": 4, "G": 12, "H": 13, "I": 3, "J": 3, "K": 10}
ROWS = {f"{section}{n}" for section, count in MATRIX.items() for n in range(1, count + 1)}
MARKER = re.compile(r"pytest\.mark\.threat\(([^)]*)\)")
TABLE_LINE = re.compile(r"^\|\s*([A-K]\d{1,2})\s*\|[^|]*\|(.*)\|\s*$", re.MULTILINE)


def _marked_rows() -> dict[str, set[str]]:
    """Row -> the test files (in every folder under tests/) whose tests are marked with it."""
    marked: dict[str, set[str]] = {}
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        for arguments in MARKER.findall(path.read_text(encoding="utf-8")):
            for row in re.findall(r"[\"']([A-Z]\d+)[\"']", arguments):
                marked.setdefault(row, set()).add(path.relative_to(ROOT).as_posix())
    return marked


def _security_table() -> dict[str, str]:
    text = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    return {row: cell.strip() for row, cell in TABLE_LINE.findall(text)}


def test_markers_name_real_rows() -> None:
    assert set(_marked_rows()) <= ROWS, f"unknown rows: {set(_marked_rows()) - ROWS}"


def test_every_row_is_tested_or_explained() -> None:
    marked, table = _marked_rows(), _security_table()
    assert set(table) == ROWS, f"SECURITY.md lacks {sorted(ROWS - set(table))}, has extra {sorted(set(table) - ROWS)}"
    not_applicable = {row for row, cell in table.items() if cell.lower().startswith("not applicable")}
    assert all(len(table[row]) > len("not applicable: ") + 20 for row in not_applicable), "give the reason"
    untested = sorted(ROWS - set(marked) - not_applicable)
    assert not untested, f"rows with neither a marked test nor a reason in SECURITY.md: {untested}"
    both = sorted(set(marked) & not_applicable)
    assert not both, f"rows both tested and called not applicable: {both}"


@pytest.mark.threat("C6")
def test_the_test_process_only_reaches_loopback() -> None:
    """The audit hook (tests/helpers.py, installed by conftest.py) refuses non-loopback connections, and none
    was attempted."""
    with socket.socket() as sock, pytest.raises(ConnectionRefusedError, match="loopback"):
        sock.connect(("192.0.2.1", 80))  # TEST-NET-1: refused by the hook before any packet
    NETWORK_VIOLATIONS.remove("socket.connect ('192.0.2.1', 80)")
    assert NETWORK_VIOLATIONS == []
