"""Indicator frameworks as templates: the library (shipped, the user's own, converted), a package's
framework saved as a template, a bureau's Excel converted into one and a template written back to
Excel in the layout the converter reads."""
