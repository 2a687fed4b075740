// Shared by the benchmark kernels: the exported entry point, for wasm32 and native builds.
#pragma once

#if defined(__wasm__)
#define KERNEL_EXPORT __attribute__((export_name("run")))
#else
#define KERNEL_EXPORT
#endif
