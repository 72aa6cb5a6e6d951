"""Enterprises: employers with their unified social credit code, industry and size class."""
