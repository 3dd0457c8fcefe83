// Placeholder while the ingest module is written; replaced before the issue closes.
