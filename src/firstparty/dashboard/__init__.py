"""The marketer's dashboard over the public marts: `make dashboard` or `python -m firstparty.dashboard`."""
