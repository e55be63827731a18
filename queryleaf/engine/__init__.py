"""Execution: sessions, backends (pymongo and the embedded engine), results."""
