"""Reading record files (sitegen/read.py): cases found missing by mutation testing."""
