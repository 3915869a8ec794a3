"""Mandi prices: importing AGMARKNET reports (CSV files and the data.gov.in API), cleaning them,
local haat reports, nearest-first answers, threshold alerts and the daily price line.

For other features: `bot.prices.answer.price_line(session, lang, district_code, products, today)`
returns the short one-line summary (used by the daily line; the village groups' digests can call it).
"""
