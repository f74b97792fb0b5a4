"""The case editor: every part of a case, editable, with the domain's checks as you type."""

from mmi_desktop.ui.editor.editor import SECTIONS, CaseEditor

__all__ = ["SECTIONS", "CaseEditor"]
