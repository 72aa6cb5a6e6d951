"""Policy packs over HTTP: list them, read one with its parameters and citations."""
