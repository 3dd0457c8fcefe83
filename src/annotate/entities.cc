// Placeholder while the entities module is written; replaced before the issue closes.
