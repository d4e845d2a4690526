#pragma once
// Co<T>: a lazily started C++20 coroutine that plays the role of a Python
// coroutine object. Awaiting a Co runs it inside the current task (like
// `await coro()`), resuming the awaiter when it returns (symmetric transfer).
// Python exceptions travel as PyError; anything else (bugs) as exception_ptr.
#include <coroutine>
#include <exception>
#include <optional>
#include <utility>

#include "loop/pool.h"
#include "loop/py_exc.h"

namespace cs::detail {

#ifdef COROSCOPE_FRAME_STATS
void recordFrame(std::size_t n);
#endif

struct CoPromiseBase {
    std::coroutine_handle<> continuation;
    std::optional<PyExc> pyExc;
    std::exception_ptr other;

    static void* operator new(std::size_t n) {
#ifdef COROSCOPE_FRAME_STATS
        recordFrame(n);
#endif
        return FramePool::alloc(n);
    }
    static void operator delete(void* p, std::size_t n) noexcept { FramePool::free(p, n); }

    std::suspend_always initial_suspend() noexcept { return {}; }
    struct FinalAwaiter {
        bool await_ready() noexcept { return false; }
        template <class P>
        std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) noexcept {
            auto c = h.promise().continuation;
            return c ? c : std::noop_coroutine();
        }
        void await_resume() noexcept {}
    };
    FinalAwaiter final_suspend() noexcept { return {}; }
    void unhandled_exception() {
        try {
            throw;
        } catch (const PyError& e) {
            pyExc = e.exc;
        } catch (...) {
            other = std::current_exception();
        }
    }
    void rethrowIfFailed() {
        if (other) std::rethrow_exception(other);
        if (pyExc) throw PyError{*pyExc};
    }
};

// What a coroutine returns: kept in the promise until the awaiter takes it.
template <class T>
struct CoResult {
    T value{};
    void return_value(T v) { value = std::move(v); }
    T take() { return std::move(value); }
};
template <>
struct CoResult<void> {
    void return_void() {}
    void take() {}
};

template <class T>
class [[nodiscard]] Co {
public:
    struct promise_type : CoPromiseBase, CoResult<T> {
        Co get_return_object() { return Co(std::coroutine_handle<promise_type>::from_promise(*this)); }
    };
    using Handle = std::coroutine_handle<promise_type>;

    Co() = default;
    explicit Co(Handle h) : h_(h) {}
    Co(Co&& o) noexcept : h_(std::exchange(o.h_, {})) {}
    Co& operator=(Co&& o) noexcept {
        if (this != &o) {
            if (h_) h_.destroy();
            h_ = std::exchange(o.h_, {});
        }
        return *this;
    }
    ~Co() {
        if (h_) h_.destroy();
    }

    Handle handle() const { return h_; }
    Handle release() { return std::exchange(h_, {}); }

    auto operator co_await() && noexcept {
        struct Awaiter {
            Handle h;
            bool await_ready() noexcept { return false; }
            std::coroutine_handle<> await_suspend(std::coroutine_handle<> parent) noexcept {
                h.promise().continuation = parent;
                return h;
            }
            T await_resume() {
                h.promise().rethrowIfFailed();
                return h.promise().take();
            }
        };
        return Awaiter{h_};
    }

private:
    Handle h_;
};

}  // namespace cs::detail
