-- Case photos are decoded and re-encoded on upload (server/src/cases/photo-image.ts): each row now has
-- a thumbnail for lists and the size of the stored image. Rows stored before this migration keep their
-- original file as it came (served as it is, with nosniff) and get their thumbnail and size lazily, on
-- the first GET /api/photos/{id}/thumbnail (server/src/cases/photos.ts `ensureThumbnail`).

ALTER TABLE case_photos
  ADD COLUMN thumbnail_path         text,
  ADD COLUMN thumbnail_content_type text CHECK (thumbnail_content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  ADD COLUMN thumbnail_bytes        integer CHECK (thumbnail_bytes > 0),
  ADD COLUMN width                  integer CHECK (width > 0),
  ADD COLUMN height                 integer CHECK (height > 0),
  ADD CONSTRAINT case_photos_thumbnail_whole CHECK (
    (thumbnail_path IS NULL) = (thumbnail_content_type IS NULL) AND (thumbnail_path IS NULL) = (thumbnail_bytes IS NULL)
  ),
  ADD CONSTRAINT case_photos_size_whole CHECK ((width IS NULL) = (height IS NULL));
