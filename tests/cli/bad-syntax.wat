(module (func)
