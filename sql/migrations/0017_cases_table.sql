-- One noun: a reported problem is a case (案件), in the database as in the API. The table, its
-- history's key, and the names of their indexes, constraints and sequence follow. Functions and views
-- refer to tables by oid, not by name, so nothing else needs rewriting.
ALTER TABLE incidents RENAME TO cases;
ALTER SEQUENCE incidents_id_seq RENAME TO cases_id_seq;
ALTER INDEX incidents_pkey RENAME TO cases_pkey;
ALTER INDEX incidents_geom_idx RENAME TO cases_geom_idx;
ALTER INDEX incidents_open_idx RENAME TO cases_open_idx;
ALTER INDEX incidents_department_idx RENAME TO cases_department_idx;
ALTER INDEX incidents_deadline_idx RENAME TO cases_deadline_idx;
ALTER INDEX incidents_dispatched_idx RENAME TO cases_dispatched_idx;
ALTER INDEX incidents_one_open_alarm_per_site RENAME TO cases_one_open_alarm_per_site;
ALTER TABLE cases RENAME CONSTRAINT incidents_class_code_check TO cases_class_code_check;
ALTER TABLE cases RENAME CONSTRAINT incidents_title_check TO cases_title_check;
ALTER TABLE cases RENAME CONSTRAINT incidents_source_check TO cases_source_check;
ALTER TABLE cases RENAME CONSTRAINT incidents_status_check TO cases_status_check;
ALTER TABLE cases RENAME CONSTRAINT incidents_reported_by_fkey TO cases_reported_by_fkey;
ALTER TABLE cases RENAME CONSTRAINT incidents_department_code_fkey TO cases_department_code_fkey;
ALTER TABLE cases RENAME CONSTRAINT incidents_alarm_site_id_fkey TO cases_alarm_site_id_fkey;

ALTER TABLE case_history RENAME COLUMN incident_id TO case_id;
ALTER INDEX case_history_incident_idx RENAME TO case_history_case_idx;
ALTER TABLE case_history RENAME CONSTRAINT case_history_incident_id_fkey TO case_history_case_id_fkey;
