// Placeholder while the tagger module is written; replaced before the issue closes.
