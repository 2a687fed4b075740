;; Code that never ends: run with --fuel or --timeout, which stop it.
(module (func (export "spin") (loop $again (br $again))))
(assert_trap (invoke "spin") "all fuel consumed")
