;; hello: wasm calls a host function.
(module
  (import "host" "hello" (func $hello))
  (func (export "run") (call $hello)))
