"""`make bench`: figures for speed and accuracy, printed side by side. No pass/fail."""
