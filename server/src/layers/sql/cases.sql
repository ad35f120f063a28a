-- 在办案件 (cases, the open ones): one feature per open case.
-- A layer of single cases also answers what the reader's case scope reads (auth/case-scope.ts):
-- department_code, source and status.
SELECT f.id,
       f.geom,
       json_build_object(
         'caseNumber', f.case_number,
         'classCode', f.class_code,
         'title', f.title,
         'status', f.status,
         'source', f.source,
         'reportedAt', f.reported_at,
         'address', f.address
       ) AS properties,
       f.class_code::text AS legend,
       f.department_code,
       f.source,
       f.status
  FROM cases f
 WHERE case_is_open(f.status)
