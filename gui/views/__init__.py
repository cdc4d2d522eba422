"""Layout-only widgets, built in code; behaviour is wired in the main window."""
