#pragma once
// Where a command's output goes: stdout or a named file, written so that a
// failure is never silent and never leaves a truncated file that looks done.
//
//   std::string error;
//   auto out = OutputFile::open("run.jsonl", error);    // or OutputFile::standardOutput()
//   if (!out) { "error: run.jsonl: cannot open for writing: <reason>", exit 2 }
//   out->stream() << ...;
//   if (!out->commit(error)) { "error: writing run.jsonl: No space left on device", exit 1 }
//
// The stream writes through its own buffer straight to the file descriptor,
// so the first failed write(2) is kept with its errno (an iostream would only
// set badbit). A named regular file (or a new one) is written to a temporary
// file beside it and renamed over it by commit(): until then the target keeps
// its old content, and an OutputFile destroyed without a successful commit
// removes its temporary file. A target that exists and is not a regular file
// (/dev/full, /dev/null, a pipe, a terminal) is written in place; a symbolic
// link is followed, so the file it names is replaced, not the link.
#include <cstddef>
#include <memory>
#include <ostream>
#include <streambuf>
#include <string>

namespace cs::cli {

class OutputFile final : private std::streambuf {
public:
    // stdout (file descriptor 1); name() is "stdout".
    static std::unique_ptr<OutputFile> standardOutput();
    // `path` ("-" means stdout). nullptr with `error` = "cannot open for
    // writing: <strerror>" when no file can be made there.
    static std::unique_ptr<OutputFile> open(const std::string& path, std::string& error);

    ~OutputFile() override;
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    std::ostream& stream() { return stream_; }
    void write(const std::string& bytes) { stream_.write(bytes.data(), static_cast<std::streamsize>(bytes.size())); }
    const std::string& name() const { return name_; }
    // False once a write failed (later writes are dropped).
    bool good() const { return errno_ == 0; }

    // Flushes, closes and (for a temporary file) renames it over the target.
    // False with `error` = "writing NAME: <strerror>" when any write, the
    // close or the rename failed; the temporary file is then removed. Only
    // the first call does anything.
    bool commit(std::string& error);
    // commit(), and on failure the one line "error: writing NAME: <reason>"
    // on stderr. Returns the exit status: 0, or 1 after a failed write.
    int finish();

private:
    OutputFile(int fd, std::string name, std::string target, std::string temp, bool ownsFd);

    int overflow(int ch) override;
    std::streamsize xsputn(const char* s, std::streamsize n) override;
    int sync() override;
    bool flushBuffer();
    bool writeAll(const char* p, std::size_t n);
    void discard();

    static constexpr std::size_t kBufferBytes = std::size_t{1} << 16;
    std::unique_ptr<char[]> buffer_;
    std::ostream stream_;
    int fd_;
    std::string name_;    // what messages call it: the path as given, or "stdout"
    std::string target_;  // the file a temporary file is renamed to ("" when written in place)
    std::string temp_;    // the temporary file ("" when written in place)
    bool ownsFd_;
    bool committed_ = false;
    int errno_ = 0;       // the first failure
};

}  // namespace cs::cli
