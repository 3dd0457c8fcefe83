// Placeholder while the annotator module is written; replaced before the issue closes.
