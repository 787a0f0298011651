"""Verksam: a workbench for business development in the Nordic public sector."""

__version__ = "0.1.0"
