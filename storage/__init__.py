"""Storage: SQLAlchemy tables, the engine, the unit of work and Alembic migrations.

Knows nothing of NiceGUI or of the pages.
"""
