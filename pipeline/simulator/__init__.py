"""A page simulator: gold articles set into multi-column newspaper PDFs, with gold by construction.

`simulate(SimulationOptions(...))` writes, per split (`tune`, `report`), the PDFs, their text
as pdfminer.six (and pdftotext) extract it, and gold files in the contract's format. See
docs/simulator.md.
"""

from pipeline.simulator.generate import SimulationOptions, simulate
from pipeline.simulator.sources import load_pools

__all__ = ["SimulationOptions", "load_pools", "simulate"]
