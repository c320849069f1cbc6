"""The hidden checks, one module per lesson, named by lesson id (``lesson03``)."""
