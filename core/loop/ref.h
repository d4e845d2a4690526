#pragma once
// Intrusive reference counting: asyncio objects are shared by the ready
// queue, the timer heap, waiter deques and coroutine frames, like Python
// objects are. Single-threaded by design.
#include <cstdint>
#include <utility>

#include "loop/pool.h"

namespace cs::detail {

struct RefCounted : Pooled {
    std::int32_t refs = 0;
    virtual ~RefCounted() = default;
};

inline void incref(RefCounted* p) { ++p->refs; }
inline void decref(RefCounted* p) {
    if (--p->refs == 0) delete p;
}

template <class T>
class Ref {
public:
    Ref() = default;
    Ref(T* p) : p_(p) { if (p_) incref(p_); }  // NOLINT: implicit like a Python reference
    Ref(const Ref& o) : p_(o.p_) { if (p_) incref(p_); }
    Ref(Ref&& o) noexcept : p_(std::exchange(o.p_, nullptr)) {}
    template <class U>
    Ref(const Ref<U>& o) : p_(o.get()) { if (p_) incref(p_); }
    ~Ref() { if (p_) decref(p_); }
    Ref& operator=(Ref o) noexcept {
        std::swap(p_, o.p_);
        return *this;
    }
    T* get() const { return p_; }
    T* operator->() const { return p_; }
    T& operator*() const { return *p_; }
    explicit operator bool() const { return p_ != nullptr; }
    bool operator==(const Ref& o) const { return p_ == o.p_; }
    void reset() { Ref().swap(*this); }
    void swap(Ref& o) noexcept { std::swap(p_, o.p_); }

private:
    T* p_ = nullptr;
};

}  // namespace cs::detail
