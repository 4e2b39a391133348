"""The decisions model."""
