"""A combo box of fixed choices whose pick is kept in QSettings, so a chosen speed outlives the session."""
from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QComboBox


class RememberedChoice(QComboBox):
    """Offers (text, value) choices; `chosen` tells a new pick, which is stored under `key` in `store`."""

    chosen = Signal(object)

    def __init__(self, choices: list[tuple[str, object]], default, store: QSettings | None, key: str,
                 parent=None):
        super().__init__(parent)
        self.store, self.key = store, key
        self._values = [value for _, value in choices]
        for text, _ in choices:
            self.addItem(text)
        stored = store.value(key) if store is not None else None
        names = [str(value) for value in self._values]
        self.setCurrentIndex(names.index(str(stored)) if str(stored) in names else self._values.index(default))
        self.currentIndexChanged.connect(self._picked)

    def value(self):
        return self._values[self.currentIndex()]

    def _picked(self, _index: int) -> None:
        if self.store is not None:
            self.store.setValue(self.key, str(self.value()))
        self.chosen.emit(self.value())
