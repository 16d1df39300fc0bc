"""My Number / Corporate Number check digits and holiday-aware relocation timelines for Japan.

Modules (import what you need; nothing is imported eagerly and nothing is read at import time):

``normalize``   what people type → ASCII digits (full-width digits, dashes, spaces)
``checkdigit``  check-digit formulas of the Individual Number and the Corporate Number
``csvcheck``    streaming check of a CSV column (UTF-8, UTF-8 with BOM, Shift_JIS/CP932)
``calendar``    office open/closed days and Civil Code period arithmetic
``params``      timeline parameters from a form, a URL query or the command line
``timeline``    the dated departure and arrival plans
``api``         JSON-in/JSON-out functions for the in-browser tools (Pyodide)
``cli``         the command line (``python -m mynumber_guide``)
``facts``       the one facts file with every rule constant and its sources
"""

__version__ = "0.1.0"
