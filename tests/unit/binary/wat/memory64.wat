;; FLAGS: --enable-memory64
(module
  (memory i64 1 65536)
  (func (param i64) (result i32)
    (i64.store offset=0xfffffff0 (local.get 0) (i64.const 1))
    (drop (memory.grow (i64.const 1)))
    (i32.load (local.get 0)))
  (data (i64.const 0x10) "64"))
