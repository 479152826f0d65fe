"""The problems found in an imported file, one row each: line, column, value and what was expected."""

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from pscp_training.domain.errors import Problem

_ROOT = QModelIndex()


class ProblemTableModel(QAbstractTableModel):
    """A read-only list of Problems, in the order the file has them."""

    HEADERS = ("Line", "Column", "Value found", "What was expected")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.problems: list[Problem] = []

    def set_problems(self, problems: list[Problem]) -> None:
        self.beginResetModel()
        self.problems = list(problems)
        self.endResetModel()

    def row_texts(self, row: int) -> list[str]:
        return [self._text(self.problems[row], c) for c in range(len(self.HEADERS))]

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.problems)

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    @staticmethod
    def _text(problem: Problem, column: int) -> str:
        if column == 0:
            return "" if problem.line is None else str(problem.line)
        if column == 1:
            return problem.column or ""
        if column == 2:
            return problem.value or ""
        return problem.message

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        problem = self.problems[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(problem, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
