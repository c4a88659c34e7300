"""Safety nets that do not depend on the NLU model (crisis detection)."""
