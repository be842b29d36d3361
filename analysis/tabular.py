"""Stage tables built from plain column lists with each column's dtype stated once.

``pd.DataFrame(list_of_dicts)`` infers every column by walking the rows as Python objects,
then converts text to pandas' Arrow-backed ``str`` dtype cell by cell; on the small tables of
one article that inference was most of the time spent building tables. ``frame`` builds the same
frame (same values and dtypes as the list-of-dicts constructor) from one list per column: text
goes to Arrow in one ``pyarrow.array`` call, numbers to numpy in one ``np.array`` call. A column
whose values do not fit its stated kind (None in an int column, a number in a text column) and
an empty table are left to pandas' own inference, so the result never depends on the statement.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa

#: pandas' default text dtype (Arrow storage, NaN for missing), what inference gives text columns.
TEXT = pd.StringDtype(na_value=np.nan)


def _text(values: list):
    """A text column (str or None cells) as pandas' inferred ``str`` array; None if it is not one."""
    try:
        arr = pa.array(values, type=pa.large_string())
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        return None
    if arr.null_count == len(arr):  # all missing: inference gives an object column
        return None
    return pd.arrays.ArrowStringArray(pa.chunked_array([arr]), dtype=TEXT)


def _column(values: list, kind: str):
    """One column as its stated kind ("str", "int", "float", "bool"), or the list itself for inference."""
    if kind == "str":
        arr = _text(values)
        return values if arr is None else arr
    if kind == "int" and not any(v is None or isinstance(v, bool) for v in values):
        try:
            return np.array(values, dtype=np.int64)
        except (TypeError, ValueError, OverflowError):
            return values
    if kind == "bool" and all(v is True or v is False for v in values):
        return np.array(values, dtype=bool)
    if kind == "float" and not any(isinstance(v, (bool, str)) for v in values) \
            and any(isinstance(v, float) for v in values):   # only ints or None: inference decides
        try:
            return np.array(values, dtype=np.float64)  # None -> NaN, as inference gives
        except (TypeError, ValueError):
            return values
    return values


@lru_cache(maxsize=256)
def _column_index(names: tuple[str, ...]) -> pd.Index:
    """The column labels of a table as pandas builds them (built once per set of names)."""
    return pd.Index(list(names))


def frame(columns: dict[str, list], kinds: dict[str, str]) -> pd.DataFrame:
    """The DataFrame ``pd.DataFrame(rows, columns=list(columns))`` would give for the rows these
    columns hold, built column by column with the dtype of ``kinds[name]`` set once."""
    if not columns or not len(next(iter(columns.values()))):
        return pd.DataFrame([], columns=list(columns))
    arrays = [_column(values, kinds.get(name, "")) for name, values in columns.items()]
    fast = getattr(pd.DataFrame, "_from_arrays", None)   # pandas-private: absent -> public path
    if fast is None or any(isinstance(a, list) for a in arrays):  # a column left to inference
        return pd.DataFrame(dict(zip(columns, arrays)), columns=list(columns), copy=False)
    # every column is a finished 1-d array of the same length: no checks or copies needed
    return fast(arrays, columns=_column_index(tuple(columns)),
                index=pd.RangeIndex(len(arrays[0])), verify_integrity=False)


def rows_frame(rows: list[dict], kinds: dict[str, str]) -> pd.DataFrame:
    """``frame`` of row dicts: the columns of ``kinds`` in order (a key a row lacks is missing)."""
    return frame({name: [r.get(name) for r in rows] for name in kinds}, kinds)
