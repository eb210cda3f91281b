"""Photo checks and derivation (sitegen/images.py): cases found missing by mutation testing."""
