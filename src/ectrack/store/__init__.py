"""The only place that speaks SQL: opening the file safely, migrations, queries."""
