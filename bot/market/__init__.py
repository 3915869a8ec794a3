"""The market: listings, demands, matches and the words and limits around them."""
