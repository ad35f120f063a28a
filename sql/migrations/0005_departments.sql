-- The handling departments of a county's city management, as cases are dispatched to them
-- (案件移送 and 联合执法 in the bureau's own words). Admins add more as the county needs.
INSERT INTO departments (code, name_zh, name_en) VALUES
  ('zhifa',    '综合行政执法大队', 'Comprehensive law-enforcement brigade'),
  ('huanwei',  '环境卫生管理所',   'Sanitation office'),
  ('zhujian',  '住房和城乡建设局', 'Housing and urban-rural development bureau'),
  ('jiaojing', '公安局交警大队',   'Traffic police brigade'),
  ('shichang', '市场监督管理局',   'Market regulation bureau'),
  ('fagai',    '发展和改革局',     'Development and reform bureau'),
  ('ziran',    '自然资源局',       'Natural resources bureau');
