// libFuzzer target for lesson files (core/lessons/lesson_file.h): any bytes
// must give either a lesson or an error naming where (never a crash, hang or
// leak), and a lesson that loads must survive what the app does with it:
// run its scenario, fill its texts from the claims, look for spoilers.
//
//   cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCOROSCOPE_FUZZ=ON
//   cmake --build build-fuzz --target fuzz_lesson
//   mkdir -p build-fuzz/lesson-corpus
//   build-fuzz/fuzz_lesson -max_total_time=60 build-fuzz/lesson-corpus resources/lessons
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "lessons/lesson_file.h"
#include "lessons/lesson_run.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 64 * 1024) return -1;
    // A lesson's scenario is small; keep each input quick (see fuzz_loader).
    cs::ParseOptions options;
    options.maxTasks = 200;
    options.maxStepsTotal = 2000;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    cs::LoadError err;
    const auto lesson = cs::lessons::LessonFile::parse(text, &err, options);
    if (!lesson) {
        if (err.message.empty()) __builtin_trap();
        return 0;
    }
    const cs::lessons::LessonRun run(lesson->scenario);
    const cs::lessons::LessonFile filled = lesson->filled(lesson->textValues(run.facts()));
    static_cast<void>(filled.spoilers());
    return 0;
}
