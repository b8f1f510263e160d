"""A21 digital-safety materials, built from YAML content into print-ready PDFs.

The pipeline: content (load + validate) → words (Jinja2) → products (ReportLab) → finish (pypdf).
"""
