#pragma once
// Python exceptions as the engine sees them: a class (symbol id) and whether
// it is CancelledError or a BaseException that is not an Exception.
// Thrown through C++ coroutines as PyError so that try/finally and
// `async with` unwind exactly like Python code.
#include <cstdint>

namespace cs::detail {

// Symbols interned first by every program, in this order.
enum BuiltinExc : std::int32_t {
    kCancelledError = 0,
    kTimeoutError,
    kValueError,
    kExceptionGroup,
    kKeyboardInterrupt,
    kOverloaded,
    kRuntimeError,
    kBuiltinCount
};

struct PyExc {
    std::int32_t cls = kRuntimeError;
    bool isCancelled() const { return cls == kCancelledError; }
    // BaseException but not Exception: `except Exception` lets it through.
    bool isBaseOnly() const { return cls == kCancelledError || cls == kKeyboardInterrupt; }
};

struct PyError {
    PyExc exc;
};

}  // namespace cs::detail
