"""Per-format loaders: each turns a file into the neutral Document (text with positions)."""
