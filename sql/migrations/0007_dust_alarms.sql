-- Sensor alarms as a case source: a 0302 工地扬尘 case raised by the dust rule names its site, and a
-- site has at most one open alarm case at a time (enforced here, so concurrent ingests cannot open two).
ALTER TABLE incidents ADD COLUMN alarm_site_id bigint REFERENCES construction_sites (id);
CREATE UNIQUE INDEX incidents_one_open_alarm_per_site ON incidents (alarm_site_id)
  WHERE alarm_site_id IS NOT NULL AND status NOT IN ('closed', 'cancelled');
