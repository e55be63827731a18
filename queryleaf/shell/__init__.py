"""The interactive shell (issue 6): completion first; the prompt-toolkit loop builds on it."""
