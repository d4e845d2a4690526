#pragma once
// A growable array of trivially copyable items that start as all-zero bytes,
// for per-label tables (a million labels: 4 MB of uint32). It grows with
// calloc, whose big blocks come straight from the kernel already zeroed:
// unlike vector::resize(n, 0) nothing writes the zeros, and the new part of
// a big block is prefaulted on the helper thread (loop/prefault.h).
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <new>
#include <type_traits>

#include "loop/prefault.h"

namespace cs::detail {

template <class T>
class ZeroedArray {
    static_assert(std::is_trivially_copyable_v<T>, "items are copied with memcpy and start as zero bytes");

public:
    ZeroedArray() = default;
    ZeroedArray(const ZeroedArray&) = delete;
    ZeroedArray& operator=(const ZeroedArray&) = delete;
    ~ZeroedArray() { std::free(data_); }

    std::size_t size() const { return size_; }
    T& operator[](std::size_t i) { return data_[i]; }
    const T& operator[](std::size_t i) const { return data_[i]; }

    // Makes size() at least n (new items zero), at least doubling.
    void growTo(std::size_t n) {
        if (n <= size_) return;
        if (n < 2 * size_) n = 2 * size_;
        T* d = static_cast<T*>(std::calloc(n, sizeof(T)));
        if (!d) throw std::bad_alloc();
        if (size_) std::memcpy(static_cast<void*>(d), data_, size_ * sizeof(T));
        prefault(d + size_, (n - size_) * sizeof(T));
        std::free(data_);
        data_ = d;
        size_ = n;
    }

private:
    T* data_ = nullptr;
    std::size_t size_ = 0;
};

}  // namespace cs::detail
