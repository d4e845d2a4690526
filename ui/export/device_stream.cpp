#include "export/device_stream.h"

#include <algorithm>
#include <cstring>

namespace cs::ui {

DeviceBuf::DeviceBuf(QIODevice& device) : device_(device), piece_(kPiece) {
    setp(piece_.data(), piece_.data() + piece_.size());
}

bool DeviceBuf::drain() {
    const std::ptrdiff_t n = pptr() - pbase();
    if (ok_ && n > 0 && device_.write(pbase(), n) != n) ok_ = false;
    setp(piece_.data(), piece_.data() + piece_.size());
    return ok_;
}

DeviceBuf::int_type DeviceBuf::overflow(int_type ch) {
    if (!drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
        *pptr() = traits_type::to_char_type(ch);
        pbump(1);
    }
    return traits_type::not_eof(ch);
}

std::streamsize DeviceBuf::xsputn(const char* s, std::streamsize n) {
    std::streamsize done = 0;
    while (done < n) {
        if (pptr() == epptr() && !drain()) return done;
        const std::streamsize room = std::min<std::streamsize>(epptr() - pptr(), n - done);
        std::memcpy(pptr(), s + done, static_cast<std::size_t>(room));
        pbump(static_cast<int>(room));
        done += room;
    }
    return done;
}

int DeviceBuf::sync() { return drain() ? 0 : -1; }

}  // namespace cs::ui
