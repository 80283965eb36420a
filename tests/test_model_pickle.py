"""The parse cache keeps parses pickled (link/pipeline.ParseCache): every object of the model must come back equal.

The frozen dataclasses unpickle through ``_by_fields`` (one call with their fields, for speed): a field that is not
a positional ``__init__`` argument, or slots out of field order, would make them come back wrong, so both are checked.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from studyarchive.core import model

REDUCED = [cls for cls in vars(model).values()
           if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__dict__.get("__reduce__") is model._by_fields]


def test_every_frozen_dataclass_unpickles_by_its_fields() -> None:
    frozen = {cls for cls in vars(model).values() if isinstance(cls, type) and dataclasses.is_dataclass(cls)
              and cls.__dataclass_params__.frozen and cls.__module__ == model.__name__}  # type: ignore[attr-defined]
    assert set(REDUCED) == frozen
    for cls in REDUCED:
        fields = dataclasses.fields(cls)
        assert [f.name for f in fields] == list(cls.__slots__)
        assert all(f.init and not f.kw_only for f in fields), cls


text = st.text(max_size=8)
maybe = st.none() | text
pos = st.builds(model.Pos, st.integers(1, 10**6), st.integers(0, 10**4))
ref = st.builds(model.Ref, text, st.sampled_from(["problem", "cause", "measure"]), maybe, text, st.integers(1, 999))
date = st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1))
ledger = st.builds(model.Ledger, st.integers(1, 999), maybe, st.none() | date, maybe, maybe, st.none() | date, maybe, text)
VALUES = {
    model.Pos: pos,
    model.Ref: ref,
    model.Marker: st.builds(model.Marker, pos, pos, st.tuples(ref, ref), text),
    model.Ledger: ledger,
    model.Report: st.builds(model.Report, text, text, date, text, text),
    model.Meta: st.builds(model.Meta, text, text, date, st.integers(2000, 2100), text, maybe, maybe, maybe, text, text,
                          text, st.booleans(), st.tuples(text), st.tuples(st.tuples(text, ledger))),
    model.ItemKey: st.builds(model.ItemKey, text, text, text),
    model.Mention: st.builds(model.Mention, text, text, text),
}


def test_every_reduced_class_is_generated_here() -> None:
    assert set(VALUES) == set(REDUCED)


@pytest.mark.parametrize("cls", list(VALUES), ids=lambda c: c.__name__)
def test_round_trip(cls: type) -> None:
    @settings(max_examples=examples(40))
    @given(VALUES[cls])
    def check(value: object) -> None:
        back = pickle.loads(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
        assert back == value and type(back) is cls
        assert [getattr(back, f.name) for f in dataclasses.fields(cls)] == [getattr(value, f.name) for f in dataclasses.fields(cls)]

    check()
