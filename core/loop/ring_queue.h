#pragma once
// A FIFO of trivially copyable items in one power-of-two ring buffer: the
// ready queue pushes and pops a few million entries per run, and a ring does
// each in a store and an index update (std::deque checks block boundaries
// and allocates blocks as it goes). It grows with realloc (a big buffer is
// remapped, not copied) and gives memory back once it is mostly empty (a
// million tasks' first steps are queued at once, then never again).
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <new>
#include <type_traits>

#include "loop/pool.h"
#include "loop/prefault.h"

namespace cs::detail {

template <class T>
class RingQueue {
    static_assert(std::is_trivially_copyable_v<T>, "items are moved with plain copies");

public:
    RingQueue() = default;
    RingQueue(const RingQueue&) = delete;
    RingQueue& operator=(const RingQueue&) = delete;
    ~RingQueue() { std::free(buf_); }

    bool empty() const { return size_ == 0; }
    std::size_t size() const { return size_; }

    void push_back(const T& v) {
        if (size_ == cap_) grow();
        buf_[(head_ + size_) & (cap_ - 1)] = v;
        ++size_;
    }
    const T& front() const { return buf_[head_]; }
    void pop_front() {
        head_ = (head_ + 1) & (cap_ - 1);
        --size_;
        ++popped_;
        // Shrink late (under 1/64 full: few items to copy), to 1/16 of the
        // size: room for four times the items before it must grow again.
        if (cap_ > kShrinkAbove && size_ < cap_ / 64) [[unlikely]]
            resize(cap_ / 16);
    }
    // The i-th item from the front.
    const T& operator[](std::size_t i) const { return buf_[(head_ + i) & (cap_ - 1)]; }
    // Items popped since construction: the front item is the popped()-th
    // ever pushed, so popped() + i numbers the i-th item for good.
    std::size_t popped() const { return popped_; }

    class const_iterator {
    public:
        const_iterator(const RingQueue* q, std::size_t i) : q_(q), i_(i) {}
        const T& operator*() const { return (*q_)[i_]; }
        const T* operator->() const { return &(*q_)[i_]; }
        const_iterator& operator++() {
            ++i_;
            return *this;
        }
        bool operator==(const const_iterator& o) const { return i_ == o.i_; }
        bool operator!=(const const_iterator& o) const { return i_ != o.i_; }

    private:
        const RingQueue* q_;
        std::size_t i_;
    };
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, size_}; }

private:
    static constexpr std::size_t kShrinkAbove = 1u << 14;

    // Out of line: push_back and pop_front stay a few instructions at their call sites.
    [[gnu::noinline, gnu::cold]] void grow() {
        const std::size_t cap = cap_ ? cap_ * 2 : 64;
        T* b = static_cast<T*>(std::realloc(static_cast<void*>(buf_), cap * sizeof(T)));
        if (!b) throw std::bad_alloc();
        // The new half is untouched: let a big ring take it in huge pages (a
        // million tasks' first steps fill 24 MB at once), faulted in on the
        // helper thread while this one fills it from the front.
        if ((cap - cap_) * sizeof(T) >= kHugePageBytes) {
            // The whole mapping, so that it stays one mapping that the next
            // realloc can move with mremap (advising part of it would split
            // it, and realloc would copy).
            adviseHugePagesCovering(b, cap * sizeof(T));
            prefault(b + cap_, (cap - cap_) * sizeof(T));
        }
        // The items that wrapped to the start move to just past the old end.
        const std::size_t tail = head_ + size_;
        if (tail > cap_) std::memcpy(static_cast<void*>(b + cap_), b, (tail - cap_) * sizeof(T));
        buf_ = b;
        cap_ = cap;
    }

    // A smaller buffer holding the items from index 0.
    [[gnu::noinline, gnu::cold]] void resize(std::size_t cap) {
        T* b = static_cast<T*>(std::malloc(cap * sizeof(T)));
        if (!b) return;  // keep the big one
        for (std::size_t i = 0; i < size_; ++i) b[i] = (*this)[i];
        std::free(buf_);
        buf_ = b;
        cap_ = cap;
        head_ = 0;
    }

    T* buf_ = nullptr;
    std::size_t cap_ = 0;  // 0 or a power of two
    std::size_t head_ = 0;
    std::size_t size_ = 0;
    std::size_t popped_ = 0;
};

}  // namespace cs::detail
