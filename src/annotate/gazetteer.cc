// Placeholder while the gazetteer module is written; replaced before the issue closes.
