"""The Qt desktop application: document, undo commands, canvas, panels and main window."""
