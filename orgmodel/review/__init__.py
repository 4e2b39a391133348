"""The review model."""
