"""The equity model."""
