"""Puente's database: models, sessions, migrations, queries and the seed script."""
