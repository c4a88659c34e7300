"""The curated knowledge base: schema, loading, Danish search."""
