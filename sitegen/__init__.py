"""sitegen: builds a county's work-team homes into pages, posters and lobby slideshows."""
__version__ = "0.1.0"
