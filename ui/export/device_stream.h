#pragma once
// A std::ostream onto a QIODevice (a QSaveFile), written in 1 MiB pieces:
// what the core writers put (CSV, Chrome JSON, JSONL, a scenario's JSON)
// goes to the file as it comes, never the whole text held in memory first
// (a million-task run's Chrome JSON is 1.5 GB: held twice over, the app's
// export of it peaked at 3.3 GB). The first failed write is kept: finish()
// says false, the device's errorString() why, and nothing more is written.
#include <QIODevice>
#include <cstddef>
#include <ostream>
#include <streambuf>
#include <vector>

namespace cs::ui {

class DeviceBuf final : public std::streambuf {
public:
    static constexpr std::size_t kPiece = std::size_t{1} << 20;
    explicit DeviceBuf(QIODevice& device);
    // Every write so far went through.
    bool ok() const { return ok_; }

protected:
    int_type overflow(int_type ch) override;
    std::streamsize xsputn(const char* s, std::streamsize n) override;
    int sync() override;

private:
    bool drain();  // writes the piece filled so far
    QIODevice& device_;
    std::vector<char> piece_;
    bool ok_ = true;
};

class DeviceStream final : public std::ostream {
public:
    explicit DeviceStream(QIODevice& device) : std::ostream(nullptr), buf_(device) { rdbuf(&buf_); }
    // Writes what is left in the piece: true when every write went through.
    bool finish() {
        flush();
        return buf_.ok() && !fail();
    }

private:
    DeviceBuf buf_;
};

}  // namespace cs::ui
