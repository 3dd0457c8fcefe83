// Placeholder while the lemmatizer module is written; replaced before the issue closes.
