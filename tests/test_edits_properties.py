"""People are conserved: random edit lists keep one manager each, no cycle, the headcount the edits say,
and edits compose with undo (dropping the last edit is replaying the rest)."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from orgmodel.edits.apply import EditError, apply_edits, apply_edits_logged
from orgmodel.edits.models import Edit
from orgmodel.people import people_problems
from orgmodel.scenario import Person

EDIT = TypeAdapter(Edit)
IDS = [str(i) for i in range(1, 16)]


def chart() -> list[Person]:
    """15 people: CEO 1, founders... a small tree with leads 2-4 and engineers 5-15."""
    rows = [("1", "", "founder"), ("2", "1", "lead"), ("3", "1", "lead"), ("4", "1", "manager")]
    rows += [(str(i), str(2 + i % 3), "engineer") for i in range(5, 16)]
    return [Person(id=i, name=f"P{i}", manager_id=m, role=r) for i, m, r in rows]  # type: ignore[arg-type]


who = st.one_of(st.sampled_from(IDS), st.sampled_from(["open-1", "open-2", "P7", "nobody"]))
an_edit = st.one_of(
    st.fixed_dictionaries({"move": who, "under": who}),
    st.fixed_dictionaries({"merge": st.lists(who, min_size=2, max_size=2)}),
    st.fixed_dictionaries({"split": st.sampled_from(["2", "3"]), "new_lead": st.sampled_from(["6", "7", "9", "10"]),
                           "moving": st.lists(st.sampled_from(["6", "7", "9", "10", "12", "13"]), min_size=1,
                                              max_size=3)}),
    st.fixed_dictionaries({"promote": who}),
    st.fixed_dictionaries({"remove": who}),
    st.fixed_dictionaries({"open_role": st.sampled_from(["engineer", "lead", "Designer"]), "under": who,
                           "start": st.sampled_from(["2027-01-01", "2026-06-30"])}),
    st.fixed_dictionaries({"dotted": who, "to": who}),
)


def valid_prefix(maps: list[dict[str, Any]]) -> tuple[list[Any], list[Person]]:
    """Each edit applied to what the kept ones made; a refused edit is dropped and loses nothing before it."""
    kept: list[Any] = []
    people = chart()
    for m in maps:
        e = EDIT.validate_python(m)
        try:
            after = apply_edits(people, [e])
        except EditError as err:
            assert err.index == 0 and str(err).startswith("edits.0 (")
            continue
        kept.append(e)
        people = after
    return kept, people


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(an_edit, max_size=14))
def test_random_edits_conserve_people_and_compose_with_undo(maps: list[dict[str, Any]]) -> None:
    edits, people = valid_prefix(maps)
    done = apply_edits_logged(chart(), edits)
    assert done.people == people
    assert len(edits) == len(done.changes)
    removed = sum(1 for e in edits if type(e).__name__ == "Remove")
    opened = sum(1 for e in edits if type(e).__name__ == "OpenRole")
    open_now = set(done.open_roles)
    assert len(people) == 15 - removed + opened
    assert len(people) - len(open_now) == 15 - removed + opened - len(open_now)
    real = [p for p in people if p.id not in open_now]
    removed_people = sum(1 for e in edits if type(e).__name__ == "Remove" and not str(e.remove).startswith("open-"))
    assert len(real) == 15 - removed_people
    assert people_problems(people) == []  # unique ids, every manager known, one root per tree, no cycle
    ids = {p.id for p in people}
    assert all(m in ids and m != p.id for p in people for m in p.dotted_managers)
    for k in range(len(edits) + 1):  # edits compose: apply(apply(p, a), b) == apply(p, a + b); undo = the prefix
        assert apply_edits(apply_edits(chart(), edits[:k]), edits[k:]) == people
