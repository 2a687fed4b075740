;; Needs 4 pages (256 KiB) at instantiation: refused by --max-memory 64K.
(module (memory 4))
