"""Build tooling that runs outside MkDocs: serving the built site, exporting PDFs."""
