-- PostGIS for every geometry in citygrid. Runs on PostgreSQL 15 + PostGIS 3.3 and on PGlite (PG 18 + PostGIS 3.6).
CREATE EXTENSION IF NOT EXISTS postgis;
