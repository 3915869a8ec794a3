"""Digests for registered groups: new listings for city (buyers') groups, open demand for village
(didis') groups, each line with a deep link that opens the item in a private chat."""
