-- Used by @socket.io/postgres-adapter to pass large inter-server packets between server processes
-- (socket management such as disconnecting a revoked wall screen wherever it is connected).
CREATE TABLE IF NOT EXISTS socket_io_attachments (
  id         bigserial UNIQUE,
  created_at timestamptz DEFAULT now(),
  payload    bytea
);
