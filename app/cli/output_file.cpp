#include "output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <vector>

namespace cs::cli {

namespace {

std::string errorText(int err) { return std::strerror(err); }

// The mode a new file gets from open(O_CREAT, 0666): what the user's umask
// allows. Read once (umask can only be read by setting it).
mode_t newFileMode() {
    static const mode_t mode = [] {
        const mode_t mask = ::umask(022);
        ::umask(mask);
        return static_cast<mode_t>(0666 & ~mask);
    }();
    return mode;
}

std::string directoryOf(const std::string& path) {
    const auto slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

std::string baseNameOf(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

OutputFile::OutputFile(int fd, std::string name, std::string target, std::string temp, bool ownsFd)
    : buffer_(new char[kBufferBytes]),
      stream_(this),
      fd_(fd),
      name_(std::move(name)),
      target_(std::move(target)),
      temp_(std::move(temp)),
      ownsFd_(ownsFd) {
    setp(buffer_.get(), buffer_.get() + kBufferBytes);
}

std::unique_ptr<OutputFile> OutputFile::standardOutput() {
    return std::unique_ptr<OutputFile>(new OutputFile(STDOUT_FILENO, "stdout", "", "", false));
}

std::unique_ptr<OutputFile> OutputFile::open(const std::string& path, std::string& error) {
    if (path == "-") return standardOutput();
    std::string target = path;
    struct stat st {};
    if (::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) {
        // Replace the file the link names, not the link.
        if (char* real = ::realpath(path.c_str(), nullptr)) {
            target = real;
            std::free(real);
        }
    }
    const bool exists = ::stat(target.c_str(), &st) == 0;
    if (exists && !S_ISREG(st.st_mode)) {
        // A device, a pipe, a terminal, a directory: written in place (a
        // directory fails here with EISDIR).
        const int fd = ::open(target.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
        if (fd < 0) {
            error = "cannot open for writing: " + errorText(errno);
            return nullptr;
        }
        return std::unique_ptr<OutputFile>(new OutputFile(fd, path, "", "", true));
    }
    // A regular file, or none yet: a temporary file beside it, renamed over
    // it on commit. Opening the target itself first gives the reason a
    // file cannot be made there (no such directory, permission) in the
    // words the user expects, without truncating an existing file.
    const int probe = ::open(target.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
    if (probe < 0) {
        error = "cannot open for writing: " + errorText(errno);
        return nullptr;
    }
    ::close(probe);
    if (!exists) ::unlink(target.c_str());  // the probe made it empty; the rename makes it whole
    std::string tmpl = directoryOf(target) + "/." + baseNameOf(target) + ".XXXXXX";
    std::vector<char> name(tmpl.begin(), tmpl.end());
    name.push_back('\0');
    const int fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd < 0) {
        // No room for a file beside it (a directory we may not write in):
        // the target itself, written in place.
        const int direct = ::open(target.c_str(), O_WRONLY | O_TRUNC | O_CREAT | O_CLOEXEC, 0666);
        if (direct < 0) {
            error = "cannot open for writing: " + errorText(errno);
            return nullptr;
        }
        return std::unique_ptr<OutputFile>(new OutputFile(direct, path, "", "", true));
    }
    // mkstemp makes the file 0600: give it the mode the target has, or the
    // mode a new file would get.
    ::fchmod(fd, exists ? (st.st_mode & 07777) : newFileMode());
    return std::unique_ptr<OutputFile>(new OutputFile(fd, path, target, std::string(name.data()), true));
}

OutputFile::~OutputFile() {
    if (!committed_) discard();
}

void OutputFile::discard() {
    if (ownsFd_ && fd_ >= 0) ::close(fd_);
    fd_ = -1;
    if (!temp_.empty()) ::unlink(temp_.c_str());
    committed_ = true;
}

bool OutputFile::writeAll(const char* p, std::size_t n) {
    while (n > 0 && errno_ == 0) {
        const ssize_t w = ::write(fd_, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            errno_ = errno;
            break;
        }
        if (w == 0) {
            errno_ = EIO;
            break;
        }
        p += w;
        n -= static_cast<std::size_t>(w);
    }
    return errno_ == 0;
}

bool OutputFile::flushBuffer() {
    const auto n = static_cast<std::size_t>(pptr() - pbase());
    const bool ok = errno_ == 0 && writeAll(pbase(), n);
    setp(buffer_.get(), buffer_.get() + kBufferBytes);
    return ok;
}

int OutputFile::overflow(int ch) {
    if (!flushBuffer()) return traits_type::eof();
    if (ch != traits_type::eof()) {
        *pptr() = static_cast<char>(ch);
        pbump(1);
    }
    return traits_type::not_eof(ch);
}

std::streamsize OutputFile::xsputn(const char* s, std::streamsize n) {
    if (errno_ != 0) return 0;
    const auto len = static_cast<std::size_t>(n);
    if (len <= static_cast<std::size_t>(epptr() - pptr())) {
        std::memcpy(pptr(), s, len);
        pbump(static_cast<int>(len));
        return n;
    }
    // Bigger than the room left: flush what is buffered, then write it through.
    if (!flushBuffer() || !writeAll(s, len)) return 0;
    return n;
}

int OutputFile::sync() { return flushBuffer() ? 0 : -1; }

bool OutputFile::commit(std::string& error) {
    if (committed_) return errno_ == 0;
    stream_.flush();
    flushBuffer();
    if (ownsFd_ && fd_ >= 0) {
        if (::close(fd_) != 0 && errno_ == 0) errno_ = errno;
        fd_ = -1;
    }
    if (errno_ == 0 && !temp_.empty() && ::rename(temp_.c_str(), target_.c_str()) != 0) errno_ = errno;
    if (errno_ != 0) {
        error = "writing " + name_ + ": " + errorText(errno_);
        discard();
        return false;
    }
    temp_.clear();
    committed_ = true;
    return true;
}

int OutputFile::finish() {
    std::string error;
    if (commit(error)) return 0;
    std::cerr << "error: " << error << '\n';
    return 1;
}

}  // namespace cs::cli
