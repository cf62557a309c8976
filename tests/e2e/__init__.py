"""End-to-end tests: the real PTB Application over HTTP against the stand-in Bot API server."""
