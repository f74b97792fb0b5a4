"""The case list: a table model of case summaries, its filter proxy, and the panel that shows them.

The model reads what it shows: it holds the list's order (case ids, ordered in the database
through its indexes, `store/case_list.py`) and a short folded search text per case, and
reads the rows' `CaseSummary` by id, a block at a time, as they are painted. At start the
window paints the first page, read from the name-order index before SQLAlchemy loads; the
whole order and the search texts are read off the GUI thread once the database is open.
The proxy only filters, on the search texts: with 50,000 cases a keystroke costs one list
comprehension of substring tests and one layout change, and clearing the filter costs no
comparisons at all (a sorting proxy would call `data()` for every row to re-insert them;
QSortFilterProxyModel alone would call a Python `filterAcceptsRow` per row per keystroke).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractProxyModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QWidget,
)

from mmi_desktop.domain.analysis_text import deadline_title
from mmi_desktop.domain.results import Severity
from mmi_desktop.domain.stage import Stage
from mmi_desktop.store.case_list import (
    ListIndex,
    ListSource,
    LoadedList,
    MemoryList,
    fold,
    summary_search_text,
)
from mmi_desktop.store.records import CaseSummary
from mmi_desktop.ui import severity as severity_scheme
from mmi_desktop.ui.table_base import ReadOnlyTableModel

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
OBJECT_ROLE = Qt.ItemDataRole.UserRole + 2
# As plain ints: every painted cell asks for seven roles, most of which the list leaves empty.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_ROLES = frozenset((_DISPLAY, int(SORT_ROLE), int(OBJECT_ROLE), _TOOLTIP, _FOREGROUND, _DECORATION))

# Column order follows the screen sketch: who, when, where the case stands, the two columns
# the analysis fills (flag severity, next deadline), then the claim number, which scrolls
# out of sight first when the editor leaves the list little room.
COL_CLIENT, COL_DOI, COL_STAGE, COL_FLAGS, COL_NEXT, COL_CLAIM = range(6)
HEADERS = ("Client", "DOI", "Stage", "Flags", "Next due", "Claim #")
HEADER_TIPS = (
    "Client name (last, first)",
    "Date of injury",
    "Where the case stands: treating, at MMI, rated or settled (derived from the record)",
    "Most severe open flag",
    "Next deadline",
    "Claims administrator's claim number",
)

STAGE_ORDER = {Stage.TREATING: 0, Stage.AT_MMI: 1, Stage.RATED: 2, Stage.SETTLED: 3}
# One scheme for severity everywhere (ui/severity.py): the icon and the word, never colour alone.
SEVERITY_COLOURS = {s: severity_scheme.colour(s) for s in Severity}
SEVERITY_MARKS = {s: s.value for s in Severity}  # beside the severity's icon
_FAR_FUTURE = date.max.toordinal()


def us_date(value: date | None) -> str:
    """MM/DD/YYYY, as California forms and caseworkers write dates."""
    return value.strftime("%m/%d/%Y") if value else ""


def search_text(summary: CaseSummary) -> str:
    """What the filter matches against: names, claim number, ADJ number and employer."""
    return summary_search_text(summary)


@dataclass(frozen=True, slots=True)
class Attention:
    """What the analysis says about one case, for the list's last two columns."""

    severity: Severity | None = None
    next_deadline: date | None = None
    flag_count: int = 0  # open (not dismissed) flags
    next_kind: str | None = None  # what is due next (a deadline kind)


class CaseTableModel(ReadOnlyTableModel):
    """The cases of one database, in the order of the sorted column.

    The model keeps the list's order (case ids) and, for the filter, a short search text per
    case; the rows' `CaseSummary` are read by id from the list's source as they are painted,
    a block at a time, and only a few thousand are kept. The order comes from the database
    (`store/case_list.py`: ORDER BY over an index), except for Flags and Next due, which the
    analysis fills (open flags, after dismissals) and which are ordered here over the ids."""

    BLOCK = 100  # rows read together when a painted row is not at hand
    KEEP = 4000  # rows kept at most (then the oldest are read again when shown)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._source: ListSource = MemoryList(())
        self._ids: list[int] = []
        self._rows: dict[int, CaseSummary] = {}  # read rows by id
        self._index: ListIndex | None = None  # the filter's text by id, read when first needed
        self._search: list[str] | None = None  # ... in row order
        self._row_of: dict[int, int] = {}
        self._total: int | None = None  # cases in the database, while only a page is shown
        self._attention: dict[int, Attention] = {}
        self._sort_column = COL_CLIENT
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._sorted_as: tuple[int, Qt.SortOrder] | None = None  # None: rows changed since

    # ------------------------------------------------------------------ Qt API
    headers = HEADERS
    header_tips = HEADER_TIPS

    def _size(self) -> int:
        return len(self._ids)

    def index(
        self,
        row: int,
        column: int,
        parent: QModelIndex | QPersistentModelIndex = QModelIndex(),  # noqa: B008
    ) -> QModelIndex:
        # One Python call instead of Qt's rowCount() and columnCount() (hasIndex), for each
        # cell the proxy maps while the list is painted.
        inside = 0 <= row < len(self._ids) and 0 <= column < len(HEADERS)
        return self.createIndex(row, column) if inside and not parent.isValid() else QModelIndex()

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        return self.cell_data(index.row(), index.column(), role)

    def cell_data(self, row: int, col: int, role: int) -> Any:
        """What `data()` gives for a cell, by row and column (the proxy asks here directly)."""
        if role not in _ROLES or not 0 <= row < len(self._ids):
            return None
        s = self._rows.get(self._ids[row]) or self._read(row)
        if s is None:  # (gone from the database since the list was read)
            return None
        if role == _DISPLAY:
            return self._display(s, col)
        if role == SORT_ROLE:
            return self._sort_key(s, col)
        if role == OBJECT_ROLE:
            return s
        if role == _TOOLTIP:
            return self._tooltip(s, col)
        if col != COL_FLAGS:
            return None
        severity = self._attention.get(s.id, Attention()).severity
        if severity is None:
            return None
        if role == _FOREGROUND:
            return QBrush(SEVERITY_COLOURS[severity])
        return severity_scheme.icon(severity)  # _DECORATION

    def _read(self, row: int) -> CaseSummary | None:
        """Read the block of rows around `row` from the source; its summary."""
        start = row - row % self.BLOCK
        wanted = [i for i in self._ids[start : start + self.BLOCK] if i not in self._rows]
        if len(self._rows) + len(wanted) > self.KEEP:
            self._rows.clear()
            wanted = self._ids[start : start + self.BLOCK]
        self._rows.update(self._source.rows(wanted))
        return self._rows.get(self._ids[row])

    def _display(self, s: CaseSummary, col: int) -> str:
        if col == COL_CLIENT:
            return s.display_name
        if col == COL_DOI:
            return us_date(s.date_of_injury)
        if col == COL_CLAIM:
            return s.claim_number or ""
        if col == COL_STAGE:
            return str(s.stage.value)
        attention = self._attention.get(s.id)
        if attention is None:
            return ""
        if col == COL_FLAGS:
            return SEVERITY_MARKS[attention.severity] if attention.severity else ""
        if col == COL_NEXT:
            return us_date(attention.next_deadline)
        return ""

    def _sort_key(self, s: CaseSummary, col: int) -> Any:
        # Plain ints and strings: Qt compares them natively, with no Python call per comparison.
        if col == COL_CLIENT:
            return f"{s.last_name}\x00{s.first_name}".casefold()
        if col == COL_DOI:
            return s.date_of_injury.toordinal()
        if col == COL_CLAIM:
            return (s.claim_number or "").casefold()
        if col == COL_STAGE:
            return STAGE_ORDER.get(s.stage, 0)
        return self._attention_key(s.id, col)

    def _attention_key(self, case_id: int, col: int) -> int:
        attention = self._attention.get(case_id, Attention())
        if col == COL_FLAGS:
            return attention.severity.rank if attention.severity else 9
        if col == COL_NEXT:
            return attention.next_deadline.toordinal() if attention.next_deadline else _FAR_FUTURE
        return 0

    def _tooltip(self, s: CaseSummary, col: int) -> str | None:
        attention = self._attention.get(s.id)
        if col == COL_FLAGS and attention is not None and attention.severity is not None:
            n = attention.flag_count
            return (
                f"{n} open flag{'s' if n != 1 else ''}; the most severe is "
                f"{attention.severity.value}"
            )
        if col == COL_NEXT and attention is not None and attention.next_kind:
            return deadline_title(attention.next_kind)
        if col != COL_CLIENT:
            return None
        lines = [f"{s.first_name} {s.last_name}"]
        if s.employer:
            lines.append(f"Employer: {s.employer}")
        if s.adj_number:
            lines.append(f"ADJ #: {s.adj_number}")
        return "\n".join(lines)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(HEADERS) or self._sorted_as == (column, order):
            return
        self._sort_column, self._sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        ids = [self._ids[i.row()] for i in old]
        self._apply_sort()
        new = [
            self.index(self._row_of.get(case_id, -1), i.column())
            for case_id, i in zip(ids, old, strict=True)
        ]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def sort_column(self) -> int:
        return self._sort_column

    def sort_order(self) -> Qt.SortOrder:
        return self._sort_order

    def _apply_sort(self) -> None:
        col, reverse = self._sort_column, self._sort_order == Qt.SortOrder.DescendingOrder
        key = _ORDER_KEYS.get(col)
        listed = set(self._ids)
        if key is not None:
            order = self._source.order(key, reverse)
        else:  # Flags, Next due: the analysis's, over the name order (ties keep it)
            order = self._source.order("client", False)
            order.sort(key=lambda i: self._attention_key(i, col), reverse=reverse)
        self._ids = [i for i in order if i in listed]
        if len(self._ids) < len(listed):  # (rows the source does not order: kept, at the end)
            ordered = set(self._ids)
            self._ids += [i for i in listed if i not in ordered]
        self._search = None
        self._reindex()
        self._sorted_as = (self._sort_column, self._sort_order)

    # ------------------------------------------------------------------ our API
    def set_summaries(self, summaries: Iterable[CaseSummary], total: int | None = None) -> None:
        """Replace every row with these (a list given whole, or the first page of a list of
        `total` cases, shown until the whole list is read)."""
        rows = list(summaries)
        self._set(MemoryList(rows), None, [s.id for s in rows], {s.id: s for s in rows})
        self._total = total

    def set_list(self, loaded: LoadedList) -> None:
        """Show a list read from the database (`store.case_list.load_list`)."""
        keep = {i: s for i in loaded.ids[: self.BLOCK] if (s := self._rows.get(i)) is not None}
        self._set(loaded.source, loaded.index, loaded.ids, keep)
        self._total = None

    def _set(self, source: ListSource, index: ListIndex | None, ids: list[int],
             rows: dict[int, CaseSummary]) -> None:
        self.beginResetModel()
        self._source, self._index, self._ids, self._rows = source, index, ids, rows
        self._search = None
        if self._sorted_as != (COL_CLIENT, Qt.SortOrder.AscendingOrder) or index is None:
            self._apply_sort()
        else:
            self._reindex()
        self.endResetModel()

    def _reindex(self) -> None:
        self._row_of = {case_id: i for i, case_id in enumerate(self._ids)}

    def case_count(self) -> int:
        """How many cases the database holds (more than the rows while a first page shows)."""
        return self._total if self._total is not None else len(self._ids)

    def upsert(self, summary: CaseSummary) -> int:
        """Add a case's row, or refresh it if present, keeping the sort; returns its row."""
        self._source.put(summary)
        self._rows[summary.id] = summary
        if self._index is not None:
            self._index.search[summary.id] = summary_search_text(summary)
        row = self._row_of.get(summary.id)
        if row is None:
            row = len(self._ids)
            self.beginInsertRows(QModelIndex(), row, row)
            self._ids.append(summary.id)
            if self._search is not None:
                self._search.append(summary_search_text(summary))
            self._row_of[summary.id] = row
            if self._total is not None:
                self._total += 1
            self.endInsertRows()
        else:
            if self._search is not None:
                self._search[row] = summary_search_text(summary)
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))
        self._sorted_as = None
        self.sort(self._sort_column, self._sort_order)
        return self._row_of[summary.id]

    def remove(self, case_id: int) -> bool:
        row = self._row_of.get(case_id)
        if row is None:
            return False
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._ids[row]
        if self._search is not None:
            del self._search[row]
        self._source.drop(case_id)
        self._rows.pop(case_id, None)
        if self._index is not None:
            self._index.search.pop(case_id, None)
        if self._total is not None:
            self._total -= 1
        self._reindex()
        self._attention.pop(case_id, None)
        self.endRemoveRows()
        return True

    def set_attention(self, attention: dict[int, Attention]) -> None:
        """Flag severity and next deadline per case id (filled by the analysis)."""
        self._attention = dict(attention)
        if self._ids:
            self.dataChanged.emit(
                self.index(0, COL_FLAGS), self.index(len(self._ids) - 1, COL_NEXT)
            )
            if self._sort_column in (COL_FLAGS, COL_NEXT):
                self._sorted_as = None
                self.sort(self._sort_column, self._sort_order)

    def row_of(self, case_id: int) -> int | None:
        return self._row_of.get(case_id)

    def case_id(self, row: int) -> int:
        return self._ids[row]

    def case_ids(self) -> Sequence[int]:
        """Every case's id, in row order."""
        return tuple(self._ids)

    def summary(self, row: int) -> CaseSummary:
        s = self._rows.get(self._ids[row]) or self._read(row)
        if s is None:
            raise KeyError(self._ids[row])
        return s

    def summaries(self) -> Sequence[CaseSummary]:
        """Every row's summary, in row order: reads them all (for tests and checks, not the
        window, which reads what it shows)."""
        found = self._source.rows(self._ids)
        return tuple(found[i] for i in self._ids if i in found)

    def search_strings(self) -> list[str]:
        """The lower-cased, accent-free search text of every row, in row order."""
        if self._index is None:
            self._index = self._source.index()
        if self._search is None:
            search = self._index.search
            self._search = [search.get(i, "") for i in self._ids]
        return self._search


_ORDER_KEYS = {COL_CLIENT: "client", COL_DOI: "doi", COL_STAGE: "stage", COL_CLAIM: "claim"}


class CaseFilterProxy(QAbstractProxyModel):
    """Filters on name, claim #, ADJ # and employer as the user types; sorting is passed to
    the source model, so the proxy keeps the source's order and never compares rows.

    Every word typed must appear somewhere in the row (so "lopez 05A" and "maria lopez" both
    find Maria Lopez), ignoring case and accents.
    """

    # Not a QSortFilterProxyModel: that one asks a Python filterAcceptsRow about each of the
    # 10,000 rows on every keystroke (5 ms) and removes the rows that stopped matching in
    # hundreds of separate ranges (2 ms more). Here the matching rows are one list
    # comprehension over the model's search strings, and a new filter is one layout change.

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._source: CaseTableModel | None = None
        # The source row of each row shown, ascending (the source's order).
        self._rows: Sequence[int] = range(0)
        self._moving: list[tuple[QModelIndex, QPersistentModelIndex]] = []

    # ------------------------------------------------------------------ our API
    def set_filter_text(self, text: str) -> None:
        words = fold(text).split()
        if words == self._words:
            return
        # Typing on narrows the filter: only the rows shown now can still match.
        stricter = bool(self._words) and all(any(o in n for n in words) for o in self._words)
        shown = self._rows
        self._begin_relayout()
        self._words = words
        self._end_relayout(shown if stricter else None)

    def filter_text(self) -> str:
        return " ".join(self._words)

    def _matching(self, rows: range | None = None) -> Sequence[int]:
        """The source rows (of `rows`, else all) that the words match, in the source's order."""
        source = self._source
        if rows is None:
            rows = range(source.rowCount() if source is not None else 0)
        words = self._words
        if not words or source is None:
            return rows
        strings = source.search_strings()
        texts = enumerate(strings[rows.start : rows.stop], rows.start)
        if len(words) == 1:
            word = words[0]
            return [row for row, text in texts if word in text]
        return [row for row, text in texts if all(w in text for w in words)]

    def _source_relayout(self, *_args: object) -> None:
        self._end_relayout()

    def _matching_among(self, rows: Sequence[int]) -> list[int]:
        """Those of these source rows that the words match."""
        if self._source is None:
            return []
        strings, words = self._source.search_strings(), self._words
        if len(words) == 1:
            word = words[0]
            return [row for row in rows if word in strings[row]]
        return [row for row in rows if all(w in strings[row] for w in words)]

    def _begin_relayout(self) -> None:
        self.layoutAboutToBeChanged.emit()
        self._moving = [
            (index, QPersistentModelIndex(self.mapToSource(index)))
            for index in self.persistentIndexList()
        ]

    def _end_relayout(self, among: Sequence[int] | None = None) -> None:
        """Match again (all rows, or only these source rows, ascending), and move the
        view's indexes (selection, current) to their rows."""
        self._rows = self._matching() if among is None else self._matching_among(among)
        moving, self._moving = self._moving, []
        self.changePersistentIndexList(
            [index for index, _ in moving], [self.mapFromSource(source) for _, source in moving]
        )
        self.layoutChanged.emit()

    # ------------------------------------------------------------------ Qt API
    def setSourceModel(self, model: CaseTableModel | None) -> None:  # type: ignore[override]  # noqa: N802
        if model is not None and not isinstance(model, CaseTableModel):
            raise TypeError("CaseFilterProxy filters a CaseTableModel")
        self.beginResetModel()
        if self._source is not None:
            for signal, slot in self._source_signals(self._source):
                signal.disconnect(slot)
        super().setSourceModel(model)
        self._source = model
        if model is not None:
            for signal, slot in self._source_signals(model):
                signal.connect(slot)
        self._rows = self._matching()
        self.endResetModel()

    def _source_signals(self, model: CaseTableModel) -> list[tuple[Any, Any]]:
        return [
            (model.modelAboutToBeReset, self.beginResetModel),
            (model.modelReset, self._source_reset),
            (model.layoutAboutToBeChanged, self._begin_relayout),
            (model.layoutChanged, self._source_relayout),
            (model.rowsInserted, self._source_rows_inserted),
            (model.rowsAboutToBeRemoved, self._source_rows_about_to_be_removed),
            (model.rowsRemoved, self._source_rows_removed),
            (model.dataChanged, self._source_data_changed),
            (model.headerDataChanged, self.headerDataChanged),
        ]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self._source is not None:
            self._source.sort(column, order)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._source is None else len(HEADERS)

    def hasChildren(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self.rowCount() > 0 and self.columnCount() > 0

    def index(
        self,
        row: int,
        column: int,
        parent: QModelIndex | QPersistentModelIndex = QModelIndex(),  # noqa: B008
    ) -> QModelIndex:
        inside = 0 <= row < len(self._rows) and 0 <= column < self.columnCount()
        return self.createIndex(row, column) if inside and not parent.isValid() else QModelIndex()

    def parent(  # type: ignore[override]
        self, child: QModelIndex | QPersistentModelIndex | None = None
    ) -> Any:
        # A flat table: no item has a parent. Without an index this is QObject.parent().
        return QModelIndex() if child is not None else super().parent()

    def mapToSource(self, proxy_index: QModelIndex | QPersistentModelIndex) -> QModelIndex:  # noqa: N802
        if self._source is None or not proxy_index.isValid():
            return QModelIndex()
        return self._source.index(self._rows[proxy_index.row()], proxy_index.column())

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        # As the source says; here so that painting a cell maps it once, in Python.
        if self._source is None:
            return Qt.ItemFlag.NoItemFlags
        return self._source.flags(self.mapToSource(index))

    def mapFromSource(self, source_index: QModelIndex | QPersistentModelIndex) -> QModelIndex:  # noqa: N802
        if not source_index.isValid():
            return QModelIndex()
        row = self._proxy_row(source_index.row())
        return self.createIndex(row, source_index.column()) if row is not None else QModelIndex()

    def _proxy_row(self, source_row: int) -> int | None:
        rows = self._rows
        row = bisect_left(rows, source_row)
        return row if row < len(rows) and rows[row] == source_row else None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        # Straight to the source's row: mapToSource would build a source index per role.
        if role not in _ROLES or self._source is None or not index.isValid():
            return None
        return self._source.cell_data(self._rows[index.row()], index.column(), role)

    # ------------------------------------------------------------------ source changes
    def _source_reset(self) -> None:
        self._rows = self._matching()
        self.endResetModel()

    def _source_rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        new = self._matching(range(first, last + 1))
        self._shift_rows_from(first, last - first + 1)
        if new:
            at = bisect_left(self._rows, first)
            self.beginInsertRows(QModelIndex(), at, at + len(new) - 1)
            self._rows = [*self._rows[:at], *new, *self._rows[at:]]
            self.endInsertRows()

    def _source_rows_about_to_be_removed(self, parent: QModelIndex, first: int, last: int) -> None:
        # Removed here, while the source still has them; the rows after move up afterwards.
        start, stop = bisect_left(self._rows, first), bisect_right(self._rows, last)
        if start < stop:
            self.beginRemoveRows(QModelIndex(), start, stop - 1)
            self._rows = [*self._rows[:start], *self._rows[stop:]]
            self.endRemoveRows()

    def _source_rows_removed(self, parent: QModelIndex, first: int, last: int) -> None:
        self._shift_rows_from(first, first - last - 1)

    def _shift_rows_from(self, first: int, by: int) -> None:
        """Follow the source rows from `first` on as they move down (or up) by `by`."""
        at = bisect_left(self._rows, first)
        self._rows = [*self._rows[:at], *(row + by for row in self._rows[at:])]

    def _source_data_changed(
        self, top_left: QModelIndex, bottom_right: QModelIndex, roles: Sequence[int] = ()
    ) -> None:
        first, last = top_left.row(), bottom_right.row()
        start, stop = bisect_left(self._rows, first), bisect_right(self._rows, last)
        if self._words and self._rows[start:stop] != self._matching(range(first, last + 1)):
            # An edit made a row match the filter, or stop matching it.
            self._begin_relayout()
            self._end_relayout()
            start, stop = bisect_left(self._rows, first), bisect_right(self._rows, last)
        if start < stop:
            self.dataChanged.emit(
                self.index(start, top_left.column()),
                self.index(stop - 1, bottom_right.column()),
                list(roles),
            )
