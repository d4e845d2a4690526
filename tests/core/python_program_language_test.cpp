// codegen/python_program in Chinese (ProgramOptions::language "zh_CN"): every
// comment and docstring of the lesson is Chinese, the code is the English
// program's line for line, and the program runs to the same trace.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "codegen/python_program.h"
#include "scenario/loader.h"

namespace fs = std::filesystem;

namespace {

cs::Scenario parse(const std::string& json) {
    auto r = cs::parseScenario(json);
    INFO((r.ok() ? std::string() : r.error->what()));
    REQUIRE(r.ok());
    return *r.scenario;
}

cs::Scenario load(const std::string& body) {
    return parse(R"({"format": "coroscope-scenario/1", )" + body + "}");
}

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A lesson's scenario (resources/lessons/<id>.json).
cs::Scenario lesson(const std::string& id) {
    const fs::path path = fs::path(COROSCOPE_SOURCE_DIR) / "resources" / "lessons" / (id + ".json");
    INFO(path.string());
    const nlohmann::json j = nlohmann::json::parse(readFile(path));
    return parse(j.at("scenario").dump());
}

// Scenarios that together use every part of the generator: each limiter and
// collector, every step kind, the task options and pitfalls, user errors.
std::vector<std::pair<std::string, cs::Scenario>> scenarios() {
    const std::string T = R"("tasks": [{"steps": [{"io": 1}]}, {"steps": [{"io": 2}]}])";
    const std::vector<std::string> bodies = {
        R"("tasks": [
            {"steps": [{"io": 1}, {"cpu": 0.5}, {"thread": 1}, {"process": 2}, {"increment": 0.1},
                       {"raise": "BoomError"}], "arrive": 0.25, "timeout": 3, "ignore_cancel": true},
            {"steps": [{"call": 1}, {"raise": "print"}, {"raise": "ValueError"}], "forget_release": true},
            {"steps": [{"io": 1}], "release_twice": true}],
            "limit": {"kind": "bounded_semaphore", "value": 2},
            "service": {"capacity": 2, "queue_limit": 1, "rate_limit": {"per_second": 2, "burst": 2}},
            "executor": {"max_workers": 3}, "process_pool": {"max_workers": 1},
            "counter": {"lock": true})",
        R"("tasks": [{"steps": [{"increment": 0.1}], "release_twice": true},
                     {"steps": [{"increment": 0.2}], "forget_release": true}],
            "limit": {"kind": "semaphore", "value": 2}, "collect": {"kind": "as_completed", "timeout": 2})",
        R"("tasks": [{"steps": []}])",
        T + R"(, "limit": {"kind": "semaphore_per_task", "value": 2})",
        T + R"(, "limit": {"kind": "semaphore", "value": 2, "schedule": [{"at": 1.5, "value": 4}]})",
        T + R"(, "limit": {"kind": "adaptive", "initial": 1, "min": 1, "max": 8, "latency_target": 0.75})",
        T + R"(, "limit": {"kind": "rate", "max_at_once": 3, "max_per_second": 2})",
        R"("tasks": [{"steps": [{"io": 1}], "forget_release": true}, {"steps": [{"io": 2}], "release_twice": true}],
            "limit": {"kind": "connector", "value": 3})",
        T + R"(, "limit": {"kind": "scheduler", "limit": 2, "pending_limit": 1})",
        T + R"(, "limit": {"kind": "queue", "workers": 3, "maxsize": 2})",
        T + R"(, "limit": {"kind": "queue", "workers": 3, "maxsize": 0})",
        T + R"(, "limit": {"kind": "manual", "value": 2})",
        T + R"(, "limit": {"kind": "chunks", "size": 2})",
        T + R"(, "collect": {"kind": "gather", "return_exceptions": true})",
        T + R"(, "collect": {"kind": "wait", "return_when": "FIRST_EXCEPTION", "timeout": 1.5, "on_return": "cancel"})",
        T + R"(, "collect": {"kind": "wait", "return_when": "FIRST_COMPLETED"})",
        T + R"(, "collect": {"kind": "taskgroup"})",
        T + R"(, "collect": {"kind": "sequential"})",
    };
    std::vector<std::pair<std::string, cs::Scenario>> out;
    for (const std::string& b : bodies) out.emplace_back(b, load(b));
    for (const char* id : {"lost-update", "swallowed-cancel", "aiometer-rate", "wait-timeout-pending"})
        out.emplace_back(id, lesson(id));
    return out;
}

std::vector<std::string> linesOf(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

// Whether UTF-8 text holds a CJK ideograph (U+4E00..U+9FFF).
bool hasCjk(const std::string& s) {
    for (std::size_t k = 0; k + 2 < s.size(); ++k) {
        const auto b0 = static_cast<unsigned char>(s[k]);
        if ((b0 & 0xF0) != 0xE0) continue;
        const std::uint32_t cp = ((b0 & 0x0Fu) << 12) | ((static_cast<unsigned char>(s[k + 1]) & 0x3Fu) << 6) |
                                 (static_cast<unsigned char>(s[k + 2]) & 0x3Fu);
        if (cp >= 0x4E00 && cp <= 0x9FFF) return true;
    }
    return false;
}

// A line of the program cut into its code and its comment (from a `#`
// outside a string literal; "" when none). Docstrings are strings: their
// lines are told apart by the caller.
struct Cut {
    std::string code, comment;
};

Cut cut(const std::string& line) {
    char quote = 0;
    for (std::size_t k = 0; k < line.size(); ++k) {
        const char c = line[k];
        if (quote) {
            if (c == '\\')
                ++k;
            else if (c == quote)
                quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '#') {
            std::string code = line.substr(0, k);
            while (!code.empty() && code.back() == ' ') code.pop_back();
            return {code, line.substr(k)};
        }
    }
    return {line, ""};
}

// The lesson's lines (from the first import to the harness): for each, its
// code (a docstring's text blanked) and its text meant for the reader (the
// comment or the docstring's text).
struct LessonLine {
    int number = 0;
    std::string code, reader;
};

std::vector<LessonLine> lessonLines(const cs::PythonProgram& p) {
    const auto lines = linesOf(p.text);
    std::vector<LessonLine> out;
    bool started = false, inDoc = false;
    for (int n = 1; n < p.lines.harness && n <= static_cast<int>(lines.size()); ++n) {
        const std::string& l = lines[static_cast<std::size_t>(n) - 1];
        started |= l.rfind("import ", 0) == 0;
        if (!started) continue;  // the header: the title and how to run it
        const std::size_t q = l.find("\"\"\"");
        if (inDoc || q != std::string::npos) {
            // A docstring line: `"""text` / text / `text"""` / `"""text"""`.
            const std::size_t from = inDoc ? 0 : q + 3;
            const std::size_t close = l.find("\"\"\"", from);
            inDoc = close == std::string::npos;
            const std::size_t end = inDoc ? l.size() : close;
            out.push_back({n, l.substr(0, from) + "…" + l.substr(end), l.substr(from, end - from)});
            continue;
        }
        const Cut c = cut(l);
        out.push_back({n, c.code, c.comment});
    }
    return out;
}

cs::ProgramOptions options(const char* language, bool withoutAnswers) {
    cs::ProgramOptions o;
    o.language = language;
    o.withoutAnswers = withoutAnswers;
    return o;
}

}  // namespace

TEST_CASE("a Chinese program leaves no English comment or docstring in the lesson", "[codegen][i18n]") {
    for (const auto& [name, s] : scenarios()) {
        for (const bool withoutAnswers : {false, true}) {
            INFO(name << (withoutAnswers ? " (answers kept back)" : ""));
            const cs::PythonProgram zh = cs::pythonProgramWithLines(s, options("zh_CN", withoutAnswers));
            REQUIRE(zh.lines.harness > 0);
            int said = 0;
            for (const LessonLine& l : lessonLines(zh)) {
                std::string text = l.reader;
                while (!text.empty() && (text.back() == ' ' || text.back() == '#')) text.pop_back();
                if (text.empty()) continue;  // a blank docstring line
                INFO("line " << l.number << ": " << l.reader);
                CHECK(hasCjk(text));
                ++said;
            }
            CHECK(said >= 3);
            // What the program says after the harness too (the footer).
            CHECK(hasCjk(zh.text.substr(zh.text.find("if __name__ == \"__main__\":"))));
        }
    }
}

TEST_CASE("a Chinese program is the English one line for line, only what the reader reads differs",
          "[codegen][i18n]") {
    for (const auto& [name, s] : scenarios()) {
        for (const bool withoutAnswers : {false, true}) {
            INFO(name << (withoutAnswers ? " (answers kept back)" : ""));
            const cs::PythonProgram en = cs::pythonProgramWithLines(s, options("en", withoutAnswers));
            const cs::PythonProgram zh = cs::pythonProgramWithLines(s, options("zh_CN", withoutAnswers));
            CHECK(zh.anchors == en.anchors);  // the same lines are highlighted
            const auto enLines = lessonLines(en), zhLines = lessonLines(zh);
            REQUIRE(zhLines.size() == enLines.size());
            for (std::size_t k = 0; k < enLines.size(); ++k) {
                INFO("line " << enLines[k].number);
                CHECK(zhLines[k].code == enLines[k].code);
            }
            // The header's commands (how to run it) and the harness: unchanged.
            const auto header = [](const std::string& t) { return t.substr(0, t.find("\nimport asyncio")); };
            for (const char* command : {"python3 program.py ", "python3 program.py --trace OUT "}) {
                CHECK(header(en.text).find(command) != std::string::npos);
                CHECK(header(zh.text).find(command) != std::string::npos);
            }
            const auto harness = [](const cs::PythonProgram& p) {
                const std::size_t from = p.text.find("# Coroscope harness: not part of the lesson.");
                return p.text.substr(from, p.text.find("if __name__ == \"__main__\":") - from);
            };
            CHECK(harness(zh) == harness(en));
        }
    }
}

TEST_CASE("a Chinese program's header is Chinese: title, description, how to run it", "[codegen][i18n]") {
    // The scenario's own Chinese title and description ("i18n"), the
    // generator's words for none, the commands and names as they are.
    const std::string tasks = R"("tasks": [{"steps": [{"io": 1}]}], "limit": {"kind": "semaphore", "value": 1})";
    const cs::Scenario untitled = load(tasks);
    const cs::Scenario titled = load(R"("title": "Ten downloads", "description": "Line one.\nLine two.",
        "i18n": {"zh_CN": {"title": "十个下载", "description": "第一行。\n第二行。"}}, )" + tasks);
    for (const cs::Scenario* s : {&untitled, &titled}) {
        INFO(s->title);
        const std::string en = cs::pythonProgram(*s, options("en", false));
        const std::string zh = cs::pythonProgram(*s, options("zh_CN", false));
        const auto header = [](const std::string& t) { return linesOf(t.substr(0, t.find("\nimport asyncio"))); };
        const auto enHeader = header(en), zhHeader = header(zh);
        REQUIRE(zhHeader.size() >= 5);
        CHECK(zhHeader.size() == enHeader.size());
        for (const std::string& l : zhHeader) {
            INFO(l);
            REQUIRE(l.rfind("#", 0) == 0);
            if (l.find_first_not_of("# ") == std::string::npos) continue;  // a "#" line between parts
            CHECK(hasCjk(l));
        }
        for (const char* kept : {"python3 program.py ", "python3 program.py --trace OUT ", "Python 3.11",
                                 "\"Coroscope harness\""})
            CHECK(zh.substr(0, zh.find("\nimport asyncio")).find(kept) != std::string::npos);
        // English stays English.
        CHECK_FALSE(hasCjk(en.substr(0, en.find("\nimport asyncio"))));
    }
    const std::string zhTitled = cs::pythonProgram(titled, options("zh_CN", false));
    CHECK(zhTitled.rfind("# 十个下载\n#\n# 第一行。\n# 第二行。\n#\n", 0) == 0);
}

TEST_CASE("English is the default, and any language without a translation", "[codegen][i18n]") {
    const cs::Scenario s = load(R"("tasks": [{"steps": [{"io": 1}]}], "limit": {"kind": "semaphore", "value": 1})");
    const std::string en = cs::pythonProgram(s);
    CHECK(cs::ProgramOptions{}.language == "en");
    CHECK(cs::pythonProgram(s, options("en", false)) == en);
    CHECK(cs::pythonProgram(s, options("de", false)) == en);
    CHECK(en.find("    async with sem:   # waits here while every permit is taken\n") != std::string::npos);
    const std::string zh = cs::pythonProgram(s, options("zh_CN", false));
    CHECK(zh.find("    async with sem:   # 所有许可都被占用时，在这里等待\n") != std::string::npos);
    CHECK(zh.find("同时最多 1 个任务在 `async with sem:` 里面") != std::string::npos);
}

TEST_CASE("a Chinese program traces what the English one does", "[codegen][i18n][python]") {
    // CPython 3.11 runs the programs (COROSCOPE_PYTHON311, else python3 on PATH).
    const char* configured = std::getenv("COROSCOPE_PYTHON311");
    const std::string python = configured && *configured ? configured : "python3";
    const std::string probe = "\"" + python + "\" -c \"import sys; sys.exit(sys.version_info[:2] != (3, 11))\"";
    if (std::system((probe + " >/dev/null 2>&1").c_str()) != 0) {
        WARN("no CPython 3.11 (" << python << "): the programs are not run");
        return;
    }
    const fs::path dir = fs::temp_directory_path() /
                         ("coroscope-zh-program-" + std::to_string(reinterpret_cast<std::uintptr_t>(&python)));
    fs::create_directories(dir);
    int k = 0;
    for (const auto& [name, s] : scenarios()) {
        INFO(name);
        ++k;
        std::string traces[2];
        const char* languages[2] = {"en", "zh_CN"};
        for (int l = 0; l < 2; ++l) {
            const fs::path program = dir / ("program_" + std::to_string(k) + "_" + languages[l] + ".py");
            const fs::path out = dir / ("trace_" + std::to_string(k) + "_" + languages[l] + ".jsonl");
            std::ofstream(program, std::ios::binary) << cs::pythonProgram(s, options(languages[l], false));
            const std::string command =
                "\"" + python + "\" \"" + program.string() + "\" --trace \"" + out.string() + "\" >/dev/null 2>&1";
            INFO(command);
            CHECK(std::system(command.c_str()) == 0);
            traces[l] = readFile(out);
        }
        CHECK(traces[0].find("\"ev\": \"end\"") != std::string::npos);
        CHECK(traces[1] == traces[0]);
    }
    std::error_code ignored;
    fs::remove_all(dir, ignored);
}

TEST_CASE("the chunks lesson's Chinese program calls a chunk what the lesson and the Controls call it",
          "[codegen][i18n]") {
    // The lesson says 分批 / 每批三个 and the Controls 批大小; the program's
    // comments said 每块 ... 下一块 (a second word for the same chunk).
    const std::string zh = cs::pythonProgram(lesson("chunked-gather"), options("zh_CN", false));
    CHECK(zh.find("# 每批 3 个") != std::string::npos);
    CHECK(zh.find("每块") == std::string::npos);
    CHECK(zh.find("下一块") == std::string::npos);
}
